"""Cross-outlet comparison of one event (or any set of documents).

What each outlet tagged (counts, character shares, rate per 1,000 words, where in
the article, whom it quoted), which passages report the same thing across the
articles (core.align), and where outlets disagree on a label or leave a passage out.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from annotator.core.gcpause import cyclic_gc_paused
from annotator.core.compare import align
from annotator.core.doc_facts import facts, layout  # noqa: F401 (layout: re-exported for callers)
from annotator.core.model import Document, Label, NotFound, Span, ValidationError
from annotator.core.store import compare_queries
from annotator.core.store.project import Project

POSITIONS = ("headline", "lead", "rest")
NO_OUTLET = "(no outlet)"
NO_SPEAKER = "(unattributed)"


# -- what the comparison holds -------------------------------------------------------
@dataclass
class LabelStats:
    count: int = 0
    chars: int = 0                       # characters under the label (overlaps counted once)
    share: float = 0.0                   # chars / the outlet's characters
    per_1000_words: float = 0.0
    positions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(POSITIONS, 0))
    speakers: Counter = field(default_factory=Counter)


@dataclass
class OutletProfile:
    outlet: str
    doc_ids: list[str] = field(default_factory=list)
    chars: int = 0
    words: int = 0
    labels: dict[str, LabelStats] = field(default_factory=dict)

    @property
    def spans(self) -> int:
        return sum(s.count for s in self.labels.values())


@dataclass(frozen=True)
class DocInfo:
    id: str
    outlet: str
    title: str
    column: str                          # outlet, plus the id when an outlet repeats


@dataclass(frozen=True, slots=True)
class Cell:
    doc_id: str
    start: int
    end: int
    text: str
    label: str | None                    # None: printed, not tagged
    speaker: str | None
    score: float                         # best similarity to another cell of the group
    span_id: int | None = None


@dataclass
class AlignedGroup:
    id: int
    cells: dict[str, Cell]               # doc id -> cell; absent docs omit the passage
    label: str | None                    # the majority label of the tagged cells
    omitted: list[str]                   # docs with no passage even loosely related
    untagged: list[str]                  # docs that print it without a label
    label_conflict: bool                 # tagged cells carry different labels
    # doc id -> (its loosely related passage, score); .partial makes them cells
    near: dict[str, tuple[align.Passage, float]] = field(default_factory=dict, repr=False)
    column: dict[str, int] = field(default_factory=dict, repr=False,     # doc id -> column
                                   compare=False)
    # doc id -> the article's other renderings of the statement (a lead's summary and
    # the later quote); cells holds its best-linked one
    alternatives: dict[str, list[Cell]] = field(default_factory=dict)
    _partial: dict[str, Cell] | None = field(default=None, init=False, repr=False,
                                             compare=False)

    @property
    def partial(self) -> dict[str, Cell]:
        """doc id -> its loosely related passage, in column order. Built when first
        asked for: a 500-article event has 10^5 of them and a view shows a few."""
        if self._partial is None:
            col = self.column.get
            self._partial = {
                d: Cell(d, p.start, p.end, p.text, p.label, p.speaker, round(score, 3),
                        p.span_id)
                for d, (p, score) in sorted(self.near.items(), key=lambda kv: col(kv[0], 0))}
        return self._partial

    @property
    def disagreement(self) -> bool:
        return self.label_conflict or bool(self.untagged)

    @property
    def omission(self) -> bool:
        return bool(self.omitted)

    @property
    def coverage(self) -> str:
        n, total = len(self.cells), len(self.cells) + len(self.omitted) + len(self.near)
        return "all" if n == total else "one" if n == 1 else "some"

    @property
    def score(self) -> float:
        return min(c.score for c in self.cells.values()) if len(self.cells) > 1 else 0.0


@dataclass
class Comparison:
    title: str
    docs: list[DocInfo]
    labels: list[Label]
    profiles: list[OutletProfile]
    groups: list[AlignedGroup]
    agreement: dict[str, dict[str, list[int]]]   # label -> all/some/one -> group ids

    def doc(self, doc_id: str) -> DocInfo:
        return next(d for d in self.docs if d.id == doc_id)


# -- building it -------------------------------------------------------------------
def select_documents(project: Project, event: str | None = None,
                     doc_ids: Iterable[str] | None = None) -> list[Document]:
    """The event's documents plus any named ones, in import order; errors name the gap."""
    doc_ids = list(doc_ids or [])
    if not event and not doc_ids:
        raise ValidationError("name an event (--event) or documents (--doc) to compare")
    ids = []
    if event:
        ids = [r["id"] for r in project.document_rows(event=event)]
        if not ids:
            known = ", ".join(project.distinct("event")) or "none"
            raise NotFound(f"no documents for event {event!r} (events: {known})")
    ids += [i for i in dict.fromkeys(doc_ids) if i not in ids]
    found = compare_queries.documents(project, ids)
    for i in ids:
        if i not in found:
            project.document(i)                       # raises NotFound naming it
    return [found[i] for i in ids]


