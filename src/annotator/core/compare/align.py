"""Passage alignment across documents: which passages report the same thing.

Method (quality first, then speed):

* Passages are every tagged span, plus every sentence (core.text.sentences) that no
  span touches, so a quote an outlet printed but did not tag still takes part.
* Similarity of two passages is the mean of two TF-IDF cosines, with inverse
  passage frequency computed over the passages of the comparison:
  - character 4-grams of each normalised word, padded with spaces (robust to
    inflection, spelling, possessives and typographic quotes: "smearing"/"smears",
    "NATO's"/"NATO’s"); a passage's set is the union of its words' sets, built
    once per distinct word;
  - whole words (rewards the shared content words of a reworded translation:
    "will not fool ... the world" carries that pair in the sample corpus).
  Terms are binary (a sentence rarely repeats one), so a cosine is one set
  intersection in C and a short sum. No synonym tables: what two outlets share in
  letters and words is the evidence. 3-5-grams, or grams across word boundaries,
  separated the sample no better, at several times the cost.
* A pair must share words: below a word cosine of WORDS_MIN (0.2) it is not scored
  (on the sample every aligned pair has 0.26 or more).
* Candidates: each passage is indexed under its SIGNATURE (4) rarest words that
  occur in some other passage; only passages of different documents meeting in
  that index are scored, so 50 articles never cost all 765,000 pairs. On the
  sample this gives exactly the groups that scoring every pair gives (tested); on
  the bench's synthetic event (20 articles) it keeps 99% of co-grouped pairs.
* Grouping: pairs at or above THRESHOLD, best first, tagged-with-tagged pairs
  before pairs involving untagged sentences; a pair joins the two groups when they
  hold no document in common (constrained single-link clustering: one passage per
  document per group, each the best still available). This is greedy one-to-one
  matching per document pair, extended to n documents.

THRESHOLD (0.29) was tuned on the annotated sample corpus (tests/fixtures): the
weakest true renderings there score 0.30 ("more than half of the world's military
spending" / "55 percent of the global total") and 0.33 ("Their true aim is nothing
but to find an excuse..." / "The real purpose is simply to find a pretext..."), the
"false narratives" / "misinformation" translations 0.52, while every pair of
distinct passages stays at or below 0.28 (two different lead sentences); 0.29
sits in the gap. The method sees wording, not meaning: a rendering that shares
neither words nor word stems with the other will not align.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
import unicodedata
from collections import Counter, defaultdict
from itertools import chain
from operator import itemgetter
from dataclasses import dataclass, field

from annotator.core.text import sentences

THRESHOLD = 0.29
SIGNATURE = 4              # a passage is indexed under its 4 rarest shared words
WORDS_MIN = 0.2            # below this word cosine a pair is not scored further
NGRAMS = (4,)
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": " ", "—": " ",
                            "‐": "-", "«": '"', "»": '"'})
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Passage:
    """A stretch of one document: a tagged span, or an untagged sentence."""
    key: int                          # index in the comparison's passage list
    doc_id: str
    start: int
    end: int
    text: str
    label: str | None = None          # None: an untagged sentence
    speaker: str | None = None
    span_id: int | None = None

    @property
    def tagged(self) -> bool:
        return self.label is not None


@dataclass(slots=True)
class Group:
    """Passages of different documents that report the same thing."""
    members: dict[str, Passage] = field(default_factory=dict)     # doc id -> passage
    scores: dict[str, float] = field(default_factory=dict)        # doc id -> best link


def words(text: str) -> list[str]:
    if not text.isascii():       # ASCII is NFKC already and holds nothing _TRANSLATE maps
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _WORD.findall(text.casefold())


def passages(doc_id: str, text: str, spans, start_key: int = 0) -> list[Passage]:
    """Tagged spans, then sentences that no span overlaps."""
    out = [Passage(start_key + i, doc_id, s.start, s.end, s.text, s.label, s.speaker, s.id)
           for i, s in enumerate(spans)]
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
    for a, b in sentences(text):
        if 1 not in covered[a:b] and len(text[a:b].split()) >= 4:   # not datelines
            out.append(Passage(start_key + len(out), doc_id, a, b, text[a:b]))
    return out


class _Vectors:
    """Binary TF-IDF over sets: each passage is its set of char n-grams and its set of
    words; weights are squared IDFs, so a cosine is one C-level set intersection and
    a short sum (tf is almost always 1 in a sentence-long passage anyway).

    Features are integer ids (cheap to hash and compare; weights are list lookups).
    Word ids follow (passage frequency, word), rarest first, so a passage's rarest
    words are its smallest ids; each distinct word's n-grams are built once."""

    def __init__(self, items: list[Passage]):
        n = len(items)
        self.words = [words(p.text) for p in items]
        df = Counter(chain.from_iterable(map(set, self.words)))     # one C-level count
        vocab = [w for w, _ in sorted(df.items(), key=itemgetter(1, 0))]
        word_id = {w: k for k, w in enumerate(vocab)}
        self.vocab = vocab
        self.word_df = [df[w] for w in vocab]                  # by word id
        self.word_sets = [frozenset(map(word_id.__getitem__, ws)) for ws in self.words]
        gram_id: dict[str, int] = {}          # ids in order of first appearance
        new_id = gram_id.setdefault
        grams_of_word = [frozenset([new_id(s[i:i + k], len(gram_id))
                                    for k in NGRAMS for i in range(len(s) - k + 1)])
                         for s in map(" {} ".format, vocab)]       # each word padded
        self.gram_sets = [frozenset().union(*map(grams_of_word.__getitem__, ws))
                          for ws in self.word_sets]
        gram_df = Counter(chain.from_iterable(self.gram_sets))
        self.word_w = _idf2(self.word_df, n)
        self.gram_w = _idf2([gram_df[g] for g in range(len(gram_id))], n)
        self.word_norm = _norms(self.word_sets, self.word_w)
        self.gram_norm = _norms(self.gram_sets, self.gram_w)

    def words_cos(self, i: int, j: int) -> float:
        shared = self.word_sets[i] & self.word_sets[j]
        if not shared:
            return 0.0
        return sum(map(self.word_w.__getitem__, shared)) / (self.word_norm[i] *
                                                             self.word_norm[j])

    def chars_cos(self, i: int, j: int) -> float:
        shared = self.gram_sets[i] & self.gram_sets[j]
        if not shared:
            return 0.0
        return sum(map(self.gram_w.__getitem__, shared)) / (self.gram_norm[i] *
                                                             self.gram_norm[j])


