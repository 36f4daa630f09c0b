"""Tagging with real mouse and key events on the real window; the database decides."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from annotator.core.text import sentences, snap

from helpers.ui import click, drag


def find(text, needle):
    i = text.index(needle)
    return i, i + len(needle)


def spans_of(check_db, doc_id):
    return check_db().spans(doc_id)


def test_mouse_selection_then_label_button(window, check_db, qtbot):
    text = window.doc.text
    s, e = find(text, "Foreign Ministry")
    drag(window.article, s + 2, e - 3)          # sloppy: inside both words
    QTest.mouseClick(window.panel.buttons["claim"], Qt.LeftButton)
    (span,) = spans_of(check_db, window.doc.id)
    assert (span.start, span.end, span.label) == (s, e, "claim")
    assert span.text == "Foreign Ministry"
    assert window.span_model.rowCount() == 1
    button = window.panel.buttons["claim"]
    qtbot.waitUntil(lambda: button.text().endswith("1"), timeout=1000)   # the count


def test_mouse_selection_then_label_key(window, check_db):
    text = window.doc.text
    s, e = find(text, "Mark Rutte")
    drag(window.article, s, e)
    QTest.keyClick(window.article, Qt.Key_D)
    (span,) = spans_of(check_db, window.doc.id)
    assert (span.text, span.label, span.annotator) == ("Mark Rutte", "denial", "tester")
    assert check_db().document(window.doc.id).status == "in_progress"


def test_sentence_cursor_then_keys(window, check_db):
    text = window.doc.text
    # Sentences go through the same snapping as mouse selections (issue 11, bug 9).
    sents = [snap(text, a, b, quotes=True) for a, b in sentences(text)]
    QTest.keyClick(window.article, Qt.Key_J)
    QTest.keyClick(window.article, Qt.Key_J)
    assert window.article.selection_cp() == sents[1]
    QTest.keyClick(window.article, Qt.Key_1)
    QTest.keyClick(window.article, Qt.Key_Down)
    QTest.keyClick(window.article, Qt.Key_J, Qt.ShiftModifier)
    QTest.keyClick(window.article, Qt.Key_B)
    QTest.keyClick(window.article, Qt.Key_K)
    assert window.article.selection_cp() == sents[1]
    got = [(s.start, s.end, s.label) for s in spans_of(check_db, window.doc.id)]
    assert got == [(*sents[1], "claim"), (sents[2][0], sents[3][1], "background")]


def test_click_on_span_then_other_label_relabels(window, check_db):
    text = window.doc.text
    s, e = find(text, "NATO Secretary General")
    drag(window.article, s, e)
    QTest.keyClick(window.article, Qt.Key_C)
    click(window.article, 3)                  # untagged text: nothing selected
    assert window.article.selected_span is None
    click(window.article, s + 6)
    assert window.article.selected_span is not None
    QTest.mouseClick(window.panel.buttons["accusation"], Qt.LeftButton)
    (span,) = spans_of(check_db, window.doc.id)
    assert (span.start, span.end, span.label) == (s, e, "accusation")


def test_tab_to_span_and_delete(window, check_db):
    text = window.doc.text
    window.actions["show_suggestions"].setChecked(False)     # Tab visits spans only
    for needle, key in (("Mark Rutte", Qt.Key_C), ("Europe", Qt.Key_A)):
        drag(window.article, *find(text, needle))
        QTest.keyClick(window.article, key)
    QTest.keyClick(window.article, Qt.Key_Tab)        # from the last span: wraps to the first
    first = window.article.selected_span
    assert window.state.full(first).text == "Mark Rutte"
    QTest.keyClick(window.article, Qt.Key_Delete)
    assert [s.text for s in spans_of(check_db, window.doc.id)] == ["Europe"]
    assert window.span_model.rowCount() == 1


def test_undo_and_redo_with_standard_keys(window, check_db):
    text = window.doc.text
    drag(window.article, *find(text, "defense budgets"))
    QTest.keyClick(window.article, Qt.Key_2)
    assert len(spans_of(check_db, window.doc.id)) == 1
    QTest.keySequence(window.article, QKeySequence(QKeySequence.StandardKey.Undo))
    assert spans_of(check_db, window.doc.id) == []
    assert window.span_model.rowCount() == 0
    QTest.keySequence(window.article, QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)[0])
    (span,) = spans_of(check_db, window.doc.id)
    assert (span.text, span.label) == ("defense budgets", "denial")
    assert window.span_model.rowCount() == 1


def test_next_previous_and_done_and_next(window, check_db):
    ids = check_db().document_ids()
    assert window.doc.id == ids[0]
    QTest.keyClick(window.article, Qt.Key_N)
    assert window.doc.id == ids[1]
    QTest.keyClick(window.article, Qt.Key_N)
    QTest.keyClick(window.article, Qt.Key_P)
    assert window.doc.id == ids[1]
    QTest.keyClick(window.article, Qt.Key_Return, Qt.ControlModifier)
    assert check_db().document(ids[1]).status == "done"
    assert window.doc.id == ids[2]
    assert "1 of 5 done" in window.progress.text()


def test_enter_edits_speaker_and_note_esc_returns(window, check_db, qtbot):
    text = window.doc.text
    drag(window.article, *find(text, "Mark Rutte"))
    QTest.keyClick(window.article, Qt.Key_C)
    QTest.keyClick(window.article, Qt.Key_Return)
    assert window.panel.speaker.hasFocus()
    QTest.keyClicks(window.panel.speaker, "NATO chief")
    QTest.keyClick(window.panel.speaker, Qt.Key_Tab)
    QTest.keyClicks(window.panel.note, "quoted indirectly")
    QTest.keyClick(window.panel.note, Qt.Key_Return)
    QTest.keyClick(window.panel.note, Qt.Key_Escape)
    assert window.article.hasFocus()
    (span,) = spans_of(check_db, window.doc.id)
    assert (span.speaker, span.note) == ("NATO chief", "quoted indirectly")


def test_nudge_start_and_end_by_a_word(window, check_db):
    text = window.doc.text
    s, e = find(text, "Secretary General")
    drag(window.article, s, e)
    QTest.keyClick(window.article, Qt.Key_C)
    QTest.keyClick(window.article, Qt.Key_BracketLeft)      # start one word earlier
    QTest.keyClick(window.article, Qt.Key_BraceRight)       # end one word later
    (span,) = spans_of(check_db, window.doc.id)
    assert span.text == "NATO Secretary General Mark"
    QTest.keyClick(window.article, Qt.Key_BraceLeft)
    QTest.keyClick(window.article, Qt.Key_BracketRight)
    (span,) = spans_of(check_db, window.doc.id)
    assert span.text == "Secretary General"


def test_snapping_off_is_character_exact(window, check_db):
    window.actions["snap"].trigger()
    assert not window.article.snapping
    text = window.doc.text
    s, e = find(text, "Foreign Ministry")
    drag(window.article, s + 2, e - 3)
    QTest.keyClick(window.article, Qt.Key_C)
    (span,) = spans_of(check_db, window.doc.id)
    assert (span.start, span.end) == (s + 2, e - 3)
    assert snap(text, s + 2, e - 3) == (s, e)


def test_edit_menu_names_the_step_undo_would_take(window):
    undo = window.actions["undo"]
    assert not undo.isEnabled()
    drag(window.article, *find(window.doc.text, "Mark Rutte"))
    QTest.keyClick(window.article, Qt.Key_A)
    assert undo.isEnabled() and undo.text() == "&Undo Add accusation"
    undo.trigger()
    assert window.actions["redo"].text() == "&Redo Add accusation" and not undo.isEnabled()


def test_choosing_a_row_in_the_span_list_selects_the_span_in_the_text(window, qtbot):
    text = window.doc.text
    for needle in ("Mark Rutte", "military spending"):
        drag(window.article, *find(text, needle))
        QTest.keyClick(window.article, Qt.Key_C)
    table = window.panel.table
    qtbot.waitUntil(lambda: table.updatesEnabled())
    rect = table.visualRect(window.span_model.index(1, 1))
    QTest.mouseClick(table.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    span = window.state.full(window.article.selected_span)
    assert span.text == "military spending"
    assert window.article.textCursor().selectedText() == "military spending"


def test_speaker_completes_from_speakers_already_used(window, check_db, qtbot):
    text = window.doc.text
    drag(window.article, *find(text, "Mark Rutte"))
    QTest.keyClick(window.article, Qt.Key_C)
    QTest.keyClick(window.article, Qt.Key_Return)
    QTest.keyClicks(window.panel.speaker, "Foreign ministry spokesman")
    QTest.keyClick(window.panel.speaker, Qt.Key_Return)
    QTest.keyClick(window.panel.speaker, Qt.Key_Escape)
    drag(window.article, *find(text, "defense budgets"))
    QTest.keyClick(window.article, Qt.Key_D)
    QTest.keyClick(window.article, Qt.Key_Return)
    QTest.keyClicks(window.panel.speaker, "spokes")
    completer = window.panel.speaker.completer()
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Foreign ministry spokesman"


def test_shift_tab_steps_back_through_spans(window):
    text = window.doc.text
    window.actions["show_suggestions"].setChecked(False)     # spans only
    for needle in ("Mark Rutte", "Europe", "defense budgets"):
        drag(window.article, *find(text, needle))
        QTest.keyClick(window.article, Qt.Key_C)
    QTest.keyClick(window.article, Qt.Key_Backtab, Qt.ShiftModifier)
    assert window.state.full(window.article.selected_span).text == "Europe"
    QTest.keyClick(window.article, Qt.Key_Backtab, Qt.ShiftModifier)
    assert window.state.full(window.article.selected_span).text == "Mark Rutte"


def test_a_refused_relabel_in_the_fields_shows_the_stored_label_again(window, check_db, qtbot):
    text = window.doc.text
    s, e = find(text, "Mark Rutte")
    for key in (Qt.Key_C, Qt.Key_D):             # same words, two labels: allowed
        click(window.article, 3)
        drag(window.article, s, e)
        QTest.keyClick(window.article, key)
    combo = window.panel.label_combo
    qtbot.waitUntil(lambda: combo.currentText() == "denial", timeout=1000)
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key_Up)             # "claim": an identical span exists
    assert "already exists" in window.message.text()
    assert sorted(sp.label for sp in spans_of(check_db, window.doc.id)) == ["claim", "denial"]
    qtbot.waitUntil(lambda: combo.currentText() == "denial", timeout=1000)
