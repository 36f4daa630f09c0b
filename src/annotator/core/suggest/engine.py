"""Rule-based attribution finder: content, speaker and cue for each reported statement.

Text is cut into units (sentences, merged where a quotation runs across them).  In each
unit every reporting cue outside quotations is tried against a few shapes:
  backward   CONTENT, SPEAKER said.        "“…,” Guo said."   "X, sources said."
  inverted   CONTENT, said SPEAKER.
  forward    SPEAKER said (that) CONTENT.  "Jiakun added: “…”"  "He called it “…”"
  according  according to SPEAKER, CONTENT  /  CONTENT, according to SPEAKER
  participle SPEAKER …, saying CONTENT     (speaker from the clause before)
A quotation standing alone right after an attributed unit is given to the same speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from annotator.core.suggest import lexicon as lx
from annotator.core.suggest.quotes import Quote, find_quotes, inside
from annotator.core.suggest.speakers import (
    Mention,
    looks_like_speaker,
    mention_left,
    mention_right,
    resolve,
)
from annotator.core.text import sentences

_FORMS = sorted(lx.FORM_TO_LEMMA, key=len, reverse=True)
_CUE = re.compile(r"\b(?:(?P<phrase>(?i:" + "|".join(lx.PHRASE_CUES) + r"))|(?P<verb>"
                  + "|".join(map(re.escape, _FORMS)) + r"))\b")
_OPEN = "“„«\"'"
_CLOSE_TAIL = re.compile(r"[\s,;:—–-]*\Z")
_LEAD = re.compile(r"[\s:,—–-]*")
_CLAUSE_START = re.compile(r"(?:that\b|to\b|[“\"«'‘]|(?:he|she|they|it|we|i|there|"
                           r"the|a|an|this|these|his|her|their|our|no|if|whether|what|"
                           r"how|why|when)\b|[A-Z0-9])", re.IGNORECASE)
_QUOTE_OR_THAT = re.compile(r"\s*(?:that\b|[:,]|\s*[“\"«])")
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|his|her|their|its|our|my|your|this|these|"
                          r"those|such|any|no|of|whose)\s+\Z|[’']s\s+\Z", re.IGNORECASE)
_ING = "|".join(f for f in _FORMS if f.endswith("ing"))
_PARTICIPLE_STOP = re.compile(r",\s+(?:(?:" + _ING + r")|according to)\b")
_FORWARD_STOP = re.compile(r";|,\s+(?:(?:" + _ING + r")|according to)\b|,?\s+(?:and|but)\s+"
                           r"(?:\w+ly\s+|also\s+|then\s+)?(?:" + "|".join(
                               f for f in _FORMS if f.endswith("ed") or f in ("said", "told",
                                                                             "wrote"))
                           + r")\s+(?:that\b|[“\"]|\w+)")
_CLAUSE_CUE = re.compile(r"(?:;|\s[—–]\s|\s--?\s|,\s+(?:said|says|told|added)\b"
                         r"|,?\s+(?:and|but|while|as)"
                         r"\s+(?:[^,;]{0,60}?,\s+)?(?:he|she|they|I|we|[A-Z][\w.’']+"
                         r"(?:\s+[A-Z][\w.’']+)*)\s+(?:also\s+)?(?:said|says|told|added|"
                         r"noted|argued|wrote|asked)\b)")
_COLON = re.compile(r"[^:\n]{2,80}?(:)(?=\s)")
_IN_POLL = re.compile(r"In\s+((?:a|an|the|his|her|its|their)\s+[^,;\n]{0,80}?\b(?:poll|survey|"
                      r"study|report|analysis|review|tally|count|audit|data)\b[^,;\n]{0,60}),\s*")
_NOT_SPEAKERS = {"read more", "related", "watch", "update", "note", "photo", "video",
                 "source", "transcript", "breaking", "exclusive", "editor's note",
                 "editor’s note", "see also", "more", "also read", "listen"}
_INTRO = re.compile(r"(?:[A-Z]\w*ing|In|At|On|During|After|Before|Asked|Addressing|"
                    r"Responding|Speaking|Later|Earlier)\b[^,;“\"]{0,120},\s*")
_WORD = re.compile(r"[A-Z][a-z]+")
_COMMA_SPACE = re.compile(r",[”\"]?\s")
_CLOSERS = "”\"'’»"
_ADJUNCT = re.compile(r"(?:in|on|at|during|to|from|after|before|while|last|this|earlier|"
                      r"later|when|with|through|via|of|about|for|in|"
                      r"Monday|Tuesday|Wednesday|Thursday|"
                      r"Friday|Saturday|Sunday|yesterday|today|recently)\b")


@dataclass(frozen=True)
class Attribution:
    """One suggestion with the engine's working detail (the surface speaker mention)."""
    start: int
    end: int
    kind: str
    label: str
    score: float
    cue_start: int | None
    cue_end: int | None
    speaker: Mention | None          # resolved
    surface: Mention | None          # as written ("he")

    @property
    def speaker_start(self):
        return self.speaker.start if self.speaker else None

    @property
    def speaker_end(self):
        return self.speaker.end if self.speaker else None

    @property
    def surface_start(self):
        return self.surface.start if self.surface else None

    @property
    def surface_end(self):
        return self.surface.end if self.surface else None


