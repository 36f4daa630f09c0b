"""Suggestions in the window: what their actions do, and keeping the open document's
suggestions current (issue 14).

Accepting and rejecting are core operations run through `session.run`, so they are
undo steps like any edit. Making suggestions for the document being opened is derived
data (core.suggest.ops.refresh: ~5 ms an article, only when the rules have not seen it).
"""
from __future__ import annotations

import functools
import sqlite3

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.core.model import AnnotatorError
from annotator.core.store import suggestions as table
from annotator.core.suggest import ops
from annotator.ui.article.suggestions import SuggestionLayer
from annotator.ui.panel.suggestion_box import SuggestionBox

SETTING = "show_suggestions"
DEFAULT_MIN_SCORE = 0.7
SYNC_CHARS = 100_000       # longer articles get their suggestions just after they show
TAB_TO_ONE = "Tab to a suggestion first (View ▸ Show Suggestions)."


# -- action handlers (rows of ui/actions.py, or called by the commands they extend) ----
def accept(win, label: str | None = None) -> None:
    """Accept the current suggestion as a span with its label (or `label`) and speaker."""
    sug = win.state.current_suggestion()
    if sug is None:
        win.show_message(TAB_TO_ONE)
        return
    op = ops.AcceptSuggestion(sug.id, win.session.editor.annotator,
                              None if label in (None, sug.label) else label)
    win.session.run(op, initiator=win.article)


def reject(win) -> None:
    sug = win.state.current_suggestion()
    if sug is None:
        win.show_message(TAB_TO_ONE)
        return
    win.session.run(ops.rejection(sug.id), initiator=win.article)


def accept_above(win) -> None:
    """Ask for a score, then accept every open suggestion on the document scoring at least
    that, as one undo step."""
    if win.doc is None:
        return
    dialog = QInputDialog(win)
    dialog.setObjectName("acceptAboveScore")
    dialog.setWindowTitle("Accept Suggestions")
    dialog.setLabelText("Accept every suggestion on this document scoring at least:")
    dialog.setInputMode(QInputDialog.DoubleInput)
    dialog.setDoubleRange(0.0, 1.0)
    dialog.setDoubleDecimals(2)
    dialog.setDoubleStep(0.05)
    dialog.setDoubleValue(DEFAULT_MIN_SCORE)
    doc_id = win.doc.id
    dialog.doubleValueSelected.connect(lambda score: _accept_all(win, doc_id, score))
    dialog.finished.connect(lambda _result: _back_to_text(win))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


def _back_to_text(win) -> None:
    win.activateWindow()          # keys go to the article again, as before the question
    win.article.setFocus()


def _accept_all(win, doc_id: str, score: float) -> None:
    try:
        op, skipped = ops.accept_all(win.session.project, [doc_id], score,
                                     win.session.editor.annotator)
    except AnnotatorError as e:
        win.show_message(str(e), error=True)
        return
    left = f" ({skipped} left: a label the project lacks, or already tagged)" if skipped else ""
    if not op.ops:
        win.show_message(f"No suggestion here scores {score:.2f} or more{left}.")
        return
    if win.session.run(op, initiator=win) is not None and left:
        win.show_message(op.description + left)


def toggle(win, on: bool) -> None:
    win.state.set_suggestions_visible(on)
    if win.persist:
        win.settings.set(SETTING, bool(on))


# -- keeping the state's suggestions current -------------------------------------------------
class SuggestionsUI:
    """Installs the article layer and the panel box, loads the open document's
    suggestions, and reloads them when a Changes record names the document."""

    def __init__(self, win):
        self.win = win
        self.layer = SuggestionLayer(win.article)
        self.box = SuggestionBox(win.state)
        win.panel.layout().insertWidget(2, self.box)       # under the span list
        win.menus["Label"].addSeparator()          # then the label rows, built after this
        win.state.document_opened.connect(self._opened)
        win.session.changed.connect(self._changed)
        shown = win.settings.get(SETTING, True, bool)
        win.actions["show_suggestions"].setChecked(shown)
        toggle(win, shown)

    def _opened(self, doc) -> None:
        if doc is None:
            return
        self.reload(everything=True)   # what is stored, at once
        if len(doc.text) <= SYNC_CHARS:
            self._refresh(doc.id)
        else:          # ~2 ms a kB: let the long article show first, then make them
            QTimer.singleShot(0, self.win.article, lambda: self._refresh(doc.id, busy=True))

    def _refresh(self, doc_id: str, busy: bool = False) -> None:
        """Make the document's suggestions if the current rules have not seen it."""
        win = self.win
        project = win.session.project
        if (win.doc is None or win.doc.id != doc_id or project.readonly
                or project.conn.in_transaction):
            return
        if busy:
            QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            with project.errors():
                changes = ops.refresh(project, [doc_id])
        except (AnnotatorError, sqlite3.Error) as e:    # locked, say: keep what is stored
            win.show_message(f"suggestions not updated: {e}", error=True)
            return
        finally:
            if busy:
                QApplication.restoreOverrideCursor()
        if doc_id in changes.suggestions:
            self.reload()

    def _changed(self, ch, _initiator=None) -> None:
        doc = self.win.doc
        if doc is not None and doc.id in ch.suggestions:
            self.reload()

    def reload(self, everything: bool = False) -> None:
        doc, project = self.win.doc, self.win.session.project
        self.win.state.suggestion_loader = functools.partial(table.find, project)
        self.win.state.set_suggestions(table.open_bounds(project, doc.id) if doc else [],
                                       everything=everything)
