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
from dataclasses import replace

from annotator.core.suggest import lexicon as lx
from annotator.core.suggest.quotes import find_quotes, inside
from annotator.core.suggest.shapes import Shapes
from annotator.core.suggest.speakers import (
    Mention,
    looks_like_speaker,
    mention_left,
    mention_right,
    resolve,
)
from annotator.core.suggest.units import (
    _CLOSERS,
    _LEAD,
    Attribution,
    _kind,
    _label,
    _trim,
    _units,
)

_FORMS = sorted(lx.FORM_TO_LEMMA, key=len, reverse=True)
# Any lowercase word, looked up in FORM_TO_LEMMA: a regex alternation of ~1,000 verb
# forms is tried at every position and cost 20 ms an article.
_CUE = re.compile(r"\b(?:(?P<phrase>(?i:" + "|".join(lx.PHRASE_CUES) + r"))|"
                  r"(?P<verb>(?:e-)?[a-z]+))\b")
_CLOSE_TAIL = re.compile(r"[\s,;:—–-]*\Z")
_CLAUSE_START = re.compile(r"(?:that\b|to\b|[“\"«'‘]|(?:he|she|they|it|we|i|there|"
                           r"the|a|an|this|these|his|her|their|our|no|if|whether|what|"
                           r"how|why|when)\b|[A-Z0-9])", re.IGNORECASE)
_QUOTE_OR_THAT = re.compile(r"\s*(?:that\b|[:,]|\s*[“\"«])")
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|his|her|their|its|our|my|your|this|these|"
                          r"those|such|any|no|of|whose)\s+\Z|[’']s\s+\Z|\d\s+\Z", re.IGNORECASE)
_ING = "|".join([f for f in _FORMS if f.endswith("ing")]
               + [f"{v} {p}" for v, p in lx.ING_PHRASES])
_PARTICIPLE_STOP = re.compile(r",\s+(?:(?:" + _ING + r")|according to)\b")
_FORWARD_STOP = re.compile(r";|,\s+(?:(?:" + _ING + r")|according to|but|while|whereas|"
                           r"although|though)\b|,?\s+(?:and|but)\s+"
                           r"(?:\w+ly\s+|also\s+|then\s+)?(?:" + "|".join(
                               f for f in _FORMS if f.endswith("ed") or f in ("said", "told",
                                                                             "wrote"))
                           + r")\s+(?:that\b|[“\"]|\w+)")
_CLAUSE_CUE = re.compile(r"(?:;|\s[—–]\s|\s--?\s|,\s+(?:said|says|told|added)\b"
                         r"|,?\s+(?:and|but|while|as)"
                         r"\s+(?:[^,;]{0,60}?,\s+)?(?:he|she|they|I|we|[A-Z][\w.’']+"
                         r"(?:\s+[A-Z][\w.’']+)*)\s+(?:also\s+)?(?:said|says|told|added|"
                         r"noted|argued|wrote|asked)\b)")
# A new clause after a comma ("…last year, he's said …"), unless the content opened
# with a subordinate clause ("that if elected, he would …").
_NEW_SUBJECT = re.compile(r",\s+(?:he|she|they|we|I|there)\b(?!\s+(?:said|says|added|told)\b)")
# The content stops at a trailing relative or adjunct clause ("…, which …", "…, when …")
# and at a second cue ("… but added, “…”").
_TAIL_CLAUSE = re.compile(r",\s+(?:which|who|whom|when|since|given|compared)\b"
                          r"|,?\s+(?:and|but)\s+(?:also\s+)?(?:added|said|noted)[,:]")
_SUBORDINATE = re.compile(r"\b(?:if|when|whenever|while|although|though|because|after|before|"
                          r"once|unless|since|until|as|even)\b", re.IGNORECASE)
