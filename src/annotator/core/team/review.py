"""Adjudication: a reviewer settles each document's final spans from the annotators'.

The settled version is stored as ordinary spans whose annotator is the reviewer
(default "review"), so export --annotator review and compare --annotator review read
it like anyone's. Every accept or reject is an existing span operation (AddSpan,
RemoveSpan), batched with the document's review status, so each is one undo step.

A candidate is one (start, end, label) that at least one annotator made; it is agreed
when every annotator of the document made it exactly, otherwise a disagreement.
"""
from __future__ import annotations

from dataclasses import dataclass

from annotator.core.edits import AddSpan, Batch, Changes, Operation, RemoveSpan
from annotator.core.model import Span, ValidationError
from annotator.core.store import team as store
from annotator.core.store.project import Project, now

DEFAULT_REVIEWER = "review"
STATUSES = store.REVIEW_STATUSES


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    annotators: tuple[str, ...]      # who made it, in the document's annotator order
    spans: tuple[Span, ...]          # their spans, same order
    agreed: bool
    accepted: int | None             # the reviewer's span with this range and label


@dataclass(frozen=True)
class DocumentReview:
    doc_id: str
    reviewer: str
    status: str
    annotators: tuple[str, ...]      # everyone with spans here except the reviewer
    candidates: tuple[Candidate, ...]
    settled: tuple[Span, ...]        # the reviewer's spans

    @property
    def disagreements(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.agreed]

    @property
    def agreed_open(self) -> list[Candidate]:
        """Agreed candidates the reviewer has not accepted yet."""
        return [c for c in self.candidates if c.agreed and c.accepted is None]


def review_of(project: Project, doc_id: str, reviewer: str = DEFAULT_REVIEWER) -> DocumentReview:
    spans = project.spans(doc_id)
    mine = [s for s in spans if s.annotator == reviewer]
    others = [s for s in spans if s.annotator != reviewer]
    people = tuple(sorted({s.annotator for s in others}))
    groups: dict[tuple, list[Span]] = {}
    for s in others:
        groups.setdefault((s.start, s.end, s.label), []).append(s)
    accepted = {(s.start, s.end, s.label): s.id for s in mine}
    candidates = []
    for key in sorted(groups):
        by = sorted(groups[key], key=lambda s: people.index(s.annotator))
        names = tuple(dict.fromkeys(s.annotator for s in by))
        candidates.append(Candidate(*key, names, tuple(by),
                                    agreed=len(people) > 1 and len(names) == len(people),
                                    accepted=accepted.get(key)))
    return DocumentReview(doc_id, reviewer, store.review_status(project, doc_id), people,
                          tuple(candidates), tuple(mine))


@dataclass(frozen=True)
class SetReviewStatus(Operation):
    doc_id: str
    status: str
    reviewer: str

    @property
    def description(self):
        return f"Mark {self.status.replace('_', ' ')}"

    def apply(self, project):
        if self.status not in STATUSES:
            raise ValidationError(f"review status must be one of {', '.join(STATUSES)}")
        old = store.review_status(project, self.doc_id)
        if old == self.status:
            return Changes(description=self.description), self
        store.set_review_status(project, self.doc_id, self.status, self.reviewer, now())
        return (Changes(description=self.description, review_status={self.doc_id: self.status}),
                SetReviewStatus(self.doc_id, old, self.reviewer))


def _with_status(review: DocumentReview, ops: list[Operation], label: str) -> Operation:
    if review.status == "not_started":
        ops.append(SetReviewStatus(review.doc_id, "in_review", review.reviewer))
    return Batch(tuple(ops), label)


def accept(review: DocumentReview, cand: Candidate) -> Operation:
    """Copy a candidate (with the first maker's speaker and note) into the settled set."""
    if cand.accepted is not None:
        raise ValidationError("already accepted")
    src = cand.spans[0]
    return _with_status(review, [AddSpan(review.doc_id, cand.start, cand.end, cand.label,
                                         review.reviewer, src.speaker, src.note)],
                        f"Accept {cand.label}")


def accept_agreed(review: DocumentReview) -> Operation:
    """Every agreed candidate not yet accepted, as one step."""
    todo = review.agreed_open
    if not todo:
        raise ValidationError("no agreed spans left to accept")
    ops: list[Operation] = [AddSpan(review.doc_id, c.start, c.end, c.label, review.reviewer,
                                    c.spans[0].speaker, c.spans[0].note) for c in todo]
    return _with_status(review, ops, f"Accept {len(todo)} agreed")


def reject(review: DocumentReview, cand: Candidate) -> Operation:
    """Take a candidate out of the settled set (nothing to do if it is not in it)."""
    if cand.accepted is None:
        raise ValidationError("not accepted, so nothing to reject")
    return _with_status(review, [RemoveSpan(cand.accepted)], f"Reject {cand.label}")


def progress(project: Project) -> dict[str, int]:
    return store.review_counts(project)
