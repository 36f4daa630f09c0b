"""The Review window: settle each document's final spans, keyboard first.

A window of its own (View ▸ Review), so its one-letter keys never clash with the
main window's label keys. Every accept, reject, edit or status change is a core
operation run through the shared Session: Edit ▸ Undo in either window takes it back.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMainWindow, QSplitter, QVBoxLayout, QWidget)

from annotator.core import text as textops
from annotator.core.edits import UpdateSpan
from annotator.core.model import AnnotatorError, NotFound
from annotator.core.store import team as store
from annotator.core.team import review as rv
from annotator.ui import plain
from annotator.ui.review.lanes import LaneView


@dataclass(frozen=True)
class Key:
    id: str
    text: str
    keys: tuple[str, ...]
    run: Callable[["ReviewWindow"], None]


KEYS: tuple[Key, ...] = (
    Key("next", "Next disagreement", ("J", "Down"), lambda w: w.step(1)),
    Key("prev", "Previous disagreement", ("K", "Up"), lambda w: w.step(-1)),
    Key("accept", "Accept this span", ("A", "Return", "Enter"), lambda w: w.accept()),
    Key("accept_agreed", "Accept every agreed span", ("Shift+A",), lambda w: w.accept_agreed()),
    Key("reject", "Reject (take out of the settled set)", ("X", "Delete"), lambda w: w.reject()),
    Key("start_left", "Settled span starts a word earlier", ("[",), lambda w: w.nudge("start", -1)),
    Key("start_right", "Settled span starts a word later", ("]",), lambda w: w.nudge("start", 1)),
    Key("end_left", "Settled span ends a word earlier", ("{",), lambda w: w.nudge("end", -1)),
    Key("end_right", "Settled span ends a word later", ("}",), lambda w: w.nudge("end", 1)),
    Key("reviewed", "Mark reviewed, go to the next document", ("R",), lambda w: w.mark_reviewed()),
    Key("next_doc", "Next document", ("N",), lambda w: w.step_doc(1)),
    Key("prev_doc", "Previous document", ("P",), lambda w: w.step_doc(-1)),
    Key("undo", "Undo", ("Ctrl+Z",), lambda w: w.session.undo()),
    Key("redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), lambda w: w.session.redo()),
    Key("close", "Close", ("Esc",), lambda w: w.close()),
)


class ReviewWindow(QMainWindow):
    def __init__(self, session, reviewer: str = rv.DEFAULT_REVIEWER, parent=None):
        super().__init__(parent, Qt.Window)
        self.setObjectName("reviewWindow")
        self.setWindowTitle("Review — annotator")
        self.session = session
        self.review: rv.DocumentReview | None = None
        self.row = -1                              # in the disagreement list
        self.docs = QComboBox()
        self.docs.setObjectName("reviewDocs")
        self.docs.setFocusPolicy(Qt.ClickFocus)
        self.reviewer = QLineEdit(reviewer)
        self.reviewer.setObjectName("reviewer")
        self.reviewer.setMaximumWidth(160)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.PlainText)
        self.items = QListWidget()
        self.items.setObjectName("disagreements")
        self.items.setFocusPolicy(Qt.NoFocus)
        self.text = LaneView()
        self.text.setFocusPolicy(Qt.StrongFocus)
        top = QHBoxLayout()
        top.addWidget(QLabel("Document"))
        top.addWidget(self.docs, 1)
        top.addWidget(QLabel("Reviewer"))
        top.addWidget(self.reviewer)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.items)
        split.addWidget(self.text)
        split.setSizes([330, 770])
        centre = QWidget()
        box = QVBoxLayout(centre)
        box.addLayout(top)
        box.addWidget(self.legend)
        box.addWidget(split, 1)
        self.setCentralWidget(centre)
        self.progress = plain.label()
        self.message = plain.label()
        self.statusBar().addWidget(self.message, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.actions_by_id = {}
        for key in KEYS:
            act = QAction(key.text, self)
            act.setShortcuts([QKeySequence(k) for k in key.keys])
            act.setShortcutContext(Qt.WindowShortcut)
            act.triggered.connect(lambda _=False, k=key: k.run(self))
            self.addAction(act)
            self.actions_by_id[key.id] = act
        self.docs.currentIndexChanged.connect(lambda _: self.load())
        self.reviewer.editingFinished.connect(self.load)
        session.changed.connect(self.on_changed)
        session.failed.connect(lambda msg: self.say(msg, error=True))
        self.fill_documents()
        self.resize(1100, 750)

    # -- content ------------------------------------------------------------------
    @property
    def who(self) -> str:
        return self.reviewer.text().strip() or rv.DEFAULT_REVIEWER

    def fill_documents(self) -> None:
        project = self.session.project
        ids = store.documents_to_review(project, self.who)
        self.docs.blockSignals(True)
        self.docs.clear()
        for doc_id in ids:
            doc = project.document(doc_id)
            self.docs.addItem(f"{doc_id} — {doc.title or ''}", doc_id)
        self.docs.blockSignals(False)
        if not ids:
            self.say("No document has spans by two or more annotators yet: merge "
                     "their project files first (File ▸ Merge Project).")
        self.load()

    def doc_id(self) -> str | None:
        return self.docs.currentData()

    def load(self, keep=None) -> None:
        doc_id = self.doc_id()
        project = self.session.project
        if doc_id is None:
            self.review = None
            self.text.show_review("", [], {})
            self.items.clear()
            self._update_progress()
            return
        try:
            self.review = rv.review_of(project, doc_id, self.who)
            text = project.document_text(doc_id)
        except NotFound as e:
            self.say(str(e), error=True)
            return
        r = self.review
        lanes = [[(c.start, c.end, c.label) for c in r.candidates if who in c.annotators]
                 for who in r.annotators]
        lanes.append([(s.start, s.end, s.label) for s in r.settled])
        colours = {l.name: l.colour for l in project.labels()}
        self.text.show_review(text, lanes, colours)
        self.legend.setText("Lanes under each line, top to bottom: "
                            + ", ".join(r.annotators) + f", then {r.reviewer} (outlined, "
                            f"settled). Agreed: {len(r.candidates) - len(r.disagreements)}, "
                            f"not yet accepted: {len(r.agreed_open)} (Shift+A accepts them).")
        self.items.clear()
        for c in r.disagreements:
            mark = "✓ " if c.accepted is not None else "   "
            snippet = text[c.start:c.end].replace("\n", " ")
            snippet = snippet if len(snippet) <= 50 else snippet[:47] + "…"
            item = QListWidgetItem(f"{mark}{c.label}: {', '.join(c.annotators)} — {snippet}")
            item.setToolTip(plain.tip(f"{c.start}-{c.end} {c.label} by "
                                      f"{', '.join(c.annotators)}"))
            self.items.addItem(item)
        keys = [(c.start, c.end, c.label) for c in r.disagreements]
        if keep in keys:
            self.row = keys.index(keep)
        else:
            self.row = min(max(self.row, 0), len(keys) - 1) if keys else -1
        self._show_row()
        self._update_progress()

    def current(self) -> rv.Candidate | None:
        if self.review is None or not 0 <= self.row < len(self.review.disagreements):
            return None
        return self.review.disagreements[self.row]

    def _show_row(self) -> None:
        cand = self.current()
        if cand is not None:
            self.items.setCurrentRow(self.row)
        marks = [(c.start, c.end) for c in self.review.disagreements] if self.review else []
        self.text.set_current((cand.start, cand.end) if cand else None, marks)

    def _update_progress(self) -> None:
        counts = rv.progress(self.session.project)
        status = self.review.status.replace("_", " ") if self.review else "—"
        self.progress.setText(f"This document: {status}  ·  reviewed {counts['reviewed']}, "
                              f"in review {counts['in_review']} of "
                              f"{sum(counts.values())} documents")

    def say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b71c1c;" if error else "")
        self.message.setText(text)

    def on_changed(self, ch, _initiator=None) -> None:
        docs_changed = ch.documents_added or ch.documents_removed
        here = self.review.doc_id if self.review is not None else None
        if here in ch.span_docs or here in ch.review_status or docs_changed:
            cand = self.current()
            if docs_changed:
                self.fill_documents()
            self.load(keep=(cand.start, cand.end, cand.label) if cand else None)
            self.say(ch.description)

    # -- keys -----------------------------------------------------------------------
    def run(self, build) -> None:
        try:
            op = build()
        except AnnotatorError as e:
            self.say(str(e), error=True)
            return
        self.session.run(op)

    def step(self, delta: int) -> None:
        n = len(self.review.disagreements) if self.review else 0
        if not n:
            self.say("No disagreements in this document.")
            return
        self.row = (self.row + delta) % n
        self._show_row()

    def accept(self) -> None:
        cand = self.current()
        if cand is not None:
            self.run(lambda: rv.accept(self.review, cand))

    def accept_agreed(self) -> None:
        if self.review is not None:
            self.run(lambda: rv.accept_agreed(self.review))

    def reject(self) -> None:
        cand = self.current()
        if cand is not None:
            self.run(lambda: rv.reject(self.review, cand))

    def nudge(self, field: str, step: int) -> None:
        cand = self.current()
        if cand is None or cand.accepted is None:
            self.say("Accept the span first (A), then adjust it.", error=True)
            return
        text = self.session.project.document_text(self.review.doc_id)
        value = textops.nudged(text, cand.start, cand.end, field, step)
        if value is not None:
            self.session.run(UpdateSpan.of(cand.accepted, **{field: value}))

    def mark_reviewed(self) -> None:
        if self.review is None:
            return
        if self.session.run(rv.SetReviewStatus(self.review.doc_id, "reviewed", self.who)):
            self.step_doc(1)

    def step_doc(self, delta: int) -> None:
        n = self.docs.count()
        if n:
            self.row = 0
            self.docs.setCurrentIndex((self.docs.currentIndex() + delta) % n)
