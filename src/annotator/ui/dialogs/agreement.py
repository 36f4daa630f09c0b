"""View ▸ Agreement: span F1 and unitizing alpha per label and per annotator pair,
for the documents every annotator coded or one event (see docs/agreement.md)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from annotator.core.model import AnnotatorError
from annotator.core.team import figures
from annotator.ui import plain

ALL = "documents every annotator coded"


def _cell(score) -> QTableWidgetItem:
    item = QTableWidgetItem("–" if score.value is None else f"{score.value:.3f}")
    item.setTextAlignment(Qt.AlignmentFlag(Qt.AlignRight | Qt.AlignVCenter))
    if score.value is None:
        item.setToolTip(plain.tip(score.reason))
    return item


class AgreementDialog(QDialog):
    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.project = project
        self.scope = QComboBox()
        self.scope.addItem(ALL, None)
        for event in project.distinct("event"):
            self.scope.addItem(f"event {event}", event)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setWordWrap(True)
        self.labels = QTableWidget(0, 4)
        self.labels.setObjectName("agreementLabels")
        self.labels.setHorizontalHeaderLabels(["label", "αu", "F1 exact", "F1 overlap"])
        self.pairs = QTableWidget(0, 5)
        self.pairs.setObjectName("agreementPairs")
        self.pairs.setHorizontalHeaderLabels(["annotator", "annotator", "spans",
                                              "F1 exact", "F1 overlap"])
        for t in (self.labels, self.pairs):
            t.setEditTriggers(QTableWidget.NoEditTriggers)
            t.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Documents:"))
        top.addWidget(self.scope, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.summary)
        box.addWidget(self.labels, 1)
        box.addWidget(self.pairs, 1)
        box.addWidget(buttons)
        self.scope.currentIndexChanged.connect(lambda _: self.refresh())
        self.resize(640, 560)
        self.refresh()

    def refresh(self) -> None:
        self.labels.setRowCount(0)
        self.pairs.setRowCount(0)
        try:
            report = figures.measure(self.project, figures.Choice(event=self.scope.currentData()))
        except AnnotatorError as e:
            self.summary.setText(str(e))
            return
        ov = report.overall
        self.summary.setText(
            f"{len(report.annotators)} annotators ({', '.join(report.annotators)}) over "
            f"{report.documents} document(s). αu: character-level agreement corrected for "
            "chance (1 = perfect, 0 = chance); F1: share of spans both made (exact: same "
            "start, end and label; overlap: same label, overlapping by half or more).")
        rows = [(f.label, f.alpha_u, f.f1_exact, f.f1_overlap) for f in report.labels]
        rows.append(("all (micro)", ov.alpha_u_micro, ov.f1_exact, ov.f1_overlap))
        for name, *scores in rows:
            r = self.labels.rowCount()
            self.labels.insertRow(r)
            self.labels.setItem(r, 0, QTableWidgetItem(name))
            for c, s in enumerate(scores, 1):
                self.labels.setItem(r, c, _cell(s))
        for p in report.pairs:
            r = self.pairs.rowCount()
            self.pairs.insertRow(r)
            for c, v in enumerate((p.a, p.b, f"{p.spans_a} / {p.spans_b}")):
                self.pairs.setItem(r, c, QTableWidgetItem(v))
            self.pairs.setItem(r, 3, _cell(p.f1_exact))
            self.pairs.setItem(r, 4, _cell(p.f1_overlap))
