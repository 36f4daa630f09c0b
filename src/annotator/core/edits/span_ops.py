"""The span and status operations: add, restore, remove, update, tag, set status.

Each `apply` runs inside the Editor's transaction and returns (Changes, inverse);
an inverse carries the row as written (`expect`), so an undo refuses a row changed
elsewhere since.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from annotator.core.edits.operation import (CHANGED_ELSEWHERE, Batch, Changes, Conflict, Gone,
                                            Operation)
from annotator.core.model import (SPAN_FIELDS, STATUSES, NotFound, Span, ValidationError,
                                  check_offsets)
from annotator.core.store.project import Project, now


def _insert_span(project: Project, span: Span, *, label_error: bool = False) -> int:
    """Insert a span; its label and annotator rows are checked by the foreign keys
    (PRAGMA foreign_keys is on for every connection), so an edit reads neither table:
    only when the insert is refused do we look up which row was missing."""
    for retry in (False, True):
        try:
            return project.insert_span(span)
        except sqlite3.IntegrityError as e:
            if "UNIQUE" in str(e):
                raise ValidationError(
                    f"{span.doc_id}: an identical {span.label} span at {span.start}-{span.end} "
                    f"by {span.annotator} already exists") from e
            if retry or "FOREIGN KEY" not in str(e):
                raise ValidationError(f"{span.doc_id}: span rejected ({e})") from e
            if label_error:
                _valid_label(project, span.label)
            project.ensure_annotator(span.annotator)   # a first edit by this annotator
    raise AssertionError("unreachable")


def _valid_label(project: Project, label: str) -> None:
    if not project.has_label(label):
        names = ", ".join(l.name for l in project.labels())
        raise ValidationError(f"unknown label {label!r} (labels: {names})")


def _new_spans(project: Project, doc_id: str, text: str, ranges, label: str,
               annotator: str, speaker, note) -> tuple[Span, ...]:
    """Insert spans over `ranges` of `text` (the document's), each offset-checked."""
    stamp = now()
    speaker, note = _clean(speaker), _clean(note)
    out = []
    for start, end in ranges:
        check_offsets(text, start, end)
        span = Span(None, doc_id, start, end, label, text[start:end], annotator, speaker,
                    note, stamp, stamp)
        span_id = _insert_span(project, span, label_error=True)
        out.append(Span(span_id, doc_id, start, end, label, span.text, annotator, speaker,
                        note, stamp, stamp))
    return tuple(out)


def _expected_span(project: Project, span_id: int, expect: Span | None) -> Span:
    """The stored span; for an undo or redo (`expect` given), only if it still holds
    exactly what this editor wrote (fields and `updated` stamp)."""
    try:
        span = project.span(span_id)
    except NotFound as e:
        if expect is None:
            raise
        raise Gone(f"{expect.label} span deleted elsewhere since; not undone") from e
    if expect is not None and span != expect:
        raise Conflict(f"{expect.label} span {CHANGED_ELSEWHERE}")
    return span


@dataclass(frozen=True)
class AddSpan(Operation):
    doc_id: str
    start: int
    end: int
    label: str
    annotator: str
    speaker: str | None = None
    note: str | None = None

    @property
    def description(self):
        return f"Add {self.label}"

    def apply(self, project):
        (span,) = _new_spans(project, self.doc_id, project.document_text(self.doc_id),
                             ((self.start, self.end),), self.label, self.annotator,
                             self.speaker, self.note)
        return (Changes(description=self.description, span_docs=frozenset([self.doc_id]),
                        spans_added=(span,)), RemoveSpan(span.id, expect=span))


@dataclass(frozen=True)
class RestoreSpan(Operation):
    """Put back a removed span with its id and timestamps (the inverse of RemoveSpan)."""
    span: Span
    description = "Restore span"

    def apply(self, project):
        try:
            check_offsets(project.document_text(self.span.doc_id), self.span.start, self.span.end)
        except NotFound as e:
            raise Gone(f"document {self.span.doc_id} deleted elsewhere since; not undone") from e
        if project.span_exists(self.span.id):
            raise Conflict(f"{self.span.label} span {CHANGED_ELSEWHERE}")
        try:
            span = replace(self.span, id=_insert_span(project, self.span))
        except ValidationError as e:
            raise Conflict(f"{e}; {CHANGED_ELSEWHERE}") from e
        return (Changes(description=f"Restore {span.label}", span_docs=frozenset([span.doc_id]),
                        spans_added=(span,)), RemoveSpan(span.id, expect=self.span))


@dataclass(frozen=True)
class RemoveSpan(Operation):
    span_id: int
    expect: Span | None = None      # an undo or redo: the row as this editor wrote it
    description = "Delete span"

    def apply(self, project):
        span = _expected_span(project, self.span_id, self.expect)
        project.delete_span(self.span_id)
        return (Changes(description=f"Delete {span.label}", span_docs=frozenset([span.doc_id]),
                        spans_removed=frozenset([span.id])), RestoreSpan(span))


@dataclass(frozen=True)
class UpdateSpan(Operation):
    """Change any of label, speaker, note, start, end of one span."""
    span_id: int
    values: tuple[tuple[str, object], ...]
    expect: Span | None = None      # an undo or redo: the row as this editor wrote it

    @classmethod
    def of(cls, span_id: int, expect: Span | None = None, **values) -> "UpdateSpan":
        bad = set(values) - set(SPAN_FIELDS)
        if bad:
            raise ValidationError(f"cannot change span field(s) {', '.join(sorted(bad))}")
        return cls(span_id, tuple(sorted(values.items())), expect)

    @property
    def description(self):
        names = [k for k, _ in self.values if k != "updated"]
        if names == ["label"]:
            return f"Relabel as {self.values[0][1]}"
        if set(names) <= {"start", "end"}:
            return "Change span boundaries"
        return "Edit " + ", ".join(names)

    def apply(self, project):
        old = _expected_span(project, self.span_id, self.expect)
        new_values = dict(self.values)
        for k in ("speaker", "note"):
            if k in new_values:
                new_values[k] = _clean(new_values[k])
        new = replace(old, **new_values)
        if new == old:
            return Changes(description=self.description), self
        if "start" in new_values or "end" in new_values:
            text = project.document_text(old.doc_id)
            check_offsets(text, new.start, new.end)
            new = replace(new, text=text[new.start:new.end])
        if new.label != old.label:
            _valid_label(project, new.label)
        if "updated" not in new_values:      # an undo puts the old stamp back too
            new = replace(new, updated=now())
        try:
            project.update_span(new)
        except sqlite3.IntegrityError as e:
            raise ValidationError(
                f"an identical {new.label} span at {new.start}-{new.end} already exists") from e
        inverse = UpdateSpan(old.id, tuple(sorted(
            {k: getattr(old, k) for k in (*new_values, "updated")}.items())), new)
        return (Changes(description=self.description, span_docs=frozenset([old.doc_id]),
                        spans_updated=(new,)), inverse)


@dataclass(frozen=True)
class SetStatus(Operation):
    doc_id: str
    status: str
    expect: str | None = None       # an undo or redo: the status this editor set

    @property
    def description(self):
        return f"Mark {self.status.replace('_', ' ')}"

    def apply(self, project):
        if self.status not in STATUSES:
            raise ValidationError(f"status must be one of {', '.join(STATUSES)}")
        try:
            old = project.document_status(self.doc_id)
        except NotFound as e:
            if self.expect is None:
                raise
            raise Gone(f"document {self.doc_id} deleted elsewhere since; not undone") from e
        if self.expect is not None and old != self.expect:
            raise Conflict(f"status of {self.doc_id} {CHANGED_ELSEWHERE}")
        project.set_status(self.doc_id, self.status)
        return (Changes(description=self.description, doc_status={self.doc_id: self.status}),
                SetStatus(self.doc_id, old, expect=self.status))


@dataclass(frozen=True)
class TagSpans(Operation):
    """Tag ranges as one step; a new document becomes in progress in the same
    transaction (the status is read under the write lock, not before it)."""
    doc_id: str
    ranges: tuple[tuple[int, int], ...]
    label: str
    annotator: str
    speaker: str | None = None
    note: str | None = None

    @property
    def description(self):
        return f"Add {self.label}"

    def apply(self, project):
        # The same steps as Batch(AddSpan..., SetStatus) in one read of the document
        # (text and status together) and without merging per-span Changes.
        doc = project.document_text_status(self.doc_id)
        spans = _new_spans(project, self.doc_id, doc.text, self.ranges, self.label,
                           self.annotator, self.speaker, self.note)
        inverses: list[Operation] = [RemoveSpan(s.id, expect=s) for s in spans]
        status = {}
        if doc.status == "new":
            project.set_status(self.doc_id, "in_progress")
            status = {self.doc_id: "in_progress"}
            inverses.append(SetStatus(self.doc_id, "new", expect="in_progress"))
        changes = Changes(description=self.description, doc_status=status,
                          span_docs=frozenset([self.doc_id]) if spans else frozenset(),
                          spans_added=spans)
        return changes, Batch(tuple(reversed(inverses)), self.description)


def _clean(value):
    if value is None:
        return None
    value = str(value).strip()
    return value or None

