"""Passage alignment across documents: which passages report the same statement.

* Passages (core.compare.passages): tagged spans, and the untagged text cut below the
  sentence (quotes apart from their attribution, joined clauses apart); headlines and
  subheads are marked.
* Similarity (core.compare.similarity): stemmed content words weighted by rarity among
  the comparison's passages, related words (WordNet) at half weight, and character
  4-grams.
* Candidates: a comparison of up to EXACT_PAIRS cross-document pairs (a dozen
  articles) scores them all. A larger one indexes each passage under its SIGNATURE
  rarest stems that occur in another passage too, and scores only passages of
  different documents meeting in that index; in a posting longer than LONG (a stem
  common to the event) a passage meets only its next WINDOW passages, which still
  chains every rendering of a statement together, so 500 articles never cost all
  pairs nor all pairs of one statement's renderings.
* Grouping without chains: pairs at or above THRESHOLD (two tagged passages: TAGGED
  of it), best first (pairs of two tagged passages before the others; a heading pairs
  only with a heading), join two groups that hold no document in common (so each
  pair of articles is matched one to one) when the mean similarity of the cross
  pairs of their first MEAN_OF passages reaches GROUP_MIN: a passage joins a group
  for its likeness to the group as a whole, not to one member.
* Two renderings in one article: an article may give a statement twice (a lead's
  summary, then the quote: "It denies sending any weapons" ... "We never provide
  weapons to any party"), and the other articles' renderings then split between two
  groups. Two groups that hold a document in common merge only as wholes: each has
  two passages or more, and the mean similarity of their cross-document pairs
  reaches THRESHOLD (what a pair needs to start a group, above GROUP_MIN). A lone
  passage never joins as a second rendering (one member's likeness is the chain the
  rule above forbids). The article's best-linked passage stays its member, the
  others are its alternatives.
* Loose relations: a document a group lacks is "partial" when one of its passages
  scores at least LOOSE with a member (shown with that passage and score), and only
  omits the group when none does.

The thresholds are round numbers, not fitted to one corpus: THRESHOLD sits where a
pair of renderings of one statement shares about half its weighted content; LOOSE is
below it. bench/eval_alignment.py measures them on two gold sets (the seeds', made
before tuning, and a hand-written development set of another event), and both were
looked at when choosing them (see the README for the figures and the margin).
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from annotator.core.compare.passages import Passage, passages  # noqa: F401 (re-exported)
from annotator.core.compare.similarity import CONTAIN, NAMES_ONLY, SOFT, STEM_SHARE, Vectors

THRESHOLD = 0.25
GROUP_MIN = 0.2            # mean similarity of a passage to a group it joins
LOOSE = 0.15
# Two tagged passages start a group at this share of THRESHOLD (0.20 = GROUP_MIN): the
# candidates are the statements analysts marked, a few an article, not every clause
# of it, so a weaker likeness is less often a chance one
TAGGED = 0.8
EXACT_PAIRS = 50_000       # up to this many cross-document pairs, score them all
SIGNATURE = 5              # a passage is indexed under its 5 rarest shared stems
LONG = 32                  # a stem in more passages than this is common to the event:
WINDOW = 2                 # ... each passage meets only the next WINDOW of its posting
MEAN_OF = 3                # group members (best-linked first) a joining one meets
_NOTHING = (None, 0.0)
_ZERO = (0.0,)
_EMPTY: frozenset = frozenset()


@dataclass(slots=True)
class Group:
    """Passages of different documents that report the same thing."""
    members: dict[str, Passage] = field(default_factory=dict)     # doc id -> passage
    scores: dict[str, float] = field(default_factory=dict)        # doc id -> best link
    partial: dict[str, tuple[Passage, float]] = field(default_factory=dict)  # unrounded
    alternatives: dict[str, list[Passage]] = field(default_factory=dict)  # doc id -> more
    alternative_scores: dict[str, list[float]] = field(default_factory=dict)  # their links


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
        reach = len(posting) if len(posting) <= LONG else WINDOW
        for x, i in enumerate(posting):
            partners[i].update(posting[x + 1:x + 1 + reach])
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


def cross_pairs(items: list[Passage]) -> int:
    """How many pairs of passages of different documents there are."""
    per_doc = Counter(p.doc_id for p in items).values()
    return (len(items) ** 2 - sum(k * k for k in per_doc)) // 2


def all_pairs(items: list[Passage], vec=None) -> set[tuple[int, int]]:
    """Every cross-document pair: the reference the pruned candidates are tested against."""
    return {(i, j) for i in range(len(items)) for j in range(i + 1, len(items))
            if items[i].doc_id != items[j].doc_id}


class _Scorer:
    """Vectors.similarity() with each passage's powers of its norms computed once and
    the formula inlined: scoring pairs is where a comparison spends its time."""

    def __init__(self, vec: Vectors):
        self.vec = vec
        b = 1 - STEM_SHARE
        # stem_score(): shared / ((ni * nj) ** c1 * min(ni, nj) ** c2), split per passage
        self.p1 = [n ** (1 - CONTAIN / 2) for n in vec.stem_norm]
        self.p2 = [STEM_SHARE / n ** CONTAIN for n in vec.stem_norm]  # larger: smaller n
        self.g1 = [b / n for n in vec.gram_norm]
        self.g2 = [1 / n for n in vec.gram_norm]

    def __call__(self, i: int, j: int) -> float:
        return next(self._scores([(i, (j,))], 0.0), _ZERO)[0]

    def scored(self, partners: list[set[int]]) -> list[tuple[float, int, int]]:
        """(similarity, i, j) of the candidate pairs reaching LOOSE."""
        return list(self._scores(enumerate(partners), LOOSE))

    def _scores(self, partners, least: float):
        """(similarity, i, j) for each i and j of its partners, when it reaches least."""
        vec = self.vec
        st, s_of, names, gs = vec.stems, vec.stem_w.__getitem__, vec.names, vec.grams
        rel = vec.related
        p1, p2, g1, g2 = self.p1, self.p2, self.g1, self.g2
        floor = least - (1 - STEM_SHARE)
        half = SOFT / 2
        frame = vec.frame
        for i, js in partners:
            if not js:
                continue
            sti, p1i, p2i, gsi, g1i, ni = st[i], p1[i], p2[i], gs[i], g1[i], names[i]
            reli = rel[i]
            for j in js:
                stj = st[j]
                shared = sti & stj
                relj = rel[j]
                if reli.isdisjoint(stj) and relj.isdisjoint(sti):     # the common case
                    if not shared:
                        continue
                    soft = _EMPTY
                else:
                    soft = (reli & stj) | (relj & sti)
                p2j = p2[j]
                s = ((sum(map(s_of, shared)) + half * sum(map(s_of, soft)) if soft else
                      sum(map(s_of, shared))) / (p1i * p1[j]) * (p2i if p2i > p2j else p2j))
                if s < floor:                   # even identical grams cannot reach least
                    continue
                s += (gsi & gs[j]).bit_count() * g1i * g2[j]
                rest = shared if shared.isdisjoint(frame) else shared - frame
                if rest <= ni and rest <= names[j] and not (
                        soft and (soft & sti) - ni and (soft & stj) - names[j]):
                    s *= NAMES_ONLY
                if s >= least:
                    yield s, i, j


def align(items: list[Passage], threshold: float = THRESHOLD, pairs=None) -> list[Group]:
    """Group passages across documents; every tagged passage ends up in a group.
    pairs(items, vec) -> (i, j) pairs to score instead of the candidates (tests)."""
    vec = Vectors([p.text for p in items])
    if pairs is None and cross_pairs(items) <= EXACT_PAIRS:
        pairs = all_pairs
    if pairs is None:
        partners = candidate_partners(items, vec)
    else:
        partners = [set() for _ in items]
        for i, j in pairs(items, vec):
            partners[min(i, j)].add(max(i, j))
    scorer = _Scorer(vec)
    scored = scorer.scored(partners)
    n = len(items)
    sim: dict[int, float] = {i * n + j: s for s, i, j in scored}     # key i * n + j, i < j
    head = [p.heading for p in items]
    tagged_bar = threshold * TAGGED
    strong = sorted(((0 if items[i].tagged and items[j].tagged else 1, -s, i, j)
                     for s, i, j in scored if head[i] == head[j] and (
                         s >= threshold or s >= tagged_bar and items[i].tagged
                         and items[j].tagged)))
    members: list[list[int]] = [[k] for k in range(len(items))]
    group_of = list(range(len(items)))
    docs = [{p.doc_id} for p in items]
    best = [0.0] * len(items)

    def alike(ka: list[int], kb: list[int], bar: float = GROUP_MIN,
              bounded: bool = False) -> bool:
        """Whether the mean similarity of ka's members to kb's of other documents
        reaches bar (the group's first, best-linked, MEAN_OF members stand for it:
        bounded cost). Pairs already scored are summed first: similarities are never
        negative, so once they reach the bar the unscored pairs need not be computed.
        bounded: an unscored pair counts as LOOSE at most (exact when every pair was
        scored, as those below LOOSE are not kept; at scale, pairs that never met in
        the index): most merges of two renderings in one article fail on that bound
        alone, with nothing computed."""
        total, unknown, count = 0.0, [], 0
        for x in ka:
            dx = doc_of[x]
            for y in kb:
                if doc_of[y] == dx:
                    continue
                count += 1
                s = sim.get(x * n + y if x < y else y * n + x)
                if s is None:
                    unknown.append((x, y))
                else:
                    total += s
        need = bar * count
        if bounded and total + LOOSE * len(unknown) < need:
            return False
        for x, y in unknown:
            if total >= need:
                break
            s = sim[x * n + y if x < y else y * n + x] = scorer(x, y)
            total += s
        return count > 0 and total >= need

    doc_of = [p.doc_id for p in items]
    for _, neg, i, j in strong:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        if docs[gi].isdisjoint(docs[gj]):
            if len(a) + len(b) > 2 and not alike(a[:MEAN_OF], b[:MEAN_OF]):
                continue
        elif len(a) < 2 or len(b) < 2 or not alike(a[:MEAN_OF], b[:MEAN_OF], threshold, True):
            continue                    # two renderings in one article: groups as wholes
        if len(a) < len(b):
            gi, gj, a, b = gj, gi, b, a
        a += b
        for k in b:
            group_of[k] = gi
        docs[gi] |= docs[gj]
        members[gj] = []
        best[i], best[j] = max(best[i], -neg), max(best[j], -neg)
    kept = {g: {} for g, ms in enumerate(members)
            if ms and (len(ms) > 1 or items[ms[0]].tagged)}
    # each group's closest passage per other document, in one pass over the pairs
    for s, i, j in scored:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        near = kept.get(gi)
        if near is not None and s > near.get(doc_of[j], _NOTHING)[1]:
            near[doc_of[j]] = (items[j], s)
        near = kept.get(gj)
        if near is not None and s > near.get(doc_of[i], _NOTHING)[1]:
            near[doc_of[i]] = (items[i], s)
    out = []
    for g, near in kept.items():
        group = Group()
        for k in sorted(members[g], key=best.__getitem__, reverse=True):
            d = doc_of[k]
            if d in group.members:
                group.alternatives.setdefault(d, []).append(items[k])
                group.alternative_scores.setdefault(d, []).append(round(best[k], 3))
            else:
                group.members[d], group.scores[d] = items[k], round(best[k], 3)
        for d in group.members:
            near.pop(d, None)
        group.partial = near
        out.append(group)
    return out
