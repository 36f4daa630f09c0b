"""Attribution shapes without a reporting verb before the content, tried per unit:
"Name: “…”" and headline colons, "In a new poll, …", "according to", opening and
trailing participles ("Describing …, he said", "…, saying …")."""
from __future__ import annotations

import re

from annotator.core.suggest import lexicon as lx
from annotator.core.suggest.quotes import inside
from annotator.core.suggest.speakers import (
    Mention,
    looks_like_speaker,
    mention_left,
    mention_right,
)
from annotator.core.suggest.units import _LEAD, _OPEN

_COLON = re.compile(r"[^:\n]{2,80}?(:)(?=\s)")
_IN_POLL = re.compile(r"In\s+((?:a|an|the|his|her|its|their)\s+[^,;\n]{0,80}?\b(?:poll|survey|"
                      r"study|report|analysis|review|tally|count|audit|data)\b[^,;\n]{0,60}),\s*")
_NOT_SPEAKERS = {"read more", "related", "watch", "update", "note", "photo", "video",
                 "source", "transcript", "breaking", "exclusive", "editor's note",
                 "editor’s note", "see also", "more", "also read", "listen"}
_INTRO = re.compile(r"(?:[A-Z]\w*ing|In|At|On|During|After|Before|Asked|Addressing|"
                    r"Responding|Speaking|Later|Earlier)\b[^,;“\"]{0,120},\s*")
# Stance without a speaker: "Sanders appears to have a slight lead" (PolNeAR content:
# the subject and the complement).
_STANCE = re.compile(r"\b(appears?|appeared|seems?|seemed)\s+(?=to\b|that\b|(?:\w+ly\s+)?"
                     r"(?:likely|unlikely|ready|poised|headed|set|certain|sure|clear|"
                     r"determined|eager|intent|willing|reluctant|unable|able|open|"
                     r"confident|convinced|unconvinced|comfortable|uncomfortable|"
                     r"skeptical|frustrated|impossible|possible|inevitable)\b)")
_OPENER = re.compile(r"(?:(?:But|And|Yet|So|Still|Now|Instead)\b,?\s*)?")
_WORD = re.compile(r"[A-Z][a-z]+")
_COMMA_SPACE = re.compile(r",[”\"]?\s")


class Shapes:
    """Mixed into the finder: uses its text, quotes, out, add() and forward_end()."""

    def fallback(self, us: int, ue: int) -> None:
        """Shapes without a reporting verb: "Name: “…”" and "In a new poll, X leads"."""
        text = self.text
        m = _COLON.match(text, us, ue)
        if m and inside(self.quotes, m.start(1)) is None:
            src = mention_left(text, us, m.start(1))
            after = _LEAD.match(text, m.end()).end()
            if src and src.start == us and looks_like_speaker(src) and (
                    after < ue and text[after] in _OPEN or self.headline(src, us, ue)):
                self.add(after, ue, (m.start(1), m.end(1)), None, src, 0.5)
                return
            if src and src.start == us and self.transcript(src, us):
                # "Q: …" / "Matthews: Well, …": the speaker's turn is the paragraph.
                end = text.find("\n", after)
                self.add(after, len(text) if end == -1 else end, (m.start(1), m.end(1)),
                         None, src, 0.45)
                return
        m = _IN_POLL.match(text, us, ue)
        if m:
            src = Mention(m.start(1), m.end(1), m.group(1))
            self.add(m.end(), ue, (us, us + 2), None, src, 0.5)

    def opening_participle(self, us: int, ue: int) -> None:
        """"Describing China as a “builder of peace,” he said …": the main subject's."""
        m = _WORD.match(self.text, us, ue)
        if not m or m.group().lower() not in lx.FORM_TO_LEMMA or not m.group().endswith("ing"):
            return
        for c in _COMMA_SPACE.finditer(self.text, m.end(), ue):
            if inside(self.quotes, c.start()) is None or self.text[c.start() + 1] in "”\"":
                end = c.start() + 1 if self.text[c.start() + 1] in "”\"" else c.start()
                subj = mention_right(self.text, c.end(), ue)
                if subj and looks_like_speaker(subj):
                    self.add(m.end(), end + 1 if end > c.start() else end, (m.start(), m.end()),
                             lx.FORM_TO_LEMMA[m.group().lower()], subj, 0.6)
                return

    def stance(self, us: int, ue: int) -> None:
        """"X appears/seems to …": content is the subject and what follows the cue."""
        text = self.text
        for m in _STANCE.finditer(text, us, ue):
            if inside(self.quotes, m.start()) is not None or any(
                    a.start <= m.start() < a.end for a in self.out if a.end > us):
                continue
            start = _OPENER.match(text, us).end()
            subj = text[start:m.start()]
            if len(subj.split()) > 12 and "," in subj:
                start = _LEAD.match(text, text.rfind(",", start, m.start()) + 1).end()
            if text[start:m.start()].strip().lower() in ("it", "there", ""):
                start = m.end()
            self.add(start, self.forward_end(m.end(), ue), m.span(1), None,
                     None, 0.4)

    def transcript(self, src: Mention, us: int) -> bool:
        """An interview turn: a short name or Q/A opening its paragraph."""
        words = src.text.split()
        return ((us == 0 or self.text[us - 1] == "\n") and len(words) <= 4
                and all(w[:1].isupper() for w in words)
                and src.text.lower() not in _NOT_SPEAKERS)

    def headline(self, src: Mention, us: int, ue: int) -> bool:
        """"Ryan: Anti-Semitic Images Have No Place" on a line of its own."""
        words = src.text.split()
        return (len(words) <= 4 and all(w[:1].isupper() for w in words)
                and src.text.lower() not in _NOT_SPEAKERS
                and (us == 0 or self.text[us - 1] == "\n")
                and (ue == len(self.text) or self.text[ue] == "\n"))

    def according(self, us, ue, c0, c1, taken) -> bool:
        text = self.text
        src = mention_right(text, c1, ue)
        if src is None:
            return False
        left = text[taken:c0]
        if left.strip(" ,") and left.rstrip().endswith(","):
            rest = text.find(",", src.end, ue)
            if len(left.split()) <= 5 and rest != -1 and \
                    len(text[rest:self.forward_end(rest + 1, ue)].split()) >= 3:
                # "About 10 p.m., according to X, the team left": both parts.
                self.add(taken, self.forward_end(rest + 1, ue), (c0, c1), None, src, 0.7)
            else:
                self.add(taken, c0, (c0, c1), None, src, 0.75)
            return True
        rest = text.find(",", src.end, ue)
        if rest == -1:
            return False
        self.add(rest + 1, self.forward_end(rest + 1, ue), (c0, c1), None, src, 0.75)
        return True

    def participle(self, us, ue, c0, c1, lemma) -> bool:
        own = [a for a in self.out if a.start >= us and a.surface]
        intro = _INTRO.match(self.text, us, c0)
        subj = own[-1].surface if own else mention_right(self.text, intro.end() if intro
                                                         else us, c0)
        if subj is None or not looks_like_speaker(subj):
            return False
        if not self.clause_follows(c1, lemma):
            return False
        self.add(c1, self.forward_end(c1, ue), (c0, c1), lemma, subj, 0.6)
        return True
