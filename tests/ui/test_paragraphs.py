"""Paragraphs separated by single newlines get visible spacing (display only): the
stored text and every offset are unchanged, and a mouse tag after a paragraph break
still stores exactly the text under the mouse."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from helpers.ui import add_doc, drag, make_window

TEXT = ("Officials met on Monday.\n"
        "The minister said “talks will go on” after the meeting.\n"
        "\n"
        "A blank line already separates this one.\n"
        "Critics denied any progress.")


def top_of(view, cp):
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(cp))
    return view.cursorRect(cur).top()


def test_single_newline_paragraphs_are_spaced_and_offsets_hold(qtbot, db_path, check_db):
    add_doc(db_path, TEXT, "paras")
    win = make_window(qtbot, db_path, "paras")
    view = win.article
    line = view.fontMetrics().lineSpacing()
    second = TEXT.index("The minister")
    assert top_of(view, second) - top_of(view, 0) >= line * 1.5      # a visible gap
    blank = TEXT.index("A blank")                # a blank line: no gap added on top
    critics = TEXT.index("Critics")
    assert top_of(view, critics) - top_of(view, blank) >= line * 1.5
    assert view.toPlainText() == TEXT
    s = TEXT.index("talks will go on")
    drag(view, s, s + len("talks will go on"))
    QTest.keyClick(view, Qt.Key_1)
    drag(view, critics, critics + len("Critics denied"))
    QTest.keyClick(view, Qt.Key_2)
    spans = sorted(check_db().spans("paras"), key=lambda x: x.start)
    assert [(TEXT[x.start:x.end], x.text) for x in spans] == [
        ("talks will go on", "talks will go on"), ("Critics denied", "Critics denied")]
    win.close()