# Where a noun-phrase object ends ("denied [the accusations] through a spokeswoman").
_NP_END = re.compile(r",|\s(?:through|during|after|when|while)\b")
_ING_WORD = re.compile(r"[\s,]*[a-z]+ing\b")
_SHORT_ADJUNCT = re.compile(r"[^,;“\"”\n]{1,40},\s*")
_NEW_CONTENT = re.compile(r"\s*(?:that\b|:|,\s*(?:that\b|[“\"«]|''))")
_ADJUNCT = re.compile(r"(?:in|on|at|during|to|from|after|before|while|last|this|earlier|"
                      r"later|when|with|through|via|of|about|for|in|"
                      r"Monday|Tuesday|Wednesday|Thursday|"
                      r"Friday|Saturday|Sunday|yesterday|today|recently)\b")


class _Finder(Shapes):
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
        m = _TAIL_CLAUSE.search(self.text, s, end)
        while m and (inside(self.quotes, m.start()) is not None
                     or len(self.text[s:m.start()].split()) < 4):
            m = _TAIL_CLAUSE.search(self.text, m.end(), end)
        if m:
            end = m.start()
        m = _NEW_SUBJECT.search(self.text, s, end)
        while m and inside(self.quotes, m.start()) is not None:
            m = _NEW_SUBJECT.search(self.text, m.end(), end)
        if m and not _SUBORDINATE.search(self.text, s, m.start()):
            end = m.start()
        return end

    def np_end(self, s: int, e: int, lemma: str) -> int:
        """A noun-phrase object ends before adjuncts: "endorsed [Trump] last week"."""
        if lemma not in lx.NP_OBJECT or _QUOTE_OR_THAT.match(self.text, s) or \
                self.text.startswith(("to ", "that "), _LEAD.match(self.text, s).end()):
            return e
        m = _NP_END.search(self.text, s, e)
        while m and inside(self.quotes, m.start()) is not None:
            m = _NP_END.search(self.text, m.end(), e)
        return m.start() if m and m.start() > _LEAD.match(self.text, s).end() else e

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
        self.stance(us, ue)

    def verbs(self, us: int, ue: int) -> None:
        text = self.text
        taken = us                      # content before this was already attributed
        for m in _CUE.finditer(text, us, ue):
            c0, c1 = m.span()
            if m.group("verb") and m.group() not in lx.FORM_TO_LEMMA:
                continue
            if c0 < taken or inside(self.quotes, c0) is not None:
                continue
            if m.group("verb") and _NOUN_BEFORE.search(text, max(us, c0 - 8), c0):
                continue                # "the remarks", "a report": nouns
            lemma = "according" if m.group("phrase") else lx.FORM_TO_LEMMA[m.group()]
            if m.group("phrase") and m.group().lower().startswith("according"):
                done = self.according(us, ue, c0, c1, taken)
            elif m.group().split()[0].endswith("ing") and \
                    text[taken:c0].rstrip().endswith(","):
                done = self.participle(us, ue, c0, c1, lemma)
            else:
                done = self.verb(us, ue, c0, c1, lemma, taken)
            if done and self.out:
                taken = max(taken, self.out[-1].end, c1)

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
        if _PARTICIPLE_STOP.match(self.text, self.text.rfind(",", p, i)) or \
                _ING_WORD.match(self.text, i):
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
            quoted = self.closed_quote_before(taken, taken + len(bare))
            if (bare.endswith((",", "”", '"', "—", "–", ",’", "''")) and bare.strip(" ,—–")
                    and (self.short_rest(c1, ue) or quoted is not None
                         and not _NEW_CONTENT.match(text, c1))):
                if self.appositive(bare, subj):
                    subj = Mention(taken + len(before) - len(before.lstrip()), subj.end,
                                   text[taken + len(before) - len(before.lstrip()):subj.end])
                else:
                    # "“A,” he said, sitting …" is no interrupted statement: only
                    # prose is ("X, Devine said, by the calendar").
                    end = None if quoted is not None else self.interrupted_end(c1, ue)
                    start = taken if quoted is None else quoted
                    self.add(start, end or taken + len(bare), (c0, c1), lemma, subj, 0.8)
                    if end is None:
                        self.trailing_quote(subj.end, (c0, c1), ue, lemma, subj)
                    return True
            if not self.clause_follows(c1, lemma):
                return False
            self.forward(c0, c1, lemma, subj, ue, 0.0)
            return True
        left = text[taken:c0].rstrip()
        if left.endswith((",", "”", '"', ",’", "''")) and left.strip(" ,"):
            src = mention_right(text, c1, ue)
            quoted = self.closed_quote_before(taken, taken + len(left)) is not None
            if src is not None and (looks_like_speaker(src) or quoted) and \
                    self.short_rest(src.end, ue):
                self.add(taken, taken + len(left), (c0, c1), lemma, src, 0.75)
                self.trailing_quote(src.end, (c0, c1), ue, lemma, src)
                return True
        if left.endswith((",", "—", "–", "--", ")")) and self.clause_follows(c1, lemma) and \
                _CLAUSE_START.match(text, _LEAD.match(text, c1).end()):
            # "Small, who attended the rally, said that …": the clause's subject.
            subj = self.clause_subject(us, c0)
            if subj is not None and looks_like_speaker(subj):
                self.forward(c0, c1, lemma, subj, ue, -0.1)
                return True
        return False

    def forward(self, c0, c1, lemma, subj, ue, bonus) -> None:
        """SPEAKER said (that) CONTENT, past an indirect object ("told reporters")."""
        s = c1
        if lemma in lx.OBJECT_VERBS:
            obj = mention_right(self.text, _LEAD.match(self.text, c1).end(), ue)
            if obj and obj.text.split()[0].lower() not in ("that", "he", "she", "they",
                                                           "it", "we", "i"):
                s = obj.end
        e = self.np_end(s, self.forward_end(s, ue), lemma)
        score = 0.5 if lemma in lx.THOUGHT_LEMMAS else 0.7
        self.add(s, e, (c0, c1), lemma, subj, score + bonus)

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

    def closed_quote_before(self, lo: int, end: int) -> int | None:
        """Where the content starts when text[lo:end] ends with a closed quotation:
        lo, or the quotation's start when a whole sentence is quoted after an
        introductory clause ("In an interview on Monday, “But gosh …,” he said")."""
        k = end
        while k > lo and self.text[k - 1] in ",’ ":
            k -= 1
        q = inside(self.quotes, k - 1) if k > lo else None
        if q is None or not q.closed or q.end != k or q.start < lo:
            return None
        head = self.text[lo:q.start].rstrip()
        if head.endswith(",") and self.text[q.start + 1:q.start + 3].lstrip("'")[:1].isupper():
            return q.start
        return lo

    def appositive(self, before: str, subj: Mention) -> bool:
        """"Guo Jiakun, spokesman for the ministry, said": the part before is a name."""
        words = before.strip(" ,").split()
        return (len(words) <= 4 and not any(c in before for c in "“\"”")
                and all(w[:1].isupper() for w in words)
                and not subj.text[:1].isupper())

    def trailing_quote(self, after: int, cue, ue: int, lemma, subj) -> None:
        """"“A,” he said, “B.”": the second quotation is the same speaker's."""
        i = _LEAD.match(self.text, max(after, cue[1])).end()
        adj = _SHORT_ADJUNCT.match(self.text, i, ue)     # "Trumka said in March, “…”"
        if adj and inside(self.quotes, adj.end()) is not None and not any(
                w in lx.FORM_TO_LEMMA for w in adj.group().split()):
            i = adj.end()
        q = inside(self.quotes, i)
        if q is not None and q.start == i and i < ue:
            last = self.out[-1]
            if self.text[last.end - 1] in _CLOSERS:
                # PolNeAR and news usage: an interrupted quotation is one statement.
                self.out[-1] = self.extended(last, q.end)
            else:
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
