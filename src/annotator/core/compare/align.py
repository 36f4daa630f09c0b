"""Passage alignment across documents: which passages report the same statement.

* Passages (core.compare.passages): tagged spans, and the untagged text cut below the
  sentence (quotes apart from their attribution, joined clauses apart).
* Similarity (core.compare.similarity): stemmed content words and character 4-grams,
  weighted by rarity among the comparison's passages.
* Candidates: each passage is indexed under its SIGNATURE rarest stems that occur in
  another passage too; only passages of different documents meeting in that index
  are scored, so 500 articles never cost all pairs.
* Grouping without chains: pairs at or above THRESHOLD, best first (pairs of two
  tagged passages before the others), join two groups only when they hold no document
  in common (so each pair of articles is matched one to one) and when the mean
  similarity of every cross pair of their passages reaches GROUP_MIN: a passage
  joins a group for its likeness to the group as a whole, not to one member.
* Loose relations: a document a group lacks is "partial" when one of its passages
  scores at least LOOSE with a member (shown with that passage and score), and only
  omits the group when none does.

The thresholds are general, not fitted to the seeds: THRESHOLD sits where a pair of
renderings of one statement shares about half its weighted content (the seeds' gold
pairs mostly score 0.3-0.8, unrelated passages on the same event rarely above 0.25);
LOOSE is half of it. bench/eval_alignment.py measures them on the gold standard.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from annotator.core.compare.passages import Passage, passages  # noqa: F401 (re-exported)
from annotator.core.compare.similarity import CONTAIN, NAMES_ONLY, STEM_SHARE, Vectors

THRESHOLD = 0.3
GROUP_MIN = 0.22           # mean similarity of a passage to a group it joins
LOOSE = 0.15
SIGNATURE = 5              # a passage is indexed under its 5 rarest shared stems
MEAN_OF = 8                # group members a joining passage is compared with


@dataclass(slots=True)
class Group:
    """Passages of different documents that report the same thing."""
    members: dict[str, Passage] = field(default_factory=dict)     # doc id -> passage
    scores: dict[str, float] = field(default_factory=dict)        # doc id -> best link
    partial: dict[str, tuple[Passage, float]] = field(default_factory=dict)


def candidate_partners(items: list[Passage], vec: Vectors) -> list[set[int]]:
    """Per passage i, the later passages j of other documents whose signatures meet."""
    shared = bisect_left(vec.stem_df, 2)        # stem ids from here on occur twice or more
    index: dict[int, list[int]] = defaultdict(list)
    for i, ws in enumerate(vec.stems):
        ids = sorted(ws)
        k = bisect_left(ids, shared)
        for t in ids[k:k + SIGNATURE]:
            index[t].append(i)                  # postings ascend: j > i below
    partners: list[set[int]] = [set() for _ in items]
    for posting in index.values():
        for x, i in enumerate(posting):
            partners[i].update(posting[x + 1:])
    of_doc: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(items):
        of_doc[p.doc_id].append(i)
    for same in of_doc.values():
        for i in same:
            if partners[i]:
                partners[i].difference_update(same)
    return partners


def candidate_pairs(items: list[Passage], vec: Vectors) -> set[tuple[int, int]]:
    return {(i, j) for i, js in enumerate(candidate_partners(items, vec)) for j in js}


def all_pairs(items: list[Passage], vec=None) -> set[tuple[int, int]]:
    """Every cross-document pair: the reference the pruned candidates are tested against."""
    return {(i, j) for i in range(len(items)) for j in range(i + 1, len(items))
            if items[i].doc_id != items[j].doc_id}


def _scored(vec: Vectors, partners: list[set[int]]) -> list[tuple[float, int, int]]:
    """(similarity, i, j) of the candidate pairs reaching LOOSE. The similarity is
    inlined: this loop is where a comparison spends its time."""
    out = []
    add = out.append
    st, sn, s_of, names = vec.stems, vec.stem_norm, vec.stem_w.__getitem__, vec.names
    gs, gn, g_of = vec.grams, vec.gram_norm, vec.gram_w.__getitem__
    a, b = STEM_SHARE, 1 - STEM_SHARE
    c1, c2 = 1 - CONTAIN / 2, CONTAIN
    for i, js in enumerate(partners):
        if not js:
            continue
        sti, sni, gsi, gni = st[i], sn[i], gs[i], gn[i]
        for j in js:
            shared = sti & st[j]
            if not shared:
                continue
            snj = sn[j]
            # stem_score() inlined: geometric mean of cosine and containment
            s = a * sum(map(s_of, shared)) / ((sni * snj) ** c1 * (sni if sni < snj else snj) ** c2)
            if s + b < LOOSE:                    # even identical grams cannot reach it
                continue
            s += b * sum(map(g_of, gsi & gs[j])) / (gni * gn[j])
            if shared <= names[i] and shared <= names[j]:
                s *= NAMES_ONLY
            if s >= LOOSE:
                add((s, i, j))
    return out


def align(items: list[Passage], threshold: float = THRESHOLD, pairs=None) -> list[Group]:
    """Group passages across documents; every tagged passage ends up in a group.
    pairs(items, vec) -> (i, j) pairs to score instead of the candidates (tests)."""
    vec = Vectors([p.text for p in items])
    if pairs is None:
        partners = candidate_partners(items, vec)
    else:
        partners = [set() for _ in items]
        for i, j in pairs(items, vec):
            partners[min(i, j)].add(max(i, j))
    scored = _scored(vec, partners)
    sim: dict[tuple[int, int], float] = {(i, j): s for s, i, j in scored}
    strong = sorted(((0 if items[i].tagged and items[j].tagged else 1, -s, i, j)
                     for s, i, j in scored if s >= threshold))
    members: list[list[int]] = [[k] for k in range(len(items))]
    group_of = list(range(len(items)))
    docs = [{p.doc_id} for p in items]
    best = [0.0] * len(items)

    def pair_sim(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        s = sim.get(key)
        if s is None:
            s = sim[key] = vec.similarity(i, j)
        return s

    for _, neg, i, j in strong:
        gi, gj = group_of[i], group_of[j]
        if gi == gj or not docs[gi].isdisjoint(docs[gj]):
            continue
        a, b = members[gi], members[gj]
        if len(a) + len(b) > 2:
            # the group's first (best-linked) MEAN_OF members stand for it: bounded cost
            ka, kb = a[:MEAN_OF], b[:MEAN_OF]
            mean = sum(pair_sim(x, y) for x in ka for y in kb) / (len(ka) * len(kb))
            if mean < GROUP_MIN:
                continue
        if len(a) < len(b):
            gi, gj, a, b = gj, gi, b, a
        a += b
        for k in b:
            group_of[k] = gi
        docs[gi] |= docs[gj]
        members[gj] = []
        best[i], best[j] = max(best[i], -neg), max(best[j], -neg)
    loose: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for s, i, j in scored:
        loose[i].append((j, s))
        loose[j].append((i, s))
    out = []
    for ms in members:
        if not ms or (len(ms) == 1 and not items[ms[0]].tagged):
            continue
        g = Group({items[k].doc_id: items[k] for k in ms},
                  {items[k].doc_id: round(best[k], 3) for k in ms})
        for k in ms:
            for other, s in loose.get(k, ()):
                d = items[other].doc_id
                if d not in g.members and s > g.partial.get(d, (None, 0.0))[1]:
                    g.partial[d] = (items[other], round(s, 3))
        out.append(g)
    return out
