"""What every operation shares: the Changes it reports, the Operation base, Batch
(several operations as one undo step) and the errors of an undo whose row moved on.

The span and status operations are in span_ops.py, the Editor that runs them in
editor.py; `annotator.core.edits` re-exports all three.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.model import Span, ValidationError
from annotator.core.store.project import Project


@dataclass(frozen=True, kw_only=True)
class Changes:
    """What an operation changed, carrying the new records, so every view redraws
    exactly that and nothing reads the document again."""
    description: str = ""
    span_docs: frozenset[str] = frozenset()        # documents whose spans changed
    spans_added: tuple[Span, ...] = ()             # the new spans, as stored
    spans_updated: tuple[Span, ...] = ()           # the changed spans, as stored now
    spans_removed: frozenset[int] = frozenset()    # ids of spans deleted
    doc_status: dict[str, str] = field(default_factory=dict)          # doc id -> new status
    doc_fields: dict[str, dict[str, object]] = field(default_factory=dict)  # id -> new meta
    documents_added: frozenset[str] = frozenset()  # imported documents
    labels_changed: bool = False                   # the label set changed
    labels_renamed: dict[str, str] = field(default_factory=dict)      # old name -> new name
    documents_removed: frozenset[str] = frozenset()  # documents taken out (undo of a merge)
    review_status: dict[str, str] = field(default_factory=dict)       # doc id -> review status
    suggestions: frozenset[str] = frozenset()      # documents whose suggestions changed

    def __or__(self, other: "Changes") -> "Changes":
        def merged(a: dict, b: dict) -> dict:
            out = {k: dict(v) if isinstance(v, dict) else v for k, v in a.items()}
            for k, v in b.items():
                out[k] = {**out.get(k, {}), **v} if isinstance(v, dict) else v
            return out
        gone = self.spans_removed | other.spans_removed
        added = {s.id: s for s in self.spans_added}
        updated = {s.id: s for s in self.spans_updated}
        for s in other.spans_added:
            added[s.id] = s
        for s in other.spans_updated:       # a span added then changed is still "added"
            (added if s.id in added else updated)[s.id] = s
        return Changes(
            description=self.description or other.description,
            span_docs=self.span_docs | other.span_docs,
            spans_added=tuple(s for i, s in added.items() if i not in other.spans_removed),
            spans_updated=tuple(s for i, s in updated.items() if i not in other.spans_removed),
            spans_removed=frozenset(i for i in gone if i not in added or
                                    i in other.spans_removed),
            doc_status={**self.doc_status, **other.doc_status},
            doc_fields=merged(self.doc_fields, other.doc_fields),
            documents_added=self.documents_added | other.documents_added,
            labels_changed=self.labels_changed or other.labels_changed,
            labels_renamed={**self.labels_renamed, **other.labels_renamed},
            documents_removed=self.documents_removed | other.documents_removed,
            review_status={**self.review_status, **other.review_status},
            suggestions=self.suggestions | other.suggestions,
        )

    @property
    def span_ids(self) -> frozenset[int]:
        """Every span this change touched."""
        return (frozenset(s.id for s in self.spans_added + self.spans_updated)
                | self.spans_removed)

    @property
    def added_ids(self) -> frozenset[int]:
        return frozenset(s.id for s in self.spans_added)

    @property
    def empty(self) -> bool:
        return not (self.spans_added or self.spans_updated or self.spans_removed
                    or self.doc_status or self.doc_fields
                    or self.documents_added or self.documents_removed or self.labels_changed
                    or self.review_status or self.suggestions)


class Operation:
    """Base: apply(project) -> (Changes, inverse Operation). Runs inside a transaction."""
    description = ""

    def apply(self, project: Project) -> tuple[Changes, "Operation"]:
        raise NotImplementedError


class Conflict(ValidationError):
    """An undo or redo whose row was changed by someone else since this editor wrote it."""


class Gone(Conflict):
    """An undo or redo whose row was deleted elsewhere since; a Batch skips it."""


CHANGED_ELSEWHERE = "changed elsewhere since; not undone"


@dataclass(frozen=True)
class Batch(Operation):
    """Several operations as one undo step; the inverse runs them backwards."""
    ops: tuple[Operation, ...]
    label: str = ""

    @property
    def description(self):
        return self.label or (self.ops[0].description if self.ops else "")

    def apply(self, project):
        """All or nothing, except that an undo step whose rows were partly deleted
        elsewhere undoes what is left (Gone parts are skipped; a Conflict refuses)."""
        total, inverses, gone = Changes(description=self.description), [], None
        for op in self.ops:
            try:
                changes, inverse = op.apply(project)
            except Gone as e:
                gone = e
                continue
            total = total | changes
            inverses.append(inverse)
        if gone is not None and total.empty:
            raise gone
        return total, Batch(tuple(reversed(inverses)), self.label)