def _idf2(df: list[int], n: int) -> list[float]:
    """Squared smoothed IDF per term id (one log per distinct frequency, not per term)."""
    table = {d: (math.log((1 + n) / (1 + d)) + 1.0) ** 2 for d in set(df)}
    return [table[d] for d in df]


def _norms(sets, w: list[float]) -> list[float]:
    return [math.sqrt(sum(map(w.__getitem__, s))) or 1.0 for s in sets]


def similarity(vec: _Vectors, i: int, j: int) -> float:
    w = vec.words_cos(i, j)
    return 0.5 * vec.chars_cos(i, j) + 0.5 * w if w >= WORDS_MIN else 0.5 * w


def candidate_partners(items: list[Passage], vec: _Vectors) -> list[set[int]]:
    """Per passage i, the later passages j of other documents whose signatures meet
    i's: a passage's signature is its SIGNATURE rarest words that occur elsewhere too
    (df > 1). Sets of ints per passage, not a set of pair tuples: cheaper to build
    and to walk."""
    # Word ids run rarest first, so the words found elsewhere are the ids from `shared`
    # on, and a passage's rarest of them are its smallest such ids.
    shared = bisect_left(vec.word_df, 2)
    index: dict[int, list[int]] = defaultdict(list)
    for i, ws in enumerate(vec.word_sets):
        ids = sorted(ws)
        k = bisect_left(ids, shared)
        for t in ids[k:k + SIGNATURE]:
            index[t].append(i)                     # postings ascend: j > i below
    partners: list[set[int]] = [set() for _ in items]
    for posting in index.values():
        for x, i in enumerate(posting):
            partners[i].update(posting[x + 1:])
    # Drop same-document partners per document, not per pair (the order scores are
    # yielded in is irrelevant: align() sorts them totally).
    of_doc: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(items):
        of_doc[p.doc_id].append(i)
    for same in of_doc.values():
        for i in same:
            if partners[i]:
                partners[i].difference_update(same)
    return partners


