"""The window's hold on a project: runs core operations and broadcasts what changed.

Widgets never write to the project; they call `session.run(...)` (or undo/redo),
and redraw from the `changed` signal's Changes record.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal

from annotator.core.edits import Changes, Editor, Operation
from annotator.core.model import AnnotatorError, ProjectError
from annotator.core.store.project import Project


class Session(QObject):
    changed = Signal(object)        # Changes, after the transaction committed
    failed = Signal(str)            # one clear message; the project is unchanged
    unsaved = Signal(str)           # the project file could not take the change (ProjectError)
    project_replaced = Signal()     # a different project file was opened

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

    def run(self, op: Operation) -> Changes | None:
        return self.call(lambda: self.editor.run(op))

    def call(self, fn: Callable[[], Changes]) -> Changes | None:
        """Run one core call; on success emit `changed`, on a user error emit `failed`."""
        try:
            changes = fn()
        except AnnotatorError as e:
            if isinstance(e, ProjectError):
                self.unsaved.emit(str(e))
            self.failed.emit(str(e))
            return None
        self.changed.emit(changes)
        return changes

    def undo(self) -> Changes | None:
        return self.call(self.editor.undo)

    def redo(self) -> Changes | None:
        return self.call(self.editor.redo)
