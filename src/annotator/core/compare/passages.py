"""The passages a comparison aligns: tagged spans, and the untagged text cut below the
sentence where news writing joins two statements.

Real reports put a quote and its attribution in one sentence ("“…,” Guo said, adding
that …") and join statements with participles and relative clauses ("…, accusing
NATO of …", "…, which accused Beijing of …"); a sentence is then too coarse to pair
with another outlet's rendering of one of them. So an untagged stretch is cut:

* around a quotation of QUOTE_MIN words or more (scare quotes stay inline);
* before a clause joined by a comma (or semicolon) and a participle, a relative
  pronoun or a conjunction (JOINERS), and before "and that" (not at a bare ", and"
  nor ", as well as": in news copy those mostly continue a list);
* after an opening participle phrase ("Speaking at a regular press briefing on
  Tuesday, …"; "Addressing speculation that …, Guo denied …");
* never into a piece of fewer than MIN_WORDS words: a short piece ("Guo said") joins
  its neighbour (the one before it, as attributions follow their quote);
* a longer attribution after a quote ("…,” union leader Marta Ellison told reporters
  outside the main gate.") is left out: it says who spoke, not what, and two of them
  would pair for their speaker alone.

Text a span covers is never part of an untagged passage; the rest of a partly tagged
sentence takes part as its own passages. Lines of page furniture (captions, credits,
"Read more" teasers, bylines: core.doc_facts.furniture()) are no untagged passage.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from annotator.core.doc_facts import furniture
from annotator.core.text import sentences

HEADING_MAX = 16         # a longer line is a paragraph, even without a full stop
_SENTENCE_END = ".!?…:;。！？"
MIN_WORDS = 4            # shorter untagged pieces are attributions or datelines
QUOTE_MIN = 6            # a shorter quotation is a phrase quoted inside its clause
JOINERS = ("which", "who", "whom", "whose", "while", "whereas", "although", "though",
           "but", "and that")
_JOIN = re.compile(
    r"[,;][”\"’']?\s+(?=(?:" + "|".join(j.replace(" ", r"\s+") for j in JOINERS)
    + r"|[a-z]+ing)\b)|\s(?=and\s+that\b)")
_OPEN, _CLOSE = "“\"", "”\""
ATTRIBUTION_MAX = 12     # an attribution after a quote is shorter than this
# "…,” union leader Marta Ellison told reporters outside the main gate." names who
# spoke, not what: two such pieces share a speaker, not a statement
_ATTRIBUTION = re.compile(
    r"(?:\S+\s+){0,6}?(?:said|says|told|added|adds|wrote|writes|stated|continued)\b",
    re.IGNORECASE)
_WORD = re.compile(r"\w+")
# A sentence opened by the occasion of what follows: "Speaking at a regular press
# briefing on Tuesday, …", "Addressing speculation that …, Guo denied …", "Asked
# whether …, she said …". Only these participles: a sentence opened by any -ing word
# is as often a subject ("Building work at the port, halted since March, resumed")
# or a name ("Sterling fell …, traders said"). The phrase ends at its first comma;
# an abbreviation's full stop ("the U.S. embassy") does not end it, a sentence's does.
INTRO = ("Speaking", "Addressing", "Responding", "Replying", "Answering", "Reacting",
         "Commenting", "Referring", "Talking", "Writing", "Citing", "Noting", "Appearing",
         "Testifying", "Asked", "Questioned", "Pressed")
_INTRO = re.compile(
    r"(?:[A-Z][\w.'’ ]{0,30}?(?:\s*\([^()]{1,20}\))?\s*[—–:-]\s+)?"      # "BEIJING (Reuters) — "
    r"(?:" + "|".join(INTRO) + r")\b(?:[^,;:.!?“”\"]|\.(?=\S|\s+[a-z])){0,200}?,")


@dataclass(slots=True)
class Passage:
    """A stretch of one document: a tagged span, or an untagged piece of a sentence."""
    key: int                          # index in the comparison's passage list
    doc_id: str
    start: int
    end: int
    text: str
    label: str | None = None          # None: untagged
    speaker: str | None = None
    span_id: int | None = None
    heading: bool = False             # in a headline or subhead (heading())

    @property
    def tagged(self) -> bool:
        return self.label is not None


def passages(doc_id: str, text: str, spans, start_key: int = 0) -> list[Passage]:
    """Tagged spans, then the untagged pieces of the text around them."""
    cut = sentences(text)
    heads = [(a, b) for a, b in cut if heading(text, a, b)]       # in text order
    starts = [a for a, _ in heads]

    def in_heading(start: int, end: int) -> bool:
        k = bisect_right(starts, start) - 1         # the last heading starting at or before
        return k >= 0 and end <= heads[k][1]
    out = [Passage(start_key + i, doc_id, s.start, s.end, s.text, s.label, s.speaker, s.id,
                   in_heading(s.start, s.end))
           for i, s in enumerate(spans)]
    head_set = set(heads)               # a list's `in` made long texts quadratic
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
    line_end, skip = -1, False
    for a, b in cut:
        if a >= line_end:               # a line's first sentence: is it furniture?
            line_end = text.find("\n", a) % (len(text) + 1)     # -1: the text's end
            skip = furniture(text, a, b)
        if skip:
            continue                    # a caption, credit, byline or teaser: no report
        head = (a, b) in head_set
        for x, y in _uncovered(covered, a, b) if spans else ((a, b),):
            for p, q in pieces(text, x, y):
                out.append(Passage(start_key + len(out), doc_id, p, q, text[p:q], heading=head))
    return out


def heading(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] (a sentence) is a line of its own of at most HEADING_MAX words
    that does not end as a sentence does: a headline or a subhead."""
    if not (_line_edge(text, a, -1) and _line_edge(text, b, 1)):
        return False
    last = text[a:b].rstrip("”’\"')] ")
    return bool(last) and last[-1] not in _SENTENCE_END and _words(text, a, b) <= HEADING_MAX


