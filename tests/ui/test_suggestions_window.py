"""Suggestions in the real window with real keys; the database (a second connection) decides."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDoubleSpinBox

from annotator.core.store import suggestions as table
from annotator.core.suggest import ops

from helpers.ui import add_doc, click, make_window

CTRL_SHIFT = Qt.ControlModifier | Qt.ShiftModifier


def stored(check_db, doc_id, state=None):
    """Every suggestion of the document, as the file holds them."""
    return table.for_documents(check_db(), [doc_id], state=state)


def first_open(check_db, doc_id):
    return stored(check_db, doc_id, "open")[0]


def tab_to_first(window, check_db):
    """From the top of an untagged article, Tab lands on the first suggestion."""
    sug = first_open(check_db, window.doc.id)
    QTest.keyClick(window.article, Qt.Key_Tab)
    assert window.state.suggestion == sug.id
    return sug


def test_opening_a_document_makes_and_shows_its_suggestions(window, check_db):
    doc_id = window.doc.id
    want = stored(check_db, doc_id, "open")
    assert want, "the sample article has attributions"
    assert [s.id for s in window.state.suggestions.items] == [s.id for s in want]
    assert window.suggestions_ui.layer.paints > 0          # drawn on the article


def test_tab_selects_a_suggestion_and_the_panel_describes_it(window, check_db):
    sug = tab_to_first(window, check_db)
    assert window.article.selection_cp() == (sug.start, sug.end)
    box = window.suggestions_ui.box
    assert box.isVisible()
    assert box.fields["label"].text() == sug.label
    assert box.fields["kind"].text() == sug.kind
    assert box.fields["speaker"].text() == (sug.speaker or "—")
    assert box.fields["cue"].text() == (sug.cue or "—")
    assert box.fields["score"].text() == f"{sug.score:.2f}"
    QTest.keyClick(window.article, Qt.Key_J)             # the cursor moves off it: left
    assert window.state.suggestion is None and not box.isVisible()


def test_enter_accepts_the_suggestion_as_a_span_with_label_and_speaker(window, check_db):
    doc_id = window.doc.id
    sug = tab_to_first(window, check_db)
    QTest.keyClick(window.article, Qt.Key_Return)
    (span,) = check_db().spans(doc_id)
    assert (span.start, span.end, span.label, span.speaker, span.annotator) == \
        (sug.start, sug.end, sug.label, sug.speaker, "tester")
    assert table.get(check_db(), sug.id).state == "accepted"
    assert check_db().document(doc_id).status == "in_progress"
    assert sug.id not in window.state.suggestions.by_id        # no longer drawn
    assert window.state.selected == span.id                    # the new span is selected


def test_a_label_key_accepts_the_suggestion_with_that_label(window, check_db):
    doc_id = window.doc.id
    sug = tab_to_first(window, check_db)
    assert sug.label != "background"              # the rules never suggest it
    QTest.keyClick(window.article, Qt.Key_B)      # background's letter
    (span,) = check_db().spans(doc_id)
    assert (span.start, span.end, span.label, span.speaker) == \
        (sug.start, sug.end, "background", sug.speaker)
    assert table.get(check_db(), sug.id).state == "accepted"


def test_a_click_on_a_suggestion_selects_it_and_enter_accepts_it(window, check_db):
    doc_id = window.doc.id
    sug = stored(check_db, doc_id, "open")[-1]          # not the one Tab would find
    window.article.setFocus()
    click(window.article, (sug.start + sug.end) // 2)
    assert window.state.suggestion == sug.id
    assert window.article.selection_cp() == (sug.start, sug.end)
    assert window.suggestions_ui.box.isVisible()
    QTest.keyClick(window.article, Qt.Key_Return)
    (span,) = check_db().spans(doc_id)
    assert (span.start, span.end, span.label) == (sug.start, sug.end, sug.label)


def test_a_click_on_plain_text_selects_no_suggestion(window, check_db):
    text = window.doc.text
    taken = [(s.start, s.end) for s in stored(check_db, window.doc.id, "open")]
    free = next(i for i in range(len(text))
                if text[i].isalpha() and not any(a <= i < b for a, b in taken))
    click(window.article, free)
    assert window.state.suggestion is None


def test_x_rejects_and_the_rejection_is_remembered(window, check_db):
    doc_id = window.doc.id
    sug = tab_to_first(window, check_db)
    QTest.keyClick(window.article, Qt.Key_X)
    assert table.get(check_db(), sug.id).state == "rejected"
    assert check_db().spans(doc_id) == []
    assert sug.id not in window.state.suggestions.by_id
    # New rules remake the open suggestions, never the rejected one.
    p = check_db()
    ops.refresh(p, [doc_id], version="next-rules")
    assert (sug.start, sug.end) not in {(s.start, s.end) for s in stored(check_db, doc_id, "open")}


def test_undo_restores_the_suggestion_and_removes_the_span(window, check_db):
    doc_id = window.doc.id
    sug = tab_to_first(window, check_db)
    QTest.keyClick(window.article, Qt.Key_Return)
    assert len(check_db().spans(doc_id)) == 1
    QTest.keySequence(window.article, QKeySequence(QKeySequence.StandardKey.Undo))
    assert check_db().spans(doc_id) == []
    assert table.get(check_db(), sug.id).state == "open"
    assert sug.id in window.state.suggestions.by_id            # drawn again
    assert window.span_model.rowCount() == 0
    QTest.keySequence(window.article, QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)[0])
    assert [s.start for s in check_db().spans(doc_id)] == [sug.start]
    assert table.get(check_db(), sug.id).state == "accepted"


def test_undo_of_a_rejection_brings_it_back(window, check_db):
    sug = tab_to_first(window, check_db)
    QTest.keyClick(window.article, Qt.Key_X)
    QTest.keySequence(window.article, QKeySequence(QKeySequence.StandardKey.Undo))
    assert table.get(check_db(), sug.id).state == "open"
    assert sug.id in window.state.suggestions.by_id


def _answer_score_dialog(qtbot, text):
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "acceptAboveScore" and w.isVisible())
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)      # keys go to it
    spin = dialog.findChild(QDoubleSpinBox)
    assert spin.value() == 0.7                          # the default offered
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin.lineEdit(), text)
    QTest.keyClick(spin, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    qtbot.waitUntil(dialog.parent().isActiveWindow, timeout=2000)    # back to the window


def test_accept_all_above_a_score_is_one_undo_step(window, check_db, qtbot):
    doc_id = window.doc.id
    before = stored(check_db, doc_id, "open")
    high = [s for s in before if s.score >= 0.75]
    assert high and len(high) < len(before)         # the threshold splits them
    window.actions["accept_above"].trigger()        # Label ▸ Accept Suggestions Above Score…
    _answer_score_dialog(qtbot, "0.75")
    spans = check_db().spans(doc_id)
    assert sorted((s.start, s.end, s.label, s.speaker) for s in spans) == \
        sorted((s.start, s.end, s.label, s.speaker) for s in high)
    assert {s.id for s in stored(check_db, doc_id, "accepted")} == {s.id for s in high}
    assert len(window.state.suggestions) == len(before) - len(high)
    QTest.keySequence(window.article, QKeySequence(QKeySequence.StandardKey.Undo))
    assert check_db().spans(doc_id) == []
    assert len(stored(check_db, doc_id, "open")) == len(before)


def _outline_pixels(window, sug) -> int:
    """Pixels of the suggestion's label colour along the top of its first line."""
    view = window.article
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(sug.start))
    rect = view.cursorRect(cur)
    want = QColor(window.state.colours[sug.label])
    n = 0
    for y in range(rect.top() - 1, rect.top() + 4):
        for x in range(rect.left(), min(rect.left() + 120, image.width())):
            c = image.pixelColor(x, y)
            if (abs(c.red() - want.red()) + abs(c.green() - want.green())
                    + abs(c.blue() - want.blue())) < 60:
                n += 1
    return n


