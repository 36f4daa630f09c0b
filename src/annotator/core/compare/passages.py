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
_INTRO = re.compile(r"([A-Z][a-z]+ing)(?! (?:has|have|had|is|are|was|were|will|would|"
                    r"says|does|did|can|could|may|might|must|should)\b)"
                    r"[^,;:.!?()“”\"]{0,160}?,")     # not a name followed by its verb
_MID_ING = re.compile(r"[a-z,] ([A-Z][a-z]+ing)\b")
# prepositions that end in -ing open an adverbial, not a participle clause
_NOT_INTRO = frozenset("""during according including regarding concerning following
notwithstanding pending barring considering excluding""".split())


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
    heads = [(a, b) for a, b in cut if heading(text, a, b)]
    out = [Passage(start_key + i, doc_id, s.start, s.end, s.text, s.label, s.speaker, s.id,
                   any(a <= s.start and s.end <= b for a, b in heads))
           for i, s in enumerate(spans)]
    names = ing_names(text)
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
    for a, b in cut:
        if furniture(text, a, b):
            continue                    # a caption, credit, byline or teaser: no report
        head = bool(heads) and (a, b) in heads
        for x, y in _uncovered(covered, a, b) if spans else ((a, b),):
            for p, q in pieces(text, x, y, names):
                out.append(Passage(start_key + len(out), doc_id, p, q, text[p:q], heading=head))
    return out


def heading(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] (a sentence) is a line of its own of at most HEADING_MAX words
    that does not end as a sentence does: a headline or a subhead."""
    start, end = text.rfind("\n", 0, a) + 1, text.find("\n", b)
    if text[start:a].strip() or text[b:len(text) if end < 0 else end].strip():
        return False
    last = text[a:b].rstrip("”’\"')] ")
    return bool(last) and last[-1] not in _SENTENCE_END and _words(text, a, b) <= HEADING_MAX


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


def pieces(text: str, a: int, b: int, names: frozenset | None = None
           ) -> list[tuple[int, int]]:
    """text[a:b] cut at quotations and joined clauses, trimmed; pieces of fewer than
    MIN_WORDS words join a neighbour; nothing of fewer than MIN_WORDS words is kept,
    nor an attribution after a quote."""
    cuts = sorted(set(_quote_cuts(text, a, b)) | set(_clause_cuts(text, a, b))
                  | set(_intro_cut(text, a, b, names)))
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


def _intro_cut(text: str, a: int, b: int, names: frozenset | None):
    """After an opening participle phrase ("Speaking at a regular press briefing on
    Tuesday, Guo …", "Addressing speculation that …, Guo denied …"): it sets the
    scene or names what the main clause answers, another statement than the clause.
    names: ing_names(text), when the caller has it."""
    m = _INTRO.match(text, a, b)
    if m and m.group(1).casefold() not in _NOT_INTRO and m.group(1) not in (
            ing_names(text) if names is None else names):
        yield m.end()


def ing_names(text: str) -> frozenset:
    """Capitalised words ending in -ing that the text has mid-sentence: names
    ("Beijing", "Nanjing", "Harding"), not participles. One pass over the text (a
    search per sentence made a 1 MB article's passages 9x slower)."""
    return frozenset(_MID_ING.findall(text))


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
