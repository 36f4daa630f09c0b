"""Document ▸ Properties: a non-modal form for the documents selected in the list.

Each field is committed when it is left (Enter, Tab, or closing the form) as one core
operation (SetDocumentMeta for many documents at once, SetStatus for the status), so
Ctrl+Z undoes it. With several documents selected, only the properties that make
sense for a batch (outlet, event, language, status) can be set.
"""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QVBoxLayout)

from annotator.core.doc_meta import SetDocumentMeta
from annotator.core.edits import Batch, SetStatus
from annotator.core.model import STATUSES
from annotator.ui.documents.models import STATUS_TEXT

FIELDS = (("outlet", "&Outlet"), ("event", "&Event"), ("title", "&Title"),
          ("author", "&Author"), ("published", "&Published"), ("url", "&URL"),
          ("language", "&Language"))
COMPLETED = ("outlet", "event", "language")          # offered from the project's values
BATCH = frozenset(("outlet", "event", "language"))   # settable on many documents at once
SEVERAL = "(several values)"


class PropertiesDialog(QDialog):
    def __init__(self, win):
        super().__init__(win)
        self.win, self.session = win, win.session
        self.setObjectName("documentProperties")
        self.setWindowTitle("Document Properties")
        self.setModal(False)
        self.doc_ids: tuple[str, ...] = ()
        self.values: dict[str, dict] = {}             # doc id -> field -> value (and status)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.PlainText)
        self.heading.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("propertiesError")
        self.error.setTextFormat(Qt.PlainText)
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.completions: dict[str, QStringListModel] = {}
        for name, text in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"property_{name}")
            edit.editingFinished.connect(lambda n=name: self.commit(n))
            if name in COMPLETED:
                model = self.completions[name] = QStringListModel(self)
                completer = QCompleter(model, edit)
                completer.setCaseSensitivity(Qt.CaseInsensitive)
                completer.setFilterMode(Qt.MatchContains)
                edit.setCompleter(completer)
            if name == "published":
                edit.setPlaceholderText("2024-03-05")
            self.edits[name] = edit
            form.addRow(text, edit)
        self.status = QComboBox()
        self.status.setObjectName("property_status")
        for s in STATUSES:
            self.status.addItem(STATUS_TEXT[s], s)
        self.status.activated.connect(self._set_status)
        form.addRow("&Status", self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():        # Enter commits a field, never closes
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        # Ctrl+Z / Ctrl+Shift+Z here too (a field's own text undo comes first).
        self.addActions([win.actions["undo"], win.actions["redo"]])
        win.docs.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.session.changed.connect(self._on_changed)
        self.session.project_replaced.connect(self.follow_selection)

    # -- what is shown --------------------------------------------------------------
    def follow_selection(self) -> None:
        self.show_documents(self.win.docs.selected_ids())

    def _selection_changed(self, *_) -> None:
        if self.isVisible():
            self.commit_all()               # a field typed into belongs to the old selection
            self.follow_selection()

    def show_documents(self, doc_ids) -> None:
        project = self.session.project
        self.doc_ids = tuple(doc_ids)
        self.values = {d: {**project.document_meta(d), "status": project.document_status(d)}
                       for d in self.doc_ids}
        for name, model in self.completions.items():
            model.setStringList(project.distinct(name))
        n = len(self.doc_ids)
        self.heading.setText("No document selected" if n == 0 else
                             f"Document {self.doc_ids[0]}" if n == 1 else
                             f"{n} documents selected: outlet, event, language and status "
                             "apply to all of them")
        self.error.clear()
        self._fill()

    def _fill(self) -> None:
        """Fields show the stored values (a shared one, or "several values")."""
        many = len(self.doc_ids) > 1
        for name, edit in self.edits.items():
            shared = self._shared(name)
            edit.setEnabled(bool(self.doc_ids) and (not many or name in BATCH))
            edit.setText(shared or "" if shared is not SEVERAL else "")
            edit.setPlaceholderText(SEVERAL if shared is SEVERAL else
                                    "2024-03-05" if name == "published" else "")
            edit.setModified(False)
        status = self._shared("status")
        self.status.setEnabled(bool(self.doc_ids))
        self.status.setCurrentIndex(-1 if status is SEVERAL or status is None
                                    else self.status.findData(status))

    def _shared(self, name: str):
        seen = {v[name] for v in self.values.values()}
        return next(iter(seen)) if len(seen) == 1 else (SEVERAL if seen else None)

    # -- changes ----------------------------------------------------------------------
    def commit(self, name: str) -> None:
        edit = self.edits[name]
        if not edit.isModified() or not self.doc_ids:
            return
        done = self.session.run(SetDocumentMeta.of(self.doc_ids, **{name: edit.text()}),
                                initiator=self)
        if done is not None:
            edit.setModified(False)
            self.error.clear()
            self._fill_one(name)

    def commit_all(self) -> None:
        for name in self.edits:
            self.commit(name)

    def _set_status(self, index: int) -> None:
        status = self.status.itemData(index)
        ops = tuple(SetStatus(d, status) for d in self.doc_ids
                    if self.values[d]["status"] != status)
        if ops:
            label = ops[0].description + (f" ({len(ops)} documents)" if len(ops) > 1 else "")
            self.session.run(Batch(ops, label), initiator=self)

    def _on_changed(self, ch, _initiator=None) -> None:
        """Follow edits from anywhere (this form, undo, the list) to the shown documents."""
        touched = False
        for doc_id in self.doc_ids:
            new = dict(ch.doc_fields.get(doc_id, {}))
            if doc_id in ch.doc_status:
                new["status"] = ch.doc_status[doc_id]
            if new:
                self.values[doc_id].update(new)
                touched = True
        if not touched:
            return
        for name in self.edits:
            if not self.edits[name].isModified():        # never overwrite what is typed
                self._fill_one(name)
        status = self._shared("status")
        self.status.setCurrentIndex(-1 if status is SEVERAL else self.status.findData(status))
        for name, model in self.completions.items():
            model.setStringList(self.session.project.distinct(name))

    def _fill_one(self, name: str) -> None:
        shared, edit = self._shared(name), self.edits[name]
        edit.setText(shared or "" if shared is not SEVERAL else "")
        edit.setModified(False)

    def reject(self) -> None:
        """Esc or Close: what was typed is kept, then the form goes away."""
        self.commit_all()
        super().reject()

    def _show_error(self, message: str) -> None:
        if self.isVisible():
            self.error.setText(message)


def show(win) -> None:
    """Edit ▸ Document Properties: open (or bring up) the form for the selection."""
    dialog = getattr(win, "properties", None)
    if dialog is None:
        dialog = win.properties = PropertiesDialog(win)
        win.session.failed.connect(dialog._show_error)
    dialog.follow_selection()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.edits["outlet"].setFocus(Qt.ShortcutFocusReason)
