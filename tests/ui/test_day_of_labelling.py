"""Issue 11's bugs, each driven with real key and mouse events on the real window.
Every test here failed on the code before its fix (checked by running it there)."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core import Project, resources
from helpers.ui import make_window
from helpers.ui import add_doc, click, drag, qt_selected_text


def line_rect(view, start, end):
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(start))
    a = view.cursorRect(cur)
    return a


def pixel(view, cp, dy=1):
    """The colour painted just inside the top of the line at code point `cp` (between
    glyph strokes: the top rows of a line hold no ink)."""
    img = view.viewport().grab().toImage()
    r = line_rect(view, cp, cp + 1)
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(cp + 1))
    x = (r.left() + view.cursorRect(cur).left()) // 2
    return QColor(img.pixel(x, r.top() + dy))


def blend(colour: str, alpha: int = 165) -> QColor:
    c, a = QColor(colour), alpha / 255
    return QColor(*(round(255 - (255 - v) * a) for v in (c.red(), c.green(), c.blue())))


def distance(a: QColor, b: QColor) -> float:
    return ((a.red() - b.red()) ** 2 + (a.green() - b.green()) ** 2
            + (a.blue() - b.blue()) ** 2) ** 0.5


# 1 -------------------------------------------------------------------------------
def test_after_a_tag_j_moves_a_visible_highlight_and_the_next_key_tags_it(
        window, check_db, qtbot):
    view = window.article
    view.select_cp(0, 0)
    QTest.keyClick(view, Qt.Key_J)
    QTest.keyClick(view, Qt.Key_J)
    QTest.keyClick(view, Qt.Key_C)                  # tagged: the span is selected
    first = view.selection_cp()
    QTest.keyClick(view, Qt.Key_J)
    qtbot.wait(30)
    s, e = view.selection_cp()
    assert s > first[0]
    assert view.selected_span is None               # a sentence, not the span
    assert distance(pixel(view, s + 1), QColor("#ffffff")) > 20     # highlighted on screen
    QTest.keyClick(view, Qt.Key_D)
    spans = check_db().spans(window.doc.id)
    assert sorted((x.label, x.start, x.end) for x in spans) == [
        ("claim", *first), ("denial", s, e)]


# 2 -------------------------------------------------------------------------------
def test_escape_in_the_speaker_completion_keeps_the_speaker(window, check_db, qtbot):
    view, text = window.article, window.doc.text
    s = text.index("Mark Rutte")
    drag(view, s, s + 10)
    QTest.keyClick(view, Qt.Key_C)
    QTest.keyClick(view, Qt.Key_Return)
    QTest.keyClicks(window.panel.speaker, "Mao Ning")
    QTest.keyClick(window.panel.speaker, Qt.Key_Return)        # now a known speaker
    s2 = text.index("NATO")
    drag(view, s2, s2 + 4)
    QTest.keyClick(view, Qt.Key_A)
    QTest.keyClick(view, Qt.Key_Return)
    speaker = window.panel.speaker
    assert QApplication.focusWidget() is speaker
    QTest.keyClicks(speaker, "Mao")
    popup = speaker.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    QTest.keyClick(popup, Qt.Key_Escape)            # first Esc: closes the popup only
    assert not popup.isVisible() and QApplication.focusWidget() is speaker
    assert window.saved.text() != "All changes saved"     # the field is not saved yet
    QTest.keyClick(speaker, Qt.Key_Escape)          # second: back to the text, committed
    assert QApplication.focusWidget() is view
    stored = {x.text: x.speaker for x in check_db().spans(window.doc.id)}
    assert stored == {"Mark Rutte": "Mao Ning", "NATO": "Mao"}
    assert window.saved.text() == "All changes saved"


# 3 -------------------------------------------------------------------------------
def test_compare_fits_a_1280_by_800_screen_and_the_title_column_survives(window, qtbot):
    window.resize(1280, 800)
    QTest.keyClick(window.article, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.compare is not None and window.compare.isVisible(),
                    timeout=3000)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1280 and window.minimumWidth() <= 1280
    assert window.width() <= 1280
    assert not window.docs.isVisible()     # the list steps aside for Compare...
    QTest.keyClick(window.article, Qt.Key_Escape)
    # ...and comes back, its title column whole, once the layout has run
    qtbot.waitUntil(lambda: window.docs.table.columnWidth(0) >= 150, timeout=2000)


# 4 -------------------------------------------------------------------------------
def test_first_launch_is_a_working_size_and_the_article_keeps_60_characters(qtbot, db_path):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session
    from annotator.ui.settings import Settings
    win = MainWindow(Session(Project(db_path), annotator="tester"), Settings())
    qtbot.addWidget(win)
    win.restore()                               # nothing remembered: the default size
    win.show()
    qtbot.waitExposed(win)
    screen = win.screen().availableGeometry()      # 1400 x 900 where the screen allows
    assert win.width() >= min(1400, screen.width()) and win.height() >= min(900, screen.height())
    win.open_initial(None)
    win.resize(1000, 700)
    QApplication.processEvents()
    lines, block = [], win.article.firstVisibleBlock()      # laid out: on screen
    while block.isValid() and block.layout().lineCount():
        layout = block.layout()
        lines += [layout.lineAt(i).textLength() for i in range(layout.lineCount() - 1)]
        block = block.next()
    lines.sort()
    assert lines[len(lines) // 2] >= 60          # characters on a typical line
    win.close()


# 5 -------------------------------------------------------------------------------
def test_dropdown_items_are_drawn_when_current_or_hovered(window, qtbot):
    for box in (window.docs.status, window.docs.outlet, window.panel.label_combo):
        QTest.mouseClick(box, Qt.LeftButton)
        view = box.view()
        qtbot.waitUntil(view.isVisible, timeout=1000)
        QTest.keyClick(view, Qt.Key_Down)               # highlight the next item
        row = view.currentIndex().row()
        img = view.viewport().grab().toImage()
        rect = view.visualRect(box.model().index(row, 0))
        inks = {img.pixel(x, y) for x in range(rect.left(), min(rect.right(), img.width()))
                for y in range(rect.top(), min(rect.bottom(), img.height()))}
        box.hidePopup()
        assert min(QColor(c).lightness() for c in inks) < 110, \
            f"{box.objectName()}: the highlighted item {box.itemText(row)!r} is blank"


# 6 -------------------------------------------------------------------------------
def test_clicking_again_cycles_through_nested_spans(qtbot, db_path):
    add_doc(db_path, "Officials said the minister denied every report today.", "nest")
    win = make_window(qtbot, db_path, doc="nest")
    view, text = win.article, win.doc.text
    inner = text.index("minister")
    drag(view, 0, len(text) - 1)
    QTest.keyClick(view, Qt.Key_B)
    drag(view, inner, inner + len("minister"))
    QTest.keyClick(view, Qt.Key_C)
    seen = []
    for _ in range(3):
        click(view, inner + 2)
        with Project(db_path) as p:
            seen.append(p.span(view.selected_span).label if view.selected_span else None)
    assert seen == ["background", "claim", "background"]     # the claim was selected
    win.close()


# 7 -------------------------------------------------------------------------------
def test_undo_menu_names_what_will_be_undone(window):
    view, text = window.article, window.doc.text
    s = text.index("Mark Rutte")
    drag(view, s, s + 10)
    QTest.keyClick(view, Qt.Key_C)
    assert window.actions["undo"].text() == "&Undo Add claim"
    QTest.keyClick(view, Qt.Key_A)                      # relabel the selected span
    assert window.actions["undo"].text() == "&Undo Relabel as accusation"
    QTest.keyClick(view, Qt.Key_Delete)
    assert window.actions["undo"].text() == "&Undo Delete accusation"
    QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert window.actions["redo"].text() == "&Redo Delete accusation"
    assert window.actions["undo"].text() == "&Undo Relabel as accusation"


# 8 -------------------------------------------------------------------------------
def test_ctrl_y_redoes_and_the_readme_table_is_the_action_table(window, check_db):
    view, text = window.article, window.doc.text
    s = text.index("Mark Rutte")
    drag(view, s, s + 10)
    QTest.keyClick(view, Qt.Key_C)
    QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert check_db().spans(window.doc.id) == []
    QTest.keyClick(view, Qt.Key_Y, Qt.ControlModifier)
    assert [x.text for x in check_db().spans(window.doc.id)] == ["Mark Rutte"]
    QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)     # no-op: done
    QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert len(check_db().spans(window.doc.id)) == 1
    from pathlib import Path
    from annotator.ui import actions
    from annotator.ui.dialogs.shortcuts import markdown_table
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = markdown_table(actions.all_actions(resources.default_labels()))
    assert table in readme
    for row in ("| Edit | Redo | Ctrl+Shift+Z, Ctrl+Y |", "| Edit | Delete Span | Del"):
        assert row in table


# 9 -------------------------------------------------------------------------------
QUOTED = '"We will never accept it," the minister said. Officials denied any role.'


def test_keyboard_and_mouse_tags_of_a_quoted_statement_agree(qtbot, db_path, check_db):
    add_doc(db_path, QUOTED, "quoted")
    win = make_window(qtbot, db_path, doc="quoted")
    view = win.article
    view.select_cp(0, 0)
    QTest.keyClick(view, Qt.Key_J)
    by_keys = view.selection_cp()
    QTest.keyClick(view, Qt.Key_C)
    end = QUOTED.index(" Officials")
    view.select_cp(end + 1, end + 1)
    drag(view, 0, end)
    by_mouse = view.selection_cp()
    assert by_keys == by_mouse
    assert QUOTED[by_keys[0]:by_keys[1]] == '"We will never accept it," the minister said'
    assert qt_selected_text(view) == '"We will never accept it," the minister said'
    (span,) = check_db().spans("quoted")
    assert span.text == '"We will never accept it," the minister said'
    win.close()


QUOTE_ONLY = 'He said: “We will never accept it.” Officials denied any role.'


def test_view_option_drops_the_quote_marks_for_keys_and_mouse_alike(qtbot, db_path, check_db):
    """View ▸ Keep Quote Marks off: both paths tag the quoted words without the marks,
    and the choice is remembered for the next window."""
    add_doc(db_path, QUOTE_ONLY, "q")
    win = make_window(qtbot, db_path, doc="q")
    view = win.article
    assert win.actions["quotes"].isChecked()              # default: quote marks kept
    win.actions["quotes"].trigger()
    start, end = QUOTE_ONLY.index("“"), QUOTE_ONLY.index(" Officials")
    view.select_cp(end + 1, end + 1)
    drag(view, start, end)
    assert QUOTE_ONLY[slice(*view.selection_cp())] == "We will never accept it"
    QTest.keyClick(view, Qt.Key_C)
    (span,) = check_db().spans("q")
    assert span.text == "We will never accept it"
    win.close()
    again = make_window(qtbot, db_path, doc="q")
    assert not again.actions["quotes"].isChecked() and again.article.quotes is False
    again.close()


# 10 ------------------------------------------------------------------------------
def test_the_text_selection_looks_unlike_every_label(window, qtbot):
    view, text = window.article, window.doc.text
    s = text.index("Mark Rutte")
    drag(view, s, s + 10)
    qtbot.wait(30)
    fill = pixel(view, s + 1)
    for label in resources.default_labels():
        assert distance(fill, blend(label.colour)) > 40, label.name
    r = line_rect(view, s, s + 1)
    img = view.viewport().grab().toImage()
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(s + 1))
    x = (r.left() + view.cursorRect(cur).left()) // 2
    underline = [QColor(img.pixel(x, y)).lightness() for y in range(r.bottom() - 3, r.bottom() + 1)]
    assert min(underline) < 90          # a dark rule under the selected text


# 11 ------------------------------------------------------------------------------
def test_untitled_documents_and_placeholder_outlets_are_told_apart(qtbot, db_path):
    add_doc(db_path, "First untitled body text about talks.", "u1",
            outlet="unknown outlet (imported from 101.txt)", event="ev")
    add_doc(db_path, "Second untitled body text about talks.", "u2",
            outlet="unknown outlet (imported from 102.txt)", event="ev")
    win = make_window(qtbot, db_path, doc="u1")
    model = win.docs.model
    title = model.index(model.find("u1"), 0).data()
    assert title and title.startswith("First untitled")
    QTest.keyClick(win.article, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: win.compare is not None and win.compare.result is not None,
                    timeout=3000)
    axis = next(a for a in win.compare.chart.axes() if a.orientation() == Qt.Horizontal)
    names = axis.categories()
    assert len(set(names)) == 2 and all("101" in n or "102" in n for n in names)
    win.close()


# Find -----------------------------------------------------------------------------
def test_find_marks_hits_in_the_article_and_f3_steps_through_them(window, check_db, qtbot):
    QTest.keyClick(window.article, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is window.docs.search
    QTest.keyClicks(window.docs.search, "NATO")
    qtbot.waitUntil(lambda: window.docs.model.rowCount() >= 1, timeout=2000)
    QTest.keyClick(window.docs.search, Qt.Key_Escape)          # back to the text
    text = window.doc.text
    starts = [i for i in range(len(text)) if text.startswith("NATO", i)]
    assert [s for s, _ in window.article.hits] == starts
    view = window.article
    view.select_cp(0, 0)
    QTest.keyClick(view, Qt.Key_F3)
    assert view.selection_cp() == (starts[0], starts[0] + 4)
    QTest.keyClick(view, Qt.Key_F3)
    assert view.selection_cp() == (starts[1], starts[1] + 4)
    QTest.keyClick(view, Qt.Key_F3, Qt.ShiftModifier)
    assert view.selection_cp() == (starts[0], starts[0] + 4)
    QTest.keyClick(view, Qt.Key_C)                     # a hit can be tagged directly
    assert [s.text for s in check_db().spans(window.doc.id)] == ["NATO"]