def compare(project: Project, event: str | None = None,
            doc_ids: Iterable[str] | None = None,
            threshold: float = align.THRESHOLD,
            annotators: Iterable[str] | None = None) -> Comparison:
    """annotators: only their spans (e.g. the reviewer's settled version)."""
    with cyclic_gc_paused():           # loading 500 articles' rows allocates a lot too
        return _compare(project, event, doc_ids, threshold, annotators)


def _compare(project, event, doc_ids, threshold, annotators) -> Comparison:
    docs = select_documents(project, event, doc_ids)
    spans = compare_queries.spans(project, [d.id for d in docs])
    if annotators is not None:
        from annotator.core.store.team import annotators as known
        who, everyone = set(annotators), known(project)
        if who - set(everyone):
            raise NotFound(f"no spans by {sorted(who - set(everyone))[0]!r} in this project "
                           f"(annotators: {', '.join(everyone) or 'none'})")
        spans = {d: [s for s in ss if s.annotator in who] for d, ss in spans.items()}
    title = event or ", ".join(d.id for d in docs)
    return build(title, docs, spans, project.labels(), threshold, stored_facts(project, docs))


def stored_facts(project: Project, docs: list[Document]) -> dict[str, tuple]:
    """The figures import stored for these documents (core.doc_facts), by id."""
    return compare_queries.stored_facts(project, [d.id for d in docs])


def build(title: str, docs: list[Document], spans: dict[str, list[Span]],
          labels: list[Label], threshold: float = align.THRESHOLD,
          known_facts: dict[str, tuple] | None = None) -> Comparison:
    """The whole comparison from documents already in memory (no database access)."""
    with cyclic_gc_paused():
        return _build(title, docs, spans, labels, threshold, known_facts)


def _build(title, docs, spans, labels, threshold, known_facts) -> Comparison:
    infos = _doc_infos(docs)
    profiles = build_profiles(
        ((d.id, d.outlet, d.text) for d in docs),
        ((s.doc_id, s.start, s.end, s.label, s.speaker) for d in docs for s in spans[d.id]),
        labels, known_facts)
    items: list[align.Passage] = []
    for d in docs:
        items += align.passages(d.id, d.text, spans[d.id], len(items))
    groups = _groups(align.align(items, threshold), [d.id for d in docs], labels)
    return Comparison(title, infos, labels, profiles, groups, agreement(groups, labels))


def _doc_infos(docs: list[Document]) -> list[DocInfo]:
    per_outlet = Counter(d.outlet or NO_OUTLET for d in docs)
    out = []
    for d in docs:
        outlet = d.outlet or NO_OUTLET
        column = outlet if per_outlet[outlet] == 1 else f"{outlet} · {d.id}"
        out.append(DocInfo(d.id, outlet, d.display_title(), column))
    return out