def test_ctrl_shift_s_toggles_them_and_the_choice_is_remembered(window, check_db, qtbot):
    doc_id = window.doc.id
    sug = first_open(check_db, doc_id)
    assert _outline_pixels(window, sug) > 0            # the dashed outline is drawn
    QTest.keyClick(window.article, Qt.Key_S, CTRL_SHIFT)
    assert not window.actions["show_suggestions"].isChecked()
    assert _outline_pixels(window, sug) == 0
    QTest.keyClick(window.article, Qt.Key_Tab)          # hidden: not visited
    QTest.keyClick(window.article, Qt.Key_Return)
    assert check_db().spans(doc_id) == []
    window.close()
    again = make_window(qtbot, window.session.project.path)
    qtbot.waitUntil(again.isActiveWindow, timeout=2000)
    assert not again.actions["show_suggestions"].isChecked()
    assert not again.state.suggestions_visible
    QTest.keyClick(again.article, Qt.Key_S, CTRL_SHIFT)
    assert again.state.suggestions_visible
    QTest.keyClick(again.article, Qt.Key_Tab)
    QTest.keyClick(again.article, Qt.Key_Return)
    (span,) = check_db().spans(doc_id)
    assert (span.start, span.end) == (sug.start, sug.end)
    again.close()


def test_tab_steps_through_spans_and_suggestions_in_text_order(window, check_db):
    doc_id = window.doc.id
    sugs = stored(check_db, doc_id, "open")
    a, b = sugs[0], sugs[1]
    QTest.keyClick(window.article, Qt.Key_Tab)
    QTest.keyClick(window.article, Qt.Key_Return)      # a is now a span
    (span,) = check_db().spans(doc_id)
    order = []
    for _ in range(3):
        QTest.keyClick(window.article, Qt.Key_Tab)
        order.append(("suggestion", window.state.suggestion) if window.state.suggestion
                     else ("span", window.state.selected))
    assert order[0] == ("suggestion", b.id)
    assert order[1] == ("suggestion", sugs[2].id)
    QTest.keyClick(window.article, Qt.Key_Backtab, Qt.ShiftModifier)
    QTest.keyClick(window.article, Qt.Key_Backtab, Qt.ShiftModifier)
    QTest.keyClick(window.article, Qt.Key_Backtab, Qt.ShiftModifier)
    assert window.state.selected == span.id and a.start == span.start


def test_the_current_suggestion_is_scrolled_into_view(window, check_db):
    window.resize(900, 320)
    QApplication.processEvents()
    last = stored(check_db, window.doc.id, "open")[-1]
    QTest.keyClick(window.article, Qt.Key_Backtab, Qt.ShiftModifier)   # wraps to the last
    assert window.state.suggestion == last.id
    view = window.article
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(last.start))
    assert view.viewport().rect().contains(view.cursorRect(cur))


def test_a_long_article_shows_first_then_gets_its_suggestions(window, db_path, check_db, qtbot):
    from annotator.ui.suggest_commands import SYNC_CHARS
    text = check_db().document("001").text
    add_doc(db_path, "\n".join([text] * (SYNC_CHARS // len(text) + 2)), doc_id="long")
    window.docs.refresh_choices()
    window.docs.apply_filters()
    assert window.docs.select("long")
    assert window.doc.id == "long" and len(window.state.suggestions) == 0     # not made yet
    assert stored(check_db, "long") == []
    qtbot.waitUntil(lambda: len(window.state.suggestions) > 0, timeout=5000)
    assert len(window.state.suggestions) == len(stored(check_db, "long", "open"))
