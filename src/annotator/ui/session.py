"""The window's hold on a project: runs core operations and broadcasts what changed.

Widgets never write to the project: they call `session.run(op, initiator=…)` (or
undo/redo), the one place that catches user errors, and redraw from the `changed`
signal's Changes record, which carries the new records.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.core.edits import Changes, Editor, Operation
from annotator.core.model import AnnotatorError, ProjectError
from annotator.core.store.project import Project


class Session(QObject):
    changed = Signal(object, object)    # Changes, initiator; after the transaction committed
    failed = Signal(str)                # one clear message; the project is unchanged
    unsaved = Signal(str)               # the project file could not take the change
    project_replaced = Signal()         # a different project file was opened

    def __init__(self, project: Project, annotator: str | None = None, parent=None):
        super().__init__(parent)
        self.project = project
        self.editor = Editor(project) if annotator is None else Editor(project, annotator)

    def replace_project(self, project: Project) -> None:
        old = self.project
        self.project = project
        self.editor = Editor(project, self.editor.annotator)
        old.close()
        self.project_replaced.emit()

    def run(self, op: Operation, initiator=None) -> Changes | None:
        """Run one core operation; on success emit `changed`, on a user error `failed`."""
        return self._emit(lambda: self.editor.run(op), initiator)

    def undo(self, initiator=None) -> Changes | None:
        return self._emit(self.editor.undo, initiator)

    def redo(self, initiator=None) -> Changes | None:
        return self._emit(self.editor.redo, initiator)

    def _emit(self, step, initiator) -> Changes | None:
        try:
            changes = step()
        except AnnotatorError as e:
            if isinstance(e, ProjectError):
                self.unsaved.emit(str(e))
            self.failed.emit(str(e))
            return None
        self.changed.emit(changes, initiator)
        return changes