def _line_edge(text: str, i: int, step: int) -> bool:
    """Whether only spaces lie between i and the line's start (step -1, from i - 1)
    or end (step 1, from i). Reads the spaces only: a sentence of a 2 MB line costs
    no scan of the line."""
    n = len(text)
    if step < 0:
        i -= 1
    while 0 <= i < n and text[i] != "\n" and text[i].isspace():
        i += step
    return not 0 <= i < n or text[i] == "\n"


def _uncovered(covered: bytearray, a: int, b: int):
    i = a
    while i < b:
        i = covered.find(0, i, b)           # skip the covered run
        if i < 0:
            return
        j = covered.find(1, i, b)
        j = b if j < 0 else j
        yield i, j
        i = j


def pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """text[a:b] cut at quotations and joined clauses, trimmed; pieces of fewer than
    MIN_WORDS words join a neighbour; nothing of fewer than MIN_WORDS words is kept,
    nor an attribution after a quote."""
    cuts = sorted(set(_quote_cuts(text, a, b)) | set(_clause_cuts(text, a, b))
                  | set(_intro_cut(text, a, b)))
    bounds = [a, *(c for c in cuts if a < c < b), b]
    parts = [_trim(text, x, y) for x, y in zip(bounds, bounds[1:])]
    parts = [p for p in parts if p[1] > p[0]]
    merged: list[list[int]] = []
    for x, y in parts:
        if merged and (_words(text, x, y) < MIN_WORDS
                       or _words(text, *merged[-1]) < MIN_WORDS):
            merged[-1][1] = y
        else:
            merged.append([x, y])
    return [(x, y) for x, y in merged if _words(text, x, y) >= MIN_WORDS
            and not _attribution(text, x, y)]


def _attribution(text: str, x: int, y: int) -> bool:
    """Whether text[x:y] only says who spoke the quotation it follows."""
    if text[x] in _CLOSE and text[x + 1:x + 2] in (" ", ","):   # a remainder's quote mark
        x += 1
        while x < y and text[x] in " ,":
            x += 1
    before = text[max(0, x - 4):x].rstrip(" ,")
    return (before.endswith(("”", '"')) and _words(text, x, y) < ATTRIBUTION_MAX
            and _ATTRIBUTION.match(text, x, y) is not None)


def _quote_cuts(text: str, a: int, b: int):
    """Both ends of each quotation of QUOTE_MIN words or more inside text[a:b]."""
    i = a
    while i < b:
        if text[i] in _OPEN and (text[i] == "“" or i == a or not text[i - 1].isalnum()):
            closer = "”" if text[i] == "“" else '"'
            j = text.find(closer, i + 1, b)
            if j < 0:
                return
            if _words(text, i, j) >= QUOTE_MIN:
                yield i
                yield j + 1
            i = j + 1
        else:
            i += 1


def _intro_cut(text: str, a: int, b: int):
    """After an opening phrase of INTRO: it sets the scene or names what the main
    clause answers, another statement than the clause."""
    m = _INTRO.match(text, a, b)
    if m:
        yield m.end()


def _clause_cuts(text: str, a: int, b: int):
    return (m.end() for m in _JOIN.finditer(text, a, b))


def _trim(text: str, x: int, y: int) -> tuple[int, int]:
    """Without surrounding space and joining punctuation, nor the closing quote of a
    quotation before it (a remainder after a tagged quote starts with one)."""
    while x < y and (text[x].isspace() or text[x] in ",;:”"):
        x += 1
    while y > x and (text[y - 1].isspace() or text[y - 1] in ",;:“"):
        y -= 1
    return x, y


def _words(text: str, x: int, y: int) -> int:
    return len(_WORD.findall(text, x, y))