def _units(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentences, merged so that no quotation is cut."""
    out: list[list[int]] = []
    for s, e in sentences(text):
        if out and (inside(quotes, s) is not None and inside(quotes, s).start < s
                    or inside(quotes, out[-1][1] - 1) is not None
                    and inside(quotes, out[-1][1] - 1).end > out[-1][1]):
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Strip spaces, and a trailing full stop / comma outside quotation marks."""
    while s < e and not (text[s].isalnum() or text[s] in _OPEN or text[s] in "‘(["):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-" or
                     (text[e - 1] == "." and text[e - 2:e] != "..")):
        e -= 1
    return s, e


def _label(lemma: str | None, content: str) -> str:
    if lemma in lx.DENIAL_CUES:
        return "denial"
    if lemma in lx.ACCUSATION_CUES:
        return "accusation"
    if lx.DENIAL_WORDS.search(content):
        return "denial"
    if lx.ACCUSATION_WORDS.search(content):
        return "accusation"
    return "claim"


def _kind(text: str, s: int, e: int, quotes: list[Quote]) -> str:
    span = text[s:e]
    body = span[5:] if span.lower().startswith("that ") else span
    q = inside(quotes, s + len(span) - len(body))
    if q is not None and q.start == s + len(span) - len(body) and q.end >= e - 1:
        return "direct"
    return "mixed" if any(s <= q.start < e for q in quotes) else "indirect"