def _groups(raw: list[align.Group], doc_order: list[str], labels: list[Label]
            ) -> list[AlignedGroup]:
    rank = {lab.name: i for i, lab in enumerate(labels)}
    col = {d: i for i, d in enumerate(doc_order)}
    by_col = col.__getitem__
    # Each group's members in column order; reading order of the groups: by the first
    # document that carries the group, then by offset (one passage per document).
    ordered = [sorted(g.members.items(), key=lambda kv: by_col(kv[0]))
               if len(g.members) > 1 else list(g.members.items()) for g in raw]
    keys = [(col[m[0][0]], m[0][1].start) for m in ordered]
    every = col.keys()
    out = []
    for n, k in enumerate(sorted(range(len(raw)), key=keys.__getitem__), 1):
        members, scores = ordered[k], raw[k].scores
        cells = {d: Cell(d, p.start, p.end, p.text, p.label, p.speaker, scores[d], p.span_id)
                 for d, p in members}
        near = raw[k].partial
        tags = [p.label for _, p in members if p.label]
        if len(tags) > 1:
            tagged = Counter(tags)
            label = min(tagged, key=lambda l: (-tagged[l], rank.get(l, 99), l))
        else:
            tagged, label = tags, tags[0] if tags else None
        out.append(AlignedGroup(
            n, cells, label,
            omitted=(sorted(every - cells.keys() - near.keys(), key=by_col)
                     if len(cells) + len(near) < len(col) else []),
            untagged=[d for d, p in members if p.label is None],
            label_conflict=len(tagged) > 1, near=near, column=col,
            alternatives={d: [Cell(d, p.start, p.end, p.text, p.label, p.speaker, score,
                                   p.span_id)
                              for p, score in zip(ps, raw[k].alternative_scores[d])]
                          for d, ps in sorted(raw[k].alternatives.items(),
                                              key=lambda kv: by_col(kv[0]))}))
    return out


def agreement(groups: list[AlignedGroup], labels: list[Label]) -> dict:
    """Per label, the groups (by majority label) found in all, some or one document."""
    out = {lab.name: {"all": [], "some": [], "one": []} for lab in labels}
    for g in groups:
        if g.label is not None:
            out.setdefault(g.label, {"all": [], "some": [], "one": []})[g.coverage].append(g.id)
    return out


# -- per-outlet profiles -----------------------------------------------------------
def build_profiles(docs: Iterable[tuple], spans: Iterable[tuple], labels: list[Label],
                   known_facts: dict[str, tuple] | None = None) -> list[OutletProfile]:
    """Profiles from (doc id, outlet, text) rows and (doc id, start, end, label,
    speaker) rows. Texts are reduced to core.doc_facts' figures, unless known_facts
    (doc id -> those figures, as stored at import) already holds them."""
    known_facts = known_facts or {}
    by_doc: dict[str, tuple] = {}
    profiles: dict[str, OutletProfile] = {}
    for doc_id, outlet, text in docs:
        outlet = outlet or NO_OUTLET
        p = profiles.get(outlet)
        if p is None:
            p = profiles[outlet] = OutletProfile(
                outlet, labels={lab.name: LabelStats() for lab in labels})
        p.doc_ids.append(doc_id)
        chars, words, *bounds = known_facts.get(doc_id) or facts(text)
        p.chars += chars
        p.words += words
        by_doc[doc_id] = (p, *bounds)
    covered: dict[tuple, list] = {}                 # (doc, label) -> merged [start, end]
    for doc_id, start, end, label, speaker in spans:
        f = by_doc.get(doc_id)
        if f is None:
            continue
        p, head_end, lead_start, lead_end = f
        st = p.labels.get(label) or p.labels.setdefault(label, LabelStats())
        st.count += 1
        where = ("headline" if start < head_end else
                 "lead" if lead_start <= start < lead_end else "rest")
        st.positions[where] += 1
        st.speakers[speaker or NO_SPEAKER] += 1
        _cover(covered.setdefault((doc_id, label), []), start, end)
    for (doc_id, label), ranges in covered.items():
        by_doc[doc_id][0].labels[label].chars += sum(e - s for s, e in ranges)
    for p in profiles.values():
        for st in p.labels.values():
            st.share = st.chars / p.chars if p.chars else 0.0
            st.per_1000_words = 1000 * st.count / p.words if p.words else 0.0
    return sorted(profiles.values(), key=lambda p: p.outlet.casefold())


def _cover(ranges: list, start: int, end: int) -> None:
    """Add [start, end) to disjoint sorted ranges (spans arrive mostly sorted)."""
    if not ranges or start > ranges[-1][1]:
        ranges.append([start, end])
        return
    ranges.append([start, end])
    ranges.sort()
    merged = [ranges[0]]
    for s, e in ranges[1:]:
        if s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    ranges[:] = merged
