"""The annotation panel: label buttons, the span list, and the selected span's fields.

It renders the ViewState (selection, counts) and only reports what the analyst
asked for (signals); the window turns that into core operations.
"""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QCompleter, QFormLayout, QGroupBox, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from annotator.ui.documents.models import SpanModel
from annotator.ui import plain
from annotator.ui.state import ViewState
from annotator.ui.widgets import NarrowColumns, record_table, select_row


def _text_colour(bg: QColor) -> str:
    return "#111111" if bg.lightnessF() > 0.55 else "#ffffff"


class LabelButton(QPushButton):
    def __init__(self, label, keys: str, parent=None):
        super().__init__(parent)
        self.label = label
        self.keys = keys
        self.setFocusPolicy(Qt.NoFocus)      # keep focus (and the selection) in the text
        self.setObjectName(f"label-{label.name}")
        self.setToolTip(plain.tip(f"{label.description}\nKeys: {keys}" if label.description
                                  else f"Keys: {keys}"))
        bg = QColor(label.colour)
        self.setStyleSheet(
            f"QPushButton {{ background: {bg.name()}; color: {_text_colour(bg)};"
            f" border: 1px solid {bg.darker(130).name()}; border-radius: 5px;"
            f" padding: 6px 10px; text-align: left; font-weight: 600; }}"
            f" QPushButton:hover {{ background: {bg.lighter(108).name()}; }}"
            f" QPushButton:pressed {{ background: {bg.darker(112).name()}; }}")
        self.set_count(0)

    def set_count(self, n: int) -> None:
        self.setText(f"{self.label.name}    [{self.keys}]    {n}")


