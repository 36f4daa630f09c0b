"""Find (the list shows why a document matched), empty states, and what the window
remembers: filters and each document's scroll position (issue 11). Real keys."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core import Project
from annotator.ui.article.scroll import first_visible_cp
from annotator.ui.documents.models import DocumentModel

from helpers.ui import add_doc, make_window


def search(win, qtbot, words):
    QTest.keyClick(win.article, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is win.docs.search
    QTest.keyClicks(win.docs.search, words)
    qtbot.waitUntil(lambda: win.docs.model.filters.get("search") == words, timeout=2000)


def test_list_shows_why_a_document_matched_then_f3_tags_the_hit(window, qtbot, check_db):
    search(window, qtbot, "scapegoat")
    model, table = window.docs.model, window.docs.table
    assert model.rowCount() >= 1
    assert not table.isColumnHidden(DocumentModel.SNIPPET)
    snippet = model.index(0, DocumentModel.SNIPPET).data()
    assert "«scapegoat»" in snippet
    assert "Matched: " in model.index(0, 0).data(Qt.ToolTipRole)
    QTest.keyClick(window.docs.search, Qt.Key_Escape)        # back to the text
    QTest.keyClick(window.article, Qt.Key_F3)
    QTest.keyClick(window.article, Qt.Key_1)
    (span,) = check_db().spans(window.doc.id)
    assert (span.text, span.label) == ("scapegoat", "claim")
    QTest.keyClick(window.article, Qt.Key_F, Qt.ControlModifier)
    QTest.keyClick(window.docs.search, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClick(window.docs.search, Qt.Key_Delete)
    qtbot.waitUntil(lambda: "search" not in model.filters, timeout=2000)
    assert table.isColumnHidden(DocumentModel.SNIPPET)       # no search, no Match column


def test_a_filter_that_matches_nothing_says_so(window, qtbot):
    empty = window.docs.empty.label
    assert not empty.isVisible()
    search(window, qtbot, "qqqzzz")
    assert window.docs.model.rowCount() == 0
    assert empty.isVisible() and "No document matches the search “qqqzzz”" in empty.text()


def test_an_empty_project_says_how_to_import(qtbot, tmp_path):
    Project(tmp_path / "empty.db").close()
    win = make_window(qtbot, tmp_path / "empty.db")
    label = win.docs.empty.label
    assert label.isVisible() and "File ▸ Import" in label.text() and "drag" in label.text()
    win.close()


def test_filters_are_remembered(qtbot, db_path):
    win = make_window(qtbot, db_path)
    search(win, qtbot, "NATO")
    win.docs.status.setFocus()
    QTest.keyClick(win.docs.status, Qt.Key_Down)              # Any status -> new
    assert win.docs.model.filters == {"search": "NATO", "status": "new"}
    win.close()
    again = make_window(qtbot, db_path)
    assert again.docs.search.text() == "NATO"
    assert again.docs.model.filters == {"search": "NATO", "status": "new"}
    again.close()


LONG = "\n".join(f"Paragraph {i}: officials said the talks would go on for another week "
                 f"while critics denied any progress had been made at all." for i in range(120))


def test_scroll_position_of_each_document_is_restored(qtbot, db_path):
    add_doc(db_path, LONG, "long")
    win = make_window(qtbot, db_path, "long")
    for _ in range(6):
        QTest.keyClick(win.article, Qt.Key_PageDown)
    top = first_visible_cp(win.article)
    assert top > 1000
    QTest.keyClick(win.article, Qt.Key_P)             # another document, then back
    assert win.doc.id != "long"
    assert first_visible_cp(win.article) == 0
    win.docs.select("long")
    assert first_visible_cp(win.article) == top
    win.close()
    again = make_window(qtbot, db_path)               # and after a restart
    assert again.doc.id == "long" and first_visible_cp(again.article) == top
    again.close()