def candidate_pairs(items: list[Passage], vec: _Vectors) -> set[tuple[int, int]]:
    """The candidate pairs (i, j), i < j, that align() scores."""
    return {(i, j) for i, js in enumerate(candidate_partners(items, vec)) for j in js}


def _scored(vec: _Vectors, partners: list[set[int]], threshold: float,
            tagged: list[bool]) -> list[tuple[int, float, int, int]]:
    """(0 if both tagged else 1, -similarity, i, j) of the pairs reaching threshold,
    align()'s sort key: similarity() inlined, as this loop is where an event's
    comparison spends its time."""
    out = []
    add = out.append
    ws, wn, w_of = vec.word_sets, vec.word_norm, vec.word_w.__getitem__
    gs, gn, g_of = vec.gram_sets, vec.gram_norm, vec.gram_w.__getitem__
    for i, js in enumerate(partners):
        if not js:
            continue
        wsi, wni, gsi, gni, ti = ws[i], wn[i], gs[i], gn[i], tagged[i]
        for j in js:
            shared = wsi & ws[j]
            if not shared:
                continue
            w = sum(map(w_of, shared)) / (wni * wn[j])
            if w < WORDS_MIN:             # then 0.5 * w < threshold: cannot align
                continue
            s = 0.5 * w + 0.5 * sum(map(g_of, gsi & gs[j])) / (gni * gn[j])
            if s >= threshold:
                add((0 if ti and tagged[j] else 1, -s, i, j))
    return out


def all_pairs(items: list[Passage], vec=None) -> set[tuple[int, int]]:
    """Every cross-document pair: the reference the pruned candidates are tested against."""
    return {(i, j) for i in range(len(items)) for j in range(i + 1, len(items))
            if items[i].doc_id != items[j].doc_id}


def align(items: list[Passage], threshold: float = THRESHOLD, pairs=None) -> list[Group]:
    """Group passages across documents; every tagged passage ends up in a group.
    pairs(items, vec) -> (i, j) pairs to score instead of the candidates (tests)."""
    vec = _Vectors(items)
    if pairs is None:
        partners = candidate_partners(items, vec)
    else:
        partners = [set() for _ in items]
        for i, j in pairs(items, vec):
            partners[min(i, j)].add(max(i, j))
    tagged = [p.tagged for p in items]
    scored = _scored(vec, partners, threshold, tagged)
    scored.sort()
    group_of = list(range(len(items)))            # union-find over passage keys
    docs = [{p.doc_id} for p in items]
    best = [0.0] * len(items)

    def root(x: int) -> int:
        while group_of[x] != x:
            group_of[x] = group_of[group_of[x]]
            x = group_of[x]
        return x

    for _, neg, i, j in scored:
        ri = i if group_of[i] == i else root(i)
        rj = j if group_of[j] == j else root(j)
        if ri == rj or not docs[ri].isdisjoint(docs[rj]):
            continue
        group_of[rj] = ri
        docs[ri] |= docs[rj]
        best[i], best[j] = max(best[i], -neg), max(best[j], -neg)
    by_root: dict[int, list[Passage]] = {}
    for p in items:
        r = root(p.key)
        ms = by_root.get(r)
        if ms is None:
            by_root[r] = [p]
        else:
            ms.append(p)
    # Keep groups with a tagged passage, or an untagged one printed by several outlets
    # (a group holds one passage per document, so its length is its document count).
    return [Group({p.doc_id: p for p in ms}, {p.doc_id: round(best[p.key], 3) for p in ms})
            for ms in by_root.values()
            if len(ms) > 1 or ms[0].label is not None]
