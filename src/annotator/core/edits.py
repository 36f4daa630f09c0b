"""Every change an analyst can make, as an operation that commits and reports.

`Editor.run(op)` applies an operation in one transaction and returns `Changes`;
each operation's `apply` also returns its inverse, which is what undo runs.
The window, the CLI and the tests all go through `Editor`.
"""
from __future__ import annotations

import getpass
import os
import sqlite3
from dataclasses import dataclass, field, replace

from annotator.core.model import (SPAN_FIELDS, STATUSES, NotFound, ProjectError, Span, ValidationError,
                    check_offsets)
from annotator.core.store.guard import LogReplaced
from annotator.core.store.project import Project, now


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


def _clean(value):
    if value is None:
        return None
    value = str(value).strip()
    return value or None


ENV_ANNOTATOR = "ANNOTATOR_NAME"


def default_annotator() -> str:
    """$ANNOTATOR_NAME, else (older name) $ANNOTATOR_USER, else the OS user."""
    return (os.environ.get(ENV_ANNOTATOR) or os.environ.get("ANNOTATOR_USER")
            or getpass.getuser() or "annotator")


@dataclass
class Editor:
    """Runs operations on a project and keeps this session's undo and redo stacks."""
    project: Project
    annotator: str = field(default_factory=default_annotator)
    undo_stack: list[Operation] = field(default_factory=list)
    redo_stack: list[Operation] = field(default_factory=list)
    limit: int = 1000

    def run(self, op: Operation) -> Changes:
        with self.project.errors():
            changes, inverse = self._apply(op)
        if changes.empty or inverse is None:
            return changes          # nothing changed, or not undoable (an import): no step
        # Named for what it undoes ("Undo Relabel as accusation"), not for the inverse.
        self.undo_stack.append(Batch((inverse,), changes.description or op.description))
        del self.undo_stack[:-self.limit]
        self.redo_stack.clear()
        return changes

    def _apply(self, op: Operation) -> tuple[Changes, Operation]:
        if self.project.conn.in_transaction:
            # Another write is open (an import whose progress let a key press in):
            # nested, this edit would not commit now and would vanish with its rollback.
            raise ProjectError("another change is still being saved; "
                               "try again when it has finished")
        try:
            with self.project.transaction():
                return op.apply(self.project)
        except LogReplaced as e:
            # Committed into a log another program deleted: not saved. Retry once on
            # a fresh connection, so the edit is in the file before it is shown.
            try:
                self.project.reopen()
            except ProjectError as again:
                raise ProjectError(f"{e} (reopening failed: {again})") from again
        with self.project.transaction():
            return op.apply(self.project)

    def undo(self) -> Changes:
        return self._swap(self.undo_stack, self.redo_stack, "undo")

    def redo(self) -> Changes:
        return self._swap(self.redo_stack, self.undo_stack, "redo")

    def _swap(self, source: list, target: list, what: str) -> Changes:
        if not source:
            raise ValidationError(f"nothing to {what}")
        op = source.pop()
        try:
            with self.project.errors():
                changes, inverse = self._apply(op)
        except (NotFound, ValidationError) as e:
            # Changed elsewhere since (another window, the CLI): nothing was written;
            # drop the step so the ones before it stay reachable.
            message = str(e) if what == "undo" else str(e).replace("not undone", "not redone")
            raise ValidationError(f"cannot {what} {op.description}: {message}") from e
        except BaseException:
            # Locked or failed to save: nothing changed, so the step stays for a retry.
            source.append(op)
            raise
        target.append(inverse)
        return changes

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def undo_text(self) -> str:
        return self.undo_stack[-1].description if self.undo_stack else ""

    def redo_text(self) -> str:
        return self.redo_stack[-1].description if self.redo_stack else ""

    # -- conveniences: each builds one operation and runs it ----------------
    def add_span(self, doc_id: str, start: int, end: int, label: str, *,
                 speaker: str | None = None, note: str | None = None) -> Changes:
        return self.add_spans(doc_id, [(start, end)], label, speaker=speaker, note=note)

    def add_spans(self, doc_id: str, ranges, label: str, *, speaker=None, note=None) -> Changes:
        """Tag one or more ranges as one undo step; a new document becomes in progress."""
        return self.run(TagSpans(doc_id, tuple(ranges), label, self.annotator, speaker, note))

    def remove_span(self, span_id: int) -> Changes:
        return self.run(RemoveSpan(span_id))

    def update_span(self, span_id: int, **values) -> Changes:
        return self.run(UpdateSpan.of(span_id, **values))

    def set_status(self, doc_id: str, status: str) -> Changes:
        return self.run(SetStatus(doc_id, status))

    def new_span_id(self, changes: Changes) -> int:
        """The id of the one span an add created."""
        (span,) = changes.spans_added
        return span.id


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