class AnnotationPanel(QWidget):
    label_clicked = Signal(str)
    edit_requested = Signal(int, str, object)  # span id, field, new value
    fields_dirty = Signal(bool)                # a field shows text not yet saved

    def __init__(self, state: ViewState, span_model: SpanModel, parent=None):
        super().__init__(parent)
        self.setObjectName("panel")
        self.state = state
        self.model = span_model
        self.buttons: dict[str, LabelButton] = {}
        # The list follows the text a moment later, after the article has repainted:
        # a table repaint costs ~10 ms and the tagged span must show first.
        self._list_timer = QTimer(self, singleShot=True, interval=0)
        self._list_timer.timeout.connect(self._sync_list)
        self._fields_for: int | None = None      # the span the fields were filled from

        self.label_box = QGroupBox("Labels")
        self.label_layout = QVBoxLayout(self.label_box)
        self.label_layout.setSpacing(5)

        self.table = record_table(span_model, "spanList")
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(1, QHeaderView.Stretch)
        head.resizeSection(0, 108)          # "background" whole
        head.resizeSection(2, 100)
        self.table.setColumnHidden(3, True)     # the note: in the fields and the tooltip
        self.narrow = NarrowColumns(self.table, 1, ((2, 150),))   # the speaker gives way
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.span_box = QGroupBox("Spans")
        QVBoxLayout(self.span_box).addWidget(self.table)

        self.edit_box = QGroupBox("Selected span")
        form = QFormLayout(self.edit_box)
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("labelCombo")
        self.label_combo.activated.connect(self._combo_changed)
        self.speaker = QLineEdit()
        self.speaker.setObjectName("speaker")
        self.speaker.setPlaceholderText("who says it")
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        self.speaker.setCompleter(completer)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("a note for this span")
        self.span_text = QLabel()
        self.span_text.setObjectName("spanText")
        self.span_text.setTextFormat(Qt.PlainText)
        self.span_text.setWordWrap(True)
        self.span_text.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        # A fixed height: a new text never re-lays out the whole panel.
        self.span_text.setFixedHeight(self.span_text.fontMetrics().lineSpacing() * 4 + 4)
        form.addRow("Label", self.label_combo)
        form.addRow("Speaker", self.speaker)
        form.addRow("Note", self.note)
        form.addRow(self.span_text)
        self.speaker.editingFinished.connect(lambda: self._field_done("speaker", self.speaker))
        self.note.editingFinished.connect(lambda: self._field_done("note", self.note))
        for edit in (self.speaker, self.note):
            edit.textEdited.connect(lambda _t: self.fields_dirty.emit(bool(self.unsaved())))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.label_box)
        layout.addWidget(self.span_box, 1)
        layout.addWidget(self.edit_box)
        state.selection_changed.connect(self.show_span)
        state.spans_changed.connect(lambda _dirty: self.hold_list())
        state.document_opened.connect(lambda _doc: self._list_timer.start())
        self.show_span(None)

    # -- labels ---------------------------------------------------------------
    def set_labels(self, labels, keys: dict[str, str]) -> None:
        for b in self.buttons.values():
            b.deleteLater()
        self.buttons = {}
        for label in labels:
            b = LabelButton(label, keys.get(label.name, ""))
            b.clicked.connect(lambda _=False, n=label.name: self.label_clicked.emit(n))
            self.label_layout.addWidget(b)
            self.buttons[label.name] = b
        self.label_combo.clear()
        self.label_combo.addItems([l.name for l in labels])

    def _sync_counts(self) -> None:
        counts = self.state.spans.counts
        for name, b in self.buttons.items():
            b.set_count(counts.get(name, 0))

    def set_speakers(self, speakers: list[str]) -> None:
        self.completions.setStringList(speakers)

    # -- the selected span ------------------------------------------------------
    @property
    def span_id(self) -> int | None:
        return self.state.selected

    def show_span(self, _span_id=None) -> None:
        """Show the selected span's fields and select its row, just after the article
        has repainted."""
        self._list_timer.start()

    def _fill_fields(self) -> None:
        span = self.state.full(self.span_id) if self.span_id is not None else None
        for w in (self.label_combo, self.speaker, self.note):
            w.setProperty("idle", span is None)
        self.label_combo.setCurrentIndex(self.label_combo.findText(span.label) if span else -1)
        self.speaker.setText(span.speaker or "" if span else "")
        self.note.setText(span.note or "" if span else "")
        self._fields_for = span.id if span else None     # edits go to this span only
        shown = " ".join(span.text.split()) if span else "Select text and press a label key, " \
            "or click a span."
        # As much as its four lines hold at this width (the whole text is in the list).
        fm = self.span_text.fontMetrics()
        most = max(40, int(3.0 * max(self.span_text.width(), 150) / fm.averageCharWidth()))
        most = min(most, 200)
        self.span_text.setText(shown if len(shown) <= most else shown[:most - 1] + "…")
        self.fields_dirty.emit(False)

    def sync_now(self) -> None:
        if self._list_timer.isActive():
            self._list_timer.stop()
            self._sync_list()

    def hold_list(self) -> None:
        """Freeze the list's painting until the next sync (the text repaints first)."""
        self.table.setUpdatesEnabled(False)
        self._list_timer.start()

    def _sync_list(self) -> None:
        self._sync_counts()
        self._fill_fields()
        if self.span_id is not None:
            select_row(self.table, self.state.spans.row(self.span_id))
        else:
            self.table.selectionModel().clearSelection()
        self.table.setUpdatesEnabled(True)

    def focus_fields(self) -> None:
        self.sync_now()
        if self.span_id is not None:
            self.speaker.setFocus(Qt.ShortcutFocusReason)
            self.speaker.selectAll()

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():      # the row of the selected span already: no change
            self.state.select(self.model.span_at(current.row()).id)

    def _combo_changed(self, _i) -> None:      # `activated`: the user's choices only
        if self._fields_for is not None:
            self.edit_requested.emit(self._fields_for, "label", self.label_combo.currentText())

    def unsaved(self) -> list[tuple[str, str | None]]:
        """(field, value) the fields show that differ from the stored span."""
        span = self.state.full(self._fields_for) if self._fields_for is not None else None
        if span is None:
            return []
        out = []
        for field, edit in (("speaker", self.speaker), ("note", self.note)):
            value = edit.text().strip() or None
            if getattr(span, field) != value:
                out.append((field, value))
        return out

    def commit_fields(self) -> None:
        """Save what the fields show (leaving them by Esc or a click elsewhere)."""
        span_id = self._fields_for
        for field, value in self.unsaved():
            self.edit_requested.emit(span_id, field, value)

    def _field_done(self, field: str, edit: QLineEdit) -> None:
        if self._fields_for is None or not self.isVisible():     # a closed window
            return
        span = self.state.full(self._fields_for)
        value = edit.text().strip() or None
        if span is not None and getattr(span, field) != value:
            self.edit_requested.emit(self._fields_for, field, value)
