"""Acceptance checks for issue 3 claims no other test asserts: window geometry and
recent projects are remembered, nested spans stay visible, the document list shows
the event. Real window, real events, settings in a temp INI file."""
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core import Project, resources
from annotator.core.interchange.importing import import_paths
from helpers.ui import drag, make_window, point_at


def open_window(qtbot, db_path):
    return make_window(qtbot, db_path, activate=True)


def sample_db(path):
    with Project(path) as p:
        import_paths(p, [resources.sample_corpus_dir()])
    return path


def test_window_geometry_is_restored_on_the_next_start(qtbot, tmp_path):
    db = sample_db(tmp_path / "p.db")
    win = open_window(qtbot, db)
    # The offscreen screen is 800 px wide, below the window's minimum (the article keeps
    # ~60 characters a line), so the width stays at that minimum; the height is free.
    win.resize(win.minimumWidth(), 640)
    QApplication.processEvents()
    size = (win.width(), win.height())
    assert size[1] == 640
    win.close()
    again = open_window(qtbot, db)       # resized to 1400x900 before restore()
    assert (again.width(), again.height()) == size
    again.close()


def test_recent_projects_menu_lists_an_earlier_project(qtbot, tmp_path):
    first, second = sample_db(tmp_path / "first.db"), sample_db(tmp_path / "second.db")
    open_window(qtbot, first).close()
    win = open_window(qtbot, second)
    win.recent_menu.aboutToShow.emit()
    entries = " ".join(a.text() + " " + str(a.data()) + " " + a.toolTip()
                       for a in win.recent_menu.actions())
    assert "first.db" in entries
    win.close()


def _dominant(img, x0, x1, y0, y1):
    counts = Counter(img.pixelColor(x, y).name() for x in range(x0, x1)
                     for y in range(y0, y1))
    return counts.most_common(1)[0][0]


def test_nested_span_is_visible_inside_its_outer_span(qtbot, tmp_path):
    db = sample_db(tmp_path / "p.db")
    win = open_window(qtbot, db)
    view, text = win.article, win.doc.text
    outer = "NATO Secretary General Mark Rutte"
    s = text.index(outer)
    drag(view, s, s + len(outer))
    QTest.keyClick(view, Qt.Key_A)                        # accusation over the whole
    inner = s + outer.index("Mark Rutte")
    drag(view, inner, s + len(outer))
    QTest.keyClick(view, Qt.Key_C)                        # claim nested inside
    with Project(db) as p:
        got = sorted((x.text, x.label) for x in p.spans(win.doc.id))
    assert got == [("Mark Rutte", "claim"), (outer, "accusation")]
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, point_at(view, 1))
    QApplication.processEvents()
    img = view.viewport().grab().toImage()
    dpr = img.devicePixelRatio()

    def box(a, b):                      # the line box between two offsets, inset
        pa, pb = point_at(view, a), point_at(view, b)
        cur = QTextCursor(view.document())
        cur.setPosition(view.omap.to_qt(a))
        r = view.cursorRect(cur)
        assert pa.y() == pb.y(), "test words must sit on one line"
        return (int((pa.x() + 2) * dpr), int((pb.x() - 2) * dpr),
                int((r.top() + 1) * dpr), int((r.bottom() - 1) * dpr))
    sec = s + outer.index("Secretary")
    outer_only = _dominant(img, *box(sec, sec + len("Secretary")))
    nested = _dominant(img, *box(inner + len("Mark "), s + len(outer)))
    plain = _dominant(img, *box(1, 5))
    assert outer_only != plain, "the outer span is not painted"
    assert nested != outer_only, "the nested span looks exactly like its outer span"
    win.close()


def test_document_list_shows_the_event_column(qtbot, tmp_path):
    """On a large screen the list shows the Event column; on a narrow one the window
    gives the article room first and folds Event, Status and Outlet away."""
    win = open_window(qtbot, sample_db(tmp_path / "p.db"))
    table, model = win.docs.table, win.docs.model

    def visible():
        return [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())
                if not table.isColumnHidden(c)]
    win.resize(1920, 1080)
    win.splitter.setSizes([560, 900, 460])            # a list pane with room

    qtbot.waitUntil(lambda: "Event" in visible(), timeout=3000)
    win.splitter.setSizes([300, 1160, 460])           # narrow: the title keeps its room
    qtbot.waitUntil(lambda: "Event" not in visible() and "Title" in visible(), timeout=3000)
    win.close()


def test_tagging_while_another_program_locks_the_file_shows_nothing_as_done(
        qtbot, tmp_path, monkeypatch):
    """Nothing is shown as done that is not committed: a held write lock makes the
    tag fail with one message, the span list stays empty; once free, it works."""
    import sqlite3
    monkeypatch.setattr("annotator.core.store.project.BUSY_TIMEOUT_MS", 100)
    db = sample_db(tmp_path / "p.db")
    win = open_window(qtbot, db)
    view, text = win.article, win.doc.text
    s = text.index("Mark Rutte")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        drag(view, s, s + len("Mark Rutte"))
        QTest.keyClick(view, Qt.Key_C)
        qtbot.wait(50)          # past the timer that brings the list and buttons up to date
        assert win.span_model.rowCount() == 0
        assert "locked" in win.message.text().lower()
        assert win.panel.buttons["claim"].text().endswith(" 0")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Project(db) as p:
        assert p.spans(win.doc.id) == []
    drag(view, s, s + len("Mark Rutte"))
    QTest.keyClick(view, Qt.Key_C)
    with Project(db) as p:
        assert [x.text for x in p.spans(win.doc.id)] == ["Mark Rutte"]
    assert win.span_model.rowCount() == 1
    win.close()
