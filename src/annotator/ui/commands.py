"""What each action does: plain functions of the window, referenced by the actions
table. Each change is one core operation sent through `session.run`."""
from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core import text as textops
from annotator.core.edits import RemoveSpan, SetStatus, TagSpans, UpdateSpan
from annotator.ui import plain
from annotator.ui import suggest_commands

SELECT_SPAN_FIRST = "Select a span first: click it, or Tab to it."


# -- tagging ------------------------------------------------------------------------
def properties(win) -> None:
    """Edit ▸ Document Properties (its form is imported when first asked for)."""
    from annotator.ui.documents import properties as form
    form.show(win)


def apply_label(win, name: str) -> None:
    if win.doc is None:
        return
    if win.state.suggestion is not None:        # on a suggestion: accept it as `name`
        suggest_commands.accept(win, name)
        return
    s, e = win.article.selection_cp()
    span = win.state.selected_span()
    if span is not None and (s, e) == (span.start, span.end):
        if span.label != name:
            win.session.run(UpdateSpan.of(span.id, label=name), initiator=win.article)
        return
    if s == e:
        win.show_message("Select text first: drag over it, or J/K for a sentence.")
        return
    # Mouse selections were snapped on release; sentences are exact already.
    win.session.run(TagSpans(win.doc.id, ((s, e),), name, win.session.editor.annotator),
                    initiator=win.article)


def delete_span(win) -> None:
    if win.state.selected is None:
        win.show_message(SELECT_SPAN_FIRST)
        return
    win.session.run(RemoveSpan(win.state.selected), initiator=win.article)


def nudge(win, arg) -> None:
    field, step = arg
    span = win.state.selected_span()
    if span is None:
        win.show_message(SELECT_SPAN_FIRST)
        return
    value = textops.nudged(win.doc.text, span.start, span.end, field, step)
    if value is not None:
        win.session.run(UpdateSpan.of(span.id, **{field: value}), initiator=win.article)


def edit_fields(win) -> None:
    if win.state.suggestion is not None:        # Enter on a suggestion accepts it
        suggest_commands.accept(win)
        return
    if win.state.selected is None:
        win.show_message(SELECT_SPAN_FIRST)
    win.panel.focus_fields()


def move_sentence(win, arg) -> None:
    win.article.move_sentence(*arg)


def step_span(win, step: int) -> None:
    """Tab: the next span or shown suggestion in text order."""
    pos = win.article.selection_cp()[1 if step > 0 else 0]
    win.state.step_selection(pos, step)


def undo(win) -> None:
    win.session.undo(initiator=win)


def redo(win) -> None:
    win.session.redo(initiator=win)


# -- going places ---------------------------------------------------------------------
def step_document(win, step: int) -> None:
    row = win.docs.model.next_row(win.docs.current_row(), step)
    if row < 0:
        win.show_message("No more documents that way.")
        return
    win.docs.select_row(row)


def next_unfinished(win) -> bool:
    row = win.docs.model.next_row(win.docs.current_row(), 1, unfinished=True)
    if row < 0 or row == win.docs.current_row():
        win.show_message("Every document in this list is done.")
        return False
    win.docs.select_row(row)
    return True


def done_and_next(win) -> None:
    if win.doc is not None and win.session.run(SetStatus(win.doc.id, "done"), initiator=win):
        next_unfinished(win)


def focus_text(win) -> None:
    """Esc: first closes an open completion list; leaving a field saves it."""
    from PySide6.QtWidgets import QApplication
    popup = QApplication.activePopupWidget() or next(
        (c.popup() for c in (win.panel.speaker.completer(),) if c and c.popup().isVisible()),
        None)
    if popup is not None:
        popup.hide()
        return
    win.panel.commit_fields()
    win.tabs.setCurrentIndex(0)
    win.article.setFocus(Qt.ShortcutFocusReason)


def focus_filter(win) -> None:
    win.docs.search.setFocus(Qt.ShortcutFocusReason)
    win.docs.search.selectAll()


# -- views and dialogs ---------------------------------------------------------------------
def toggle_snap(win, on: bool) -> None:
    win.article.snapping = bool(on)
    if win.persist:
        win.settings.set("snap", bool(on))


def toggle_quotes(win, on: bool) -> None:
    """Mouse and keyboard selections follow the same rule either way (core text.snap)."""
    win.article.quotes = bool(on)
    if win.persist:
        win.settings.set("quotes", bool(on))


def zoom(win, step: int) -> None:
    font = win.article.font()
    font.setPointSizeF(min(28.0, max(8.0, font.pointSizeF() + step)))
    win.article.setFont(font)
    win._keep_article_readable()


def show_compare(win) -> None:
    win.show_compare()


def edit_labels(win) -> None:
    from annotator.ui.dialogs.labels import LabelSetDialog
    dialog = LabelSetDialog(win.session, win, taken=win.command_keys())
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    win.label_dialog = dialog
    dialog.open()


def show_shortcuts(win) -> None:
    from annotator.ui.dialogs.shortcuts import ShortcutsDialog
    dialog = ShortcutsDialog(win.all_specs(), win)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()


def show_about(win) -> None:
    from annotator import __version__
    plain.message_box(win, "About annotator",
                      f"annotator {__version__}\nTag how news outlets report the same event.",
                      plain.Icon.NoIcon).exec()


def quit_window(win) -> None:
    win.close()


def find_step(win, step: int) -> None:
    """F3 / Shift+F3: the next or previous hit of the project search in this article."""
    hit = win.article.step_hit(step)
    if hit is None:
        win.show_message("No search hits in this article: type in the search box (Ctrl+F).")
