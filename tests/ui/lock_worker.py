"""Subprocess for the lock-hazard test: the real window opens File ▸ Import Files,
the dialog is pointed at the project's own folder, lists it (its model's gatherer
makes every file's icon before it reports the folder loaded) and is drawn, then
cancelled. The worker prints "cancelled", waits for a line on stdin (meanwhile the
test runs a second program on the project), then tags with the keyboard (J, 1)
and prints each span id the Session reports committed, then "tagged".

Usage: python lock_worker.py PROJECT.db
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # tests/

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from annotator.core import Project  # noqa: E402
from annotator.core.interchange.importing import DocRecord, import_records  # noqa: E402
from annotator.ui.app import make_app  # noqa: E402
from annotator.ui.main_window import MainWindow  # noqa: E402
from annotator.ui.session import Session  # noqa: E402
from helpers.ui import is_file_dialog, list_then_cancel, when_shown  # noqa: E402

TAGS = 3


def main(path: str) -> None:
    app = make_app()
    project = Project(path)
    if not project.document_count():
        text = " ".join(f"Sentence number {i} says something." for i in range(50))
        import_records(project, [DocRecord(text, "lock", id="doc")])
    session = Session(project, annotator="lock")
    session.changed.connect(lambda ch, _i=None: [print(i, flush=True) for i in sorted(ch.added_ids)])
    session.failed.connect(lambda msg: print("failed", msg.replace("\n", " "), flush=True))
    window = MainWindow(session, persist=False)
    window.show()
    window.open_initial("doc")
    window.article.setFocus()
    folder = os.path.dirname(os.path.abspath(path))
    listed = []

    when_shown(is_file_dialog, lambda dialog: list_then_cancel(
        dialog, folder, listed, select=os.path.abspath(path)))   # as a user clicking it
    window.actions["import_files"].trigger()          # returns once cancelled
    print("cancelled" if listed else "the dialog never listed the folder", flush=True)
    sys.stdin.readline()                              # the other program runs now
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    window.article.setFocus()
    for _ in range(TAGS):
        QTest.keyClick(window.article, Qt.Key_J)
        QTest.keyClick(window.article, Qt.Key_1)
        app.processEvents()
    print("tagged", flush=True)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
