"""Speaker mentions: the noun phrase next to a cue, and pronoun resolution."""
from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.suggest.lexicon import PRONOUNS, ROLE_NOUNS, TITLES, words

_TOKEN = re.compile(r"\d+(?:,\d{3})+\b|[\w’'.&-]+|[^\w\s]")   # "2,200" is one token
# Lowercase words that cannot be inside a speaker phrase: clause and phrase boundaries.
_STOP = frozenset(words("""
that and but or because while when as if since although though after before which
where so then in on at for with by from during to into about over than under without
against between through also has have had is was are were be been would will could
should may might can did does do not never this these those there here said says
told just even only how what why yet however""")) - {"of"}
# Clause words that end a speaker phrase even when capitalised ("While Clinton said").
_CLAUSE_WORDS = frozenset(words("""that and but or because while when as if since although
though after before which where so then however yet whether unless until once even
also just only how what why"""))
_ROLE = frozenset(ROLE_NOUNS)
_TITLE = frozenset(TITLES)
_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:(?:de|van|von|al|bin)\s+)?[A-Z][\w’'.-]*)*")
# Auxiliaries and adverbs between a subject and its verb: "Guo has repeatedly said".
AUX_TAIL = re.compile(r"(?:\s+(?:has|have|had|also|later|previously|then|once|again|"
                      r"repeatedly|reportedly|recently|would|will|could|might|may|did|"
                      r"does|do|is|was|are|were|been|not|never|often|publicly|privately|"
                      r"flatly|categorically|firmly|strongly|quickly|sharply|angrily|"
                      r"simply|just|further|even|only|still|first|last|already|had|"
                      r"openly|explicitly|clearly|directly|falsely|wrongly|correctly|"
                      r"immediately|subsequently|earlier|once|widely|long|frequently|"
                      r"allegedly|insists?|seemed|appeared|yesterday|today|tonight|"
                      r"on\s+[A-Z]\w+day|(?:last|this|next)\s+(?:week|month|year|night)|"
                      r"[a-z]+ly))*\s*\Z")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str

    @property
    def pronoun(self) -> str | None:
        w = self.text.lower()
        return PRONOUNS.get(w)


def _is_name_like(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def mention_left(text: str, lo: int, p: int) -> Mention | None:
    """The noun phrase ending at p (after auxiliaries), not reaching before lo."""
    m = AUX_TAIL.search(text, lo, p)
    if m:
        p = m.start()
    toks = list(_TOKEN.finditer(text, lo, p))
    start = None
    n = 0
    depth = 0
    for t in reversed(toks):
        w = t.group()
        lw = w.lower()
        if w == ")" and n == 0 or depth:      # "Gov. John Kasich (R-OH) said"
            depth += (w == ")") - (w == "(")
            continue
        if not (w[0].isalnum()):
            break
        if (lw in _CLAUSE_WORDS or not _is_name_like(w) and lw in _STOP) and not (
                lw in _JOINS and n and start is not None and _joins(text, lo, t, start)):
            break
        if lw in PRONOUNS and n:
            break                         # "... and he": the pronoun starts no phrase
        start = t.start()
        n += 1
        if lw in PRONOUNS or n >= 12:
            break
    if start is None:
        return None
    end = _drop_full_stop(text, start, toks[-1].end())
    return Mention(start, end, text[start:end])


_JOINS = frozenset({"to", "for", "of", "at"})
_WORD_BEFORE = re.compile(r"([\w’'.-]+)\s*\Z")


def _joins(text: str, lo: int, prep: re.Match, after: int) -> bool:
    """"Mission to the EU", "spokesman for the ministry": a preposition inside a name."""
    m = _WORD_BEFORE.search(text, lo, prep.start())
    if not m:
        return False
    w = m.group(1)
    nxt = text[after:after + 40].split()
    head_ok = bool(nxt) and (nxt[0][:1].isupper() or nxt[0].lower() == "the")
    return head_ok and (w[:1].isupper() or w.lower() in _ROLE)


def mention_right(text: str, p: int, hi: int) -> Mention | None:
    """The noun phrase starting at p (after spaces), not reaching past hi."""
    start = end = None
    for n, t in enumerate(_TOKEN.finditer(text, p, hi), 1):
        w = t.group()
        if not w[0].isalnum() or w.lower() in _CLAUSE_WORDS or \
                not _is_name_like(w) and w.lower() in _STOP:
            break
        if start is None:
            start = t.start()
        end = t.end()
        if n >= 10:
            break
    if start is None:
        return None
    end = _drop_full_stop(text, start, end)
    return Mention(start, end, text[start:end])


def _drop_full_stop(text: str, start: int, end: int) -> int:
    """"said Maria Lopez." ends a sentence; "Jr." and "U.S." keep their dot."""
    if end > start + 1 and text[end - 1] == ".":
        word = text[start:end].split()[-1].rstrip(".")
        if len(word) > 3 and "." not in word and word.lower() not in _TITLE:
            return end - 1
    return end


def looks_like_speaker(m: Mention) -> bool:
    """A person, group or outlet: a name, a pronoun or a role noun heads it."""
    tokens = m.text.split()
    if m.pronoun:
        return m.text.lower() not in ("him", "her")
    if any(_is_name_like(w) for w in tokens):
        return True
    return tokens[-1].lower().strip("’'s") in _ROLE or tokens[-1].lower() in _ROLE


def resolve(text: str, m: Mention, earlier: list[Mention]) -> Mention:
    """The mention a pronoun stands for; other mentions stand for themselves.

    "who" takes the name just before its comma ("Mark Rutte, who said").  "he"/"she"
    take the nearest earlier named speaker, else the nearest earlier capitalised name
    of two words or more.  Other pronouns ("they", "it", "we", "I") stay as they are."""
    kind = m.pronoun
    if kind == "r":
        k = m.start
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k > 0 and text[k - 1] == ",":
            left = mention_left(text, max(0, k - 121), k - 1)
            if left and any(_is_name_like(w) for w in left.text.split()):
                # Keep the capitalised tail: "answered Mark Rutte" -> "Mark Rutte".
                toks = list(re.finditer(r"\S+", left.text))
                while len(toks) > 1 and not _is_name_like(toks[0].group()) \
                        and toks[0].group().lower() not in ("the", "a", "an"):
                    toks.pop(0)
                s0 = left.start + toks[0].start()
                return Mention(s0, left.end, text[s0:left.end])
        return m
    if kind not in ("m", "f"):
        return m
    for e in reversed(earlier):
        if e.end <= m.start and not e.pronoun and any(
                _is_name_like(w) for w in e.text.split()) and _personal(e):
            return e
    best = None
    for n in _NAME.finditer(text, max(0, m.start - 1500), m.start):
        if len(n.group().split()) >= 2 and _personal(Mention(n.start(), n.end(), n.group())):
            best = n
    if best:
        return Mention(best.start(), best.end(), best.group())
    return m


_NOT_PERSON = frozenset(words("""ministry mission government union nato party committee
department agency office embassy house court post times news journal network commission
council administration campaign university institute organization association poll
survey study report"""))


def _personal(m: Mention) -> bool:
    """Could this mention be a person (so "he" may refer to it)?"""
    head = [w.lower().strip("’'s.,") for w in m.text.split(",")[0].split()]
    return not any(w in _NOT_PERSON for w in head[-2:])
