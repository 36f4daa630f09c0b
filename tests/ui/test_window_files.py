"""The window's file dialogs never open the project's files (issue 8's lock hazard at
its root), dropping the project onto itself is refused, and the status bar shows text
as plain text. Opens are watched with Linux inotify (IN_OPEN), not guessed."""
import ctypes
import os
import struct
import sys

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from helpers.ui import is_file_dialog, list_then_cancel, when_shown

IN_OPEN, IN_NONBLOCK = 0x20, 0o4000

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify")


class OpenWatch:
    """Names of files opened in a folder, by anyone, while watched."""

    def __init__(self, folder):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(IN_NONBLOCK)
        assert self.fd >= 0
        assert self.libc.inotify_add_watch(self.fd, str(folder).encode(), IN_OPEN) >= 0

    def opened(self) -> set[str]:
        names = set()
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return names
            i = 0
            while i < len(data):
                _wd, _mask, _cookie, size = struct.unpack_from("iIII", data, i)
                names.add(data[i + 16:i + 16 + size].rstrip(b"\0").decode())
                i += 16 + size

    def close(self):
        os.close(self.fd)


def visit_dialog(qtbot, folder, action):
    """Trigger `action`; point the dialog that opens at `folder`, wait until its model
    has listed the folder (the model's gatherer thread makes every file's icon before
    it reports the folder loaded), draw it in detail view (the Type column), then
    cancel it. The dialog runs its own event loop, so all of this runs from timers."""
    seen, loaded = [], []

    def found(d):
        seen.append(d)
        list_then_cancel(d, folder, loaded, detail=True)
    when_shown(is_file_dialog, found)
    action()
    assert seen, "no file dialog opened"
    assert loaded, "the dialog never listed the folder"
    return seen[0]


def test_no_dialog_of_the_window_opens_the_project_files(qtbot, window, db_path):
    folder = db_path.parent
    (folder / "article.txt").write_text("An article.", encoding="utf-8")
    watch = OpenWatch(folder)
    try:
        for name in ("import_files", "import_folder", "open_project", "new_project"):
            dialog = visit_dialog(qtbot, folder, window.actions[name].trigger)
            assert dialog.testOption(QFileDialog.DontUseNativeDialog)
        opened = watch.opened()
    finally:
        watch.close()
    project_files = {db_path.name + s for s in ("", "-wal", "-shm", "-journal")}
    assert not opened & project_files, f"opened {sorted(opened & project_files)}"


def test_the_export_dialog_browse_does_not_open_the_project_files(qtbot, window, db_path):
    from annotator.ui.dialogs.export import ExportDialog
    dialog = ExportDialog(window.session.project, parent=window)
    qtbot.addWidget(dialog)
    watch = OpenWatch(db_path.parent)
    try:
        visit_dialog(qtbot, db_path.parent, dialog.browse)
        opened = watch.opened()
    finally:
        watch.close()
    assert not {n for n in opened if n.startswith(db_path.name)}


def test_dropping_the_open_project_onto_the_window_imports_nothing(qtbot, window, db_path,
                                                                   check_db):
    before = check_db().document_count()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(db_path))])
    event = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    assert "open project itself" in window.message.text()
    assert check_db().document_count() == before


def test_the_status_bar_shows_markup_as_text(window):
    window.show_message("<b>bold</b> <img src=x>")
    for label in (window.message, window.saved, window.position, window.progress):
        assert label.textFormat() == Qt.PlainText
