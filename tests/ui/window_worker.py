"""Subprocess for the window kill test: the real window tags sentence after sentence
with key presses; each span id is printed once the Session reports it committed.

Usage: python window_worker.py PROJECT.db
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from annotator.core import Project  # noqa: E402
from annotator.core.interchange.importing import DocRecord, import_records  # noqa: E402
from annotator.ui.app import make_app  # noqa: E402
from annotator.ui.main_window import MainWindow  # noqa: E402
from annotator.ui.session import Session  # noqa: E402

KEYS = (Qt.Key_C, Qt.Key_D, Qt.Key_A, Qt.Key_B)


def main(path: str) -> None:
    app = make_app()
    project = Project(path)
    if not project.document_count():
        # Paragraphs of five sentences: J crosses line breaks as it would in an article.
        text = "\n".join(" ".join(f"Sentence number {i + j} says something." for j in range(5))
                         for i in range(0, 5000, 5))
        import_records(project, [DocRecord(text, "kill", id="doc")])
    session = Session(project, annotator="burst")
    session.changed.connect(lambda ch, _who: [print(i, flush=True) for i in sorted(ch.added_ids)])
    window = MainWindow(session, persist=False)
    window.show()
    window.open_initial("doc")
    window.article.setFocus()
    print("ready", flush=True)
    n = 0

    def tick():
        nonlocal n
        QTest.keyClick(window.article, Qt.Key_J)
        QTest.keyClick(window.article, KEYS[n % 4])
        n += 1
    timer = QTimer(interval=0)
    timer.timeout.connect(tick)
    timer.start()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
