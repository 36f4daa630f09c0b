"""File > Export: format, filters, destination, and a highlighted preview.

The preview is the first records of the chosen format, highlighted by pygments
into HTML (our own markup around escaped data) shown in a read-only browser.
The export itself is core.interchange.exporting.export, with a progress dialog for long runs.
"""
from __future__ import annotations

from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QApplication, QButtonGroup, QCheckBox, QComboBox, QDialog,
                               QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QProgressDialog, QPushButton,
                               QRadioButton, QTextBrowser, QVBoxLayout, QWidget)

from annotator.core.interchange import exporting, registry
from annotator.core.model import STATUSES, AnnotatorError
from annotator.ui import plain
from annotator.ui.file_dialogs import save_file

# The formats, their titles, hints, file endings and preview lexers: all from the registry.
FORMATS = {f.name: f for f in registry.writers()}
PREVIEW_STYLE = "friendly"
ALL = "All"


class ExportDialog(QDialog):
    exported = Signal(str)          # the report's summary, for the status bar

    def __init__(self, project, parent=None, doc_id: str | None = None):
        super().__init__(parent)
        self.project = project
        self.doc_id = doc_id
        self.report: exporting.ExportReport | None = None
        self._auto_path = True
        self.setWindowTitle("Export annotations")
        self.resize(980, 640)

        left = QVBoxLayout()
        left.addWidget(self._format_group())
        left.addWidget(self._filter_group())
        left.addWidget(self._destination_group())
        left.addStretch(1)
        side = QWidget()
        side.setLayout(left)
        side.setFixedWidth(390)

        self.preview = QTextBrowser()
        self.preview.setReadOnly(True)
        self.preview.setOpenLinks(False)
        self.preview.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.preview_title = QLabel()
        self.preview_title.setStyleSheet("font-weight: 600;")
        right = QVBoxLayout()
        right.addWidget(self.preview_title)
        right.addWidget(self.preview, 1)

        body = QHBoxLayout()
        body.addWidget(side)
        body.addLayout(right, 1)

        self.summary = plain.label()
        self.error = plain.label()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.run_export)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.format_buttons["jsonl"].setChecked(True)
        self._format_changed()

    # -- building ----------------------------------------------------------------
    def _format_group(self) -> QGroupBox:
        box = QGroupBox("Format")
        layout = QVBoxLayout(box)
        layout.setSpacing(2)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for fmt, spec in FORMATS.items():
            button = QRadioButton(spec.title)
            button.setToolTip(spec.hint)
            hint = QLabel(spec.hint)
            hint.setStyleSheet("color: #666666; margin-left: 22px; margin-bottom: 3px;")
            self.format_group.addButton(button)
            self.format_buttons[fmt] = button
            layout.addWidget(button)
            layout.addWidget(hint)
        self.format_group.buttonToggled.connect(
            lambda _button, checked: checked and self._format_changed())
        return box

    def _filter_group(self) -> QGroupBox:
        box = QGroupBox("Filters")
        form = QFormLayout(box)
        p = self.project
        self.outlet_box = self._choices(p.distinct("outlet"))
        self.event_box = self._choices(p.distinct("event"))
        self.label_box = self._choices([l.name for l in p.labels()])
        self.status_box = self._choices(list(STATUSES))
        form.addRow("Outlet", self.outlet_box)
        form.addRow("Event", self.event_box)
        form.addRow("Label", self.label_box)
        form.addRow("Status", self.status_box)
        self.current_doc_box = QCheckBox(
            f"Current document only ({self.doc_id})" if self.doc_id else "Current document only")
        self.current_doc_box.setEnabled(self.doc_id is not None)
        self.current_doc_box.toggled.connect(self._filters_changed)
        form.addRow(self.current_doc_box)
        return box

    def _choices(self, values: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(ALL, None)
        for v in values:
            combo.addItem(v, v)
        combo.setMinimumContentsLength(18)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.currentIndexChanged.connect(self._filters_changed)
        return combo

    def _destination_group(self) -> QGroupBox:
        box = QGroupBox("Destination")
        row = QHBoxLayout(box)
        self.path_edit = QLineEdit()
        self.path_edit.textEdited.connect(self._path_edited)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        return box

    # -- state -------------------------------------------------------------------
    @property
    def fmt(self) -> str:
        return next(f for f, b in self.format_buttons.items() if b.isChecked())

    def filters(self) -> exporting.Filters:
        pick = lambda combo: [combo.currentData()] if combo.currentData() else None
        doc = [self.doc_id] if self.doc_id and self.current_doc_box.isChecked() else None
        return exporting.Filters(outlet=pick(self.outlet_box), event=pick(self.event_box),
                                 label=pick(self.label_box), status=pick(self.status_box),
                                 doc=doc)

    def _default_path(self) -> Path:
        folder = (Path(self.project.path).parent if self.project.path != ":memory:"
                  else Path.home())
        stem = Path(self.project.path).stem if self.project.path != ":memory:" else "annotations"
        return folder / f"{stem}{FORMATS[self.fmt].export_suffix}"

    def _path_edited(self, _text: str) -> None:
        self._auto_path = False
        self._update_summary()

    def _format_changed(self) -> None:
        if self._auto_path:
            self.path_edit.setText(str(self._default_path()))
        self._refresh()

    def _filters_changed(self, *_args) -> None:
        for combo in (self.outlet_box, self.event_box, self.status_box):
            combo.setEnabled(not self.current_doc_box.isChecked())
        self._refresh()

    def _refresh(self) -> None:
        self._update_summary()
        self._update_preview()

    def _update_summary(self) -> None:
        docs, spans = exporting.count(self.project, self.filters())
        self.summary.setText(f"{docs:,} document(s), {spans:,} span(s) will be written")
        self.export_button.setEnabled(bool(self.path_edit.text().strip()))

    def _update_preview(self) -> None:
        fmt = self.fmt
        spec = FORMATS[fmt]
        self.preview_title.setText(f"Preview: first records as {spec.title}"
                                   + (f" ({spec.preview_note})" if spec.preview_note else ""))
        try:
            text = exporting.preview(self.project, fmt, self.filters())
        except AnnotatorError as e:
            text = f"; cannot preview: {e}"
        if not text.strip():
            text = "; nothing matches these filters"
        self.preview.setHtml(render(text, spec.lexer() if spec.lexer else TextLexer()))

    # -- actions -----------------------------------------------------------------
    def browse(self) -> None:
        current = self.path_edit.text() or str(self._default_path())
        # Never Qt's static dialogs: they open files to sniff their type (issue 8).
        spec = FORMATS[self.fmt]
        if spec.writer().folder:
            path = save_file(self, f"Export {spec.title} folder", current, "Folder (*)",
                             self.project.path)
        else:
            path = save_file(self, "Export to", current,
                             f"{spec.title} (*{spec.export_suffix});;All files (*)",
                             self.project.path)
        if path:
            self.path_edit.setText(path)
            self._auto_path = False

    def run_export(self) -> None:
        target = self.path_edit.text().strip()
        if not target:
            return
        progress = QProgressDialog("Exporting…", "Cancel", 0, 100, self)
        progress.setWindowTitle("Export")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def step(done: int, total: int) -> bool:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            progress.setLabelText(f"Exporting {done:,} of {total:,} documents…")
            QApplication.processEvents()
            return not progress.wasCanceled()
        try:
            self.report = exporting.export(self.project, self.fmt, target, self.filters(),
                                           progress=step)
        except (AnnotatorError, OSError) as e:
            self.error.setText(str(e) if isinstance(e, AnnotatorError)
                               else f"{e.filename or target}: {e.strerror or e}")
            self.error.show()
            return
        finally:
            progress.close()
        self.exported.emit(self.report.summary())
        self.accept()


def render(text: str, lexer, wrap: bool = True) -> str:
    """Highlighted HTML with inline styles; long lines wrap unless rows must stay rows."""
    formatter = HtmlFormatter(noclasses=True, nowrap=True, style=PREVIEW_STYLE)
    body = highlight(text, lexer, formatter)
    background = formatter.style.background_color or "#ffffff"
    return (f'<div style="background: {background};">'
            f'<pre style="white-space: {"pre-wrap" if wrap else "pre"}; '
            "font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; "
            f'font-size: 10pt;">{body}</pre></div>')
