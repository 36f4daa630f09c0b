"""After choosing files to import: the outlet and event for the whole batch.

Empty fields leave what the files say (or nothing); a value replaces it for every
imported document, as `annotator import --outlet/--event` does.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from annotator.core.doc_meta import clean_value


@dataclass(frozen=True)
class BatchMeta:
    outlet: str | None = None
    event: str | None = None


class BatchMetaDialog(QDialog):
    def __init__(self, parent, project, count: int):
        super().__init__(parent)
        self.setObjectName("importBatchMeta")
        self.setWindowTitle("Import")
        what = "1 file or folder" if count == 1 else f"{count} files or folders"
        intro = QLabel(f"Importing {what}. Set the outlet and event of every document, "
                       "or leave a field empty to keep what the files say.")
        intro.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(intro)
        self.edits = {}
        for name, text in (("outlet", "&Outlet"), ("event", "&Event")):
            edit = QLineEdit()
            edit.setObjectName(f"import_{name}")
            completer = QCompleter(project.distinct(name), edit)
            completer.setCaseSensitivity(Qt.CaseInsensitive)
            completer.setFilterMode(Qt.MatchContains)
            edit.setCompleter(completer)
            self.edits[name] = edit
            form.addRow(text, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("&Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> BatchMeta:
        return BatchMeta(**{k: clean_value(k, e.text()) for k, e in self.edits.items()})


def ask(parent, project, count: int) -> BatchMeta | None:
    """The batch's outlet and event, or None if the import was cancelled."""
    dialog = BatchMetaDialog(parent, project, count)
    try:
        return dialog.values() if dialog.exec() else None
    finally:
        dialog.deleteLater()
