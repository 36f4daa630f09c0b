"""The real main window, and real mouse gestures on the article in code-point offsets."""
import os

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from annotator.core import Project
from annotator.core.interchange.importing import DocRecord, import_records


_APP = []


def app():
    """The application as the program makes it (style sheet, icon, names), once per
    process as the program does: setting the style sheet again re-polishes every
    widget alive, ~50 ms a window."""
    if not _APP:
        from annotator.ui.app import make_app
        _APP.append(make_app())
    return _APP[0]


def make_window(qtbot, db_path, doc=None, *, activate=True):
    """The window as the app starts it: remembered layout first, then show, then the
    article focused. Settings go to the per-test INI file (tests/conftest.py).

    activate: also make it the active window and wait until the article has focus, for
    a test that opens a second window (an earlier closed one may still hold focus)."""
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session
    from annotator.ui.settings import Settings
    app()
    win = MainWindow(Session(Project(db_path), annotator="tester"), Settings())
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.restore()
    win.show()
    qtbot.waitExposed(win)
    win.open_initial(doc)
    if activate:
        win.activateWindow()
    win.article.setFocus()
    if activate:
        qtbot.waitUntil(lambda: QApplication.focusWidget() is win.article, timeout=2000)
    return win


def add_doc(db_path, text, doc_id="tricky", **meta):
    with Project(db_path) as p:
        import_records(p, [DocRecord(text, "test", id=doc_id, meta=meta)])


def point_at(view, cp, after=False):
    """Viewport point of code-point offset `cp` (on the boundary before that character)."""
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(cp))
    rect = view.cursorRect(cur)
    return QPoint(rect.left() + (1 if after else 0), rect.center().y())


def drag(view, start_cp, end_cp):
    """A real mouse drag in the article, from one offset to another."""
    vp = view.viewport()
    a, b = point_at(view, start_cp), point_at(view, end_cp)
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, a)
    mid = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    QTest.mouseMove(vp, mid)
    QTest.mouseMove(vp, b)
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, b)


def click(view, cp, frac=0.5):
    """A click on the character at `cp`, `frac` of the way across it (middle by default)."""
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(cp))
    r1 = view.cursorRect(cur)
    cur.setPosition(view.omap.to_qt(cp + 1))
    r2 = view.cursorRect(cur)
    x = (round(r1.left() + (r2.left() - r1.left()) * frac) if r2.top() == r1.top()
         else r1.left() + 3)
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, QPoint(x, r1.center().y()))


def qt_selected_text(view):
    return view.textCursor().selectedText().replace("\u2029", "\n")


def when_shown(match, then) -> None:
    """Call then(widget) once a visible top-level widget with match(widget) appears.
    A dialog the code under test opens runs its own event loop, so a test acts on it
    from timers: this looks every 20 ms."""
    def look():
        found = next((w for w in QApplication.topLevelWidgets()
                      if w.isVisible() and match(w)), None)
        if found is None:
            QTimer.singleShot(20, look)
        else:
            then(found)
    QTimer.singleShot(0, look)


def is_file_dialog(widget) -> bool:
    return isinstance(widget, QFileDialog)


def list_then_cancel(dialog, folder, listed: list, *, select=None, detail=False) -> None:
    """Point a file dialog at `folder`; once its model has listed the folder (its
    gatherer thread makes every file's icon before it reports the folder loaded),
    append the folder to `listed`, draw the dialog and cancel it. `select`: a file
    clicked as a user would; `detail`: the detail view (its Type column). Cancelled
    after 10 s if the folder never loads, so a test never hangs."""
    def loaded(where):
        if os.path.realpath(where) == os.path.realpath(folder) and not listed:
            listed.append(where)
            QTimer.singleShot(0, lambda: (dialog.grab(), dialog.reject()))
    dialog.findChild(QFileSystemModel).directoryLoaded.connect(loaded)
    dialog.setDirectory(str(folder))
    if select is not None:
        dialog.selectFile(str(select))
    if detail:
        dialog.setViewMode(QFileDialog.Detail)
    give_up = QTimer(dialog, singleShot=True)
    give_up.timeout.connect(dialog.reject)
    give_up.start(10_000)
