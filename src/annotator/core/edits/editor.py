"""The Editor: runs an operation in one transaction and keeps the undo and redo stacks.

`Editor.run(op)` applies an operation and returns `Changes`; each operation's
`apply` also returns its inverse, which is what undo runs.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field

from annotator.core.edits.operation import Batch, Changes, Operation
from annotator.core.edits.span_ops import RemoveSpan, SetStatus, TagSpans, UpdateSpan
from annotator.core.model import NotFound, ProjectError, ValidationError
from annotator.core.store.guard import LogReplaced
from annotator.core.store.project import Project


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