class _Finder:
    def __init__(self, text: str):
        self.text = text
        self.quotes = find_quotes(text)
        self.out: list[Attribution] = []
        self.mentions: list[Mention] = []

    def add(self, s, e, cue, lemma, surface: Mention | None, score):
        s, e = _trim(self.text, s, e)
        if e - s < 3:
            return
        speaker = resolve(self.text, surface, self.mentions) if surface else None
        if surface and not surface.pronoun:
            self.mentions.append(surface)
        if speaker and speaker.pronoun:
            score -= 0.1
        self.out.append(Attribution(
            s, e, _kind(self.text, s, e, self.quotes), _label(lemma, self.text[s:e]),
            round(max(0.05, min(score, 1.0)), 2), cue[0] if cue else None,
            cue[1] if cue else None, speaker, surface))

    def forward_end(self, s: int, ue: int) -> int:
        """Forward content runs to the unit end, or to a second cue or a semicolon."""
        end = ue
        for rx in (_FORWARD_STOP, _CLAUSE_CUE):
            m = rx.search(self.text, s, end)
            while m and inside(self.quotes, m.start()) is not None:
                m = rx.search(self.text, m.end(), end)
            if m and m.start() > s:
                end = m.start()
        return end

    def run(self) -> list[Attribution]:
        units = _units(self.text, self.quotes)
        prev_speaker: tuple[Mention, int] | None = None     # (surface, unit index)
        for k, (us, ue) in enumerate(units):
            n_before = len(self.out)
            self.unit(us, ue)
            if len(self.out) > n_before:
                last = self.out[-1]
                prev_speaker = (last.surface, k) if last.surface else None
            elif prev_speaker and k - prev_speaker[1] == 1:
                q = inside(self.quotes, _LEAD.match(self.text, us).end())
                if q is not None and q.start >= us:
                    last = self.out[-1]
                    if last.kind != "indirect" and self.text[last.end - 1] in _CLOSERS:
                        # PolNeAR and news usage: "“A,” he said. “B.”" is one statement.
                        self.out[-1] = self.extended(last, max(q.end, ue))
                    else:
                        self.add(q.start, max(q.end, ue), None, None, prev_speaker[0], 0.55)
                    prev_speaker = (prev_speaker[0], k)
        return self.out

    def extended(self, a: Attribution, end: int) -> Attribution:
        s, e = _trim(self.text, a.start, end)
        return replace(a, end=e, label=_label(None, self.text[s:e]) if a.label == "claim"
                       else a.label)

    def unit(self, us: int, ue: int) -> None:
        n = len(self.out)
        self.opening_participle(us, ue)
        self.verbs(us, ue)
        if len(self.out) == n:
            self.fallback(us, ue)

    def verbs(self, us: int, ue: int) -> None:
        text = self.text
        taken = us                      # content before this was already attributed
        for m in _CUE.finditer(text, us, ue):
            c0, c1 = m.span()
            if c0 < taken or inside(self.quotes, c0) is not None:
                continue
            if m.group("verb") and _NOUN_BEFORE.search(text, max(us, c0 - 8), c0):
                continue                # "the remarks", "a report": nouns
            lemma = "according" if m.group("phrase") else lx.FORM_TO_LEMMA[m.group()]
            if m.group("phrase") and m.group().lower().startswith("according"):
                done = self.according(us, ue, c0, c1, taken)
            elif m.group("verb") and m.group().endswith("ing") and \
                    text[taken:c0].rstrip().endswith(","):
                done = self.participle(us, ue, c0, c1, lemma)
            else:
                done = self.verb(us, ue, c0, c1, lemma, taken)
            if done and self.out:
                taken = max(taken, self.out[-1].end, c1)

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

    def clause_follows(self, c1: int, lemma: str) -> bool:
        if lemma in lx.QUOTE_OR_THAT:
            return bool(_QUOTE_OR_THAT.match(self.text, c1))
        if lemma not in lx.NEEDS_CLAUSE:
            return True
        i = _LEAD.match(self.text, c1).end()
        return bool(_CLAUSE_START.match(self.text, i))

    def short_rest(self, p: int, ue: int) -> bool:
        """Nothing but an adjunct ("in a statement") or a new clause follows p."""
        rest = self.text[p:ue].strip()
        if not rest or rest[0] in ",.;!?”" or len(rest.split()) <= 4:
            return True
        if _ADJUNCT.match(rest) and not re.search(r"\bthat\b|[:“]|\s\"", rest):
            return True
        return bool(_PARTICIPLE_STOP.match(self.text, p))

    def interrupted_end(self, p: int, ue: int) -> int | None:
        """"X, Devine said, by the calendar.": where the second part of X ends."""
        i = _LEAD.match(self.text, p).end()
        while _ADJUNCT.match(self.text, i) and self.text.find(",", i, ue) != -1:
            i = _LEAD.match(self.text, self.text.find(",", i, ue)).end()
        if not self.text[p:i].strip().startswith(",") or i >= ue:
            return None
        if _PARTICIPLE_STOP.match(self.text, self.text.rfind(",", p, i)):
            return None
        end = self.forward_end(i, ue)
        return end if len(self.text[i:end].split()) >= 2 else None

    def verb(self, us, ue, c0, c1, lemma, taken) -> bool:
        text = self.text
        subj = mention_left(text, taken, c0)
        left = text[taken:c0].rstrip()
        if subj is None and left.endswith(","):
            if _QUOTE_OR_THAT.match(text, c1):         # "Kasich (R-OH), said, “…”"
                subj = mention_left(text, taken, taken + len(left) - 1)
            if subj is None:
                subj = self.apposed_subject(taken, c0)
        if subj is None and re.search(r"\b(?:and|but)\Z", left):
            subj = self.clause_subject(us, c0)
        if subj is not None and looks_like_speaker(subj):
            before = text[taken:subj.start]
            bare = before.rstrip()
            if (bare.endswith((",", "”", '"', "—", "–", ",’", "''")) and bare.strip(" ,—–")
                    and self.short_rest(c1, ue)):
                if self.appositive(bare, subj):
                    subj = Mention(taken + len(before) - len(before.lstrip()), subj.end,
                                   text[taken + len(before) - len(before.lstrip()):subj.end])
                else:
                    end = self.interrupted_end(c1, ue)
                    self.add(taken, end or taken + len(bare), (c0, c1), lemma, subj, 0.8)
                    if end is None:
                        self.trailing_quote(subj.end, (c0, c1), ue, lemma, subj)
                    return True
            if not self.clause_follows(c1, lemma):
                return False
            s = c1
            if lemma in lx.OBJECT_VERBS:
                obj = mention_right(text, _LEAD.match(text, c1).end(), ue)
                if obj and obj.text.split()[0].lower() not in ("that", "he", "she", "they",
                                                               "it", "we", "i"):
                    s = obj.end
            e = self.forward_end(s, ue)
            score = 0.5 if lemma in lx.THOUGHT_LEMMAS else 0.7
            self.add(s, e, (c0, c1), lemma, subj, score)
            return True
        left = text[taken:c0].rstrip()
        if left.endswith((",", "”", '"', ",’", "''")) and left.strip(" ,"):
            src = mention_right(text, c1, ue)
            if src is not None and looks_like_speaker(src) and self.short_rest(src.end, ue):
                self.add(taken, taken + len(left), (c0, c1), lemma, src, 0.75)
                self.trailing_quote(src.end, (c0, c1), ue, lemma, src)
                return True
        return False

    def clause_subject(self, us: int, c0: int) -> Mention | None:
        """"Senators vented … and said that": the subject of the unit's first verb."""
        own = [a for a in self.out if a.start >= us and a.surface]
        if own:
            return own[-1].surface
        m = mention_right(self.text, us, c0)
        return m if m and looks_like_speaker(m) and len(m.text.split()) <= 5 else None

    def apposed_subject(self, taken: int, c0: int) -> Mention | None:
        """"Guo Jiakun, spokesman for the ministry, accused": the name before the commas."""
        comma = self.text.rfind(",", taken, c0)
        prev = self.text.find(",", taken, comma)
        if prev == -1 or len(self.text[prev:comma].split()) > 30:
            return None
        m = mention_left(self.text, taken, prev)
        if m and m.text[:1].isupper() and not m.pronoun:
            return Mention(m.start, comma, self.text[m.start:comma])
        return None

    def appositive(self, before: str, subj: Mention) -> bool:
        """"Guo Jiakun, spokesman for the ministry, said": the part before is a name."""
        words = before.strip(" ,").split()
        return (len(words) <= 4 and not any(c in before for c in "“\"”")
                and all(w[:1].isupper() for w in words)
                and not subj.text[:1].isupper())

    def trailing_quote(self, after: int, cue, ue: int, lemma, subj) -> None:
        """"“A,” he said, “B.”": the second quotation is the same speaker's."""
        i = _LEAD.match(self.text, max(after, cue[1])).end()
        q = inside(self.quotes, i)
        if q is not None and q.start == i and i < ue:
            self.add(q.start, q.end, cue, lemma, subj, 0.7)


def attributions(text: str) -> list[Attribution]:
    """All attributions found, sorted by start, no two with the same (start, end)."""
    found = _Finder(text).run()
    found.sort(key=lambda a: (a.start, -a.score))
    out: list[Attribution] = []
    for a in found:
        if out and (a.start, a.end) == (out[-1].start, out[-1].end):
            continue
        out.append(a)
    return out
