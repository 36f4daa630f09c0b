"""The window around the tagging: import by drop, cancel, plain text, settings, lists."""
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QDragEnterEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from annotator.ui.dialogs import importer
from helpers.ui import make_window
from helpers.ui import add_doc, drag


def drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPoint(50, 50)
    enter = QDragEnterEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, event)


def test_dropping_files_imports_them(window, check_db, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.txt").write_text("Headline A\n\nThe minister said talks will go on.")
    (folder / "b.txt").write_text("Headline B\n\nOfficials denied any role.")
    drop(window, [folder])
    assert check_db().document_count() == 7
    assert window.docs.model.total == 7
    assert "imported 2" in window.message.text().lower()


def test_a_bad_file_imports_nothing_with_one_message(window, check_db, tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.jsonl"
    good.write_text("Fine text.")
    bad.write_text('{"text": "ok"}\n{not json\n')
    drop(window, [good, bad])
    assert check_db().document_count() == 5
    assert "bad.jsonl" in window.message.text()


def test_cancelling_a_long_import_leaves_nothing(window, check_db, tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1200):
        (folder / f"{i:04d}.txt").write_text(f"Article {i}\n\nBody number {i} of the import.")
    monkeypatch.setattr(importer, "SHOW_AFTER_MS", 0)
    seen = []

    def cancel_when_shown():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QProgressDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(1, cancel_when_shown)
            return
        seen.append(dialog.value())
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        QTest.mouseClick(button, Qt.LeftButton)
    QTimer.singleShot(0, cancel_when_shown)
    report = importer.import_with_progress(window, window.session, [folder])
    assert report is None and seen
    assert check_db().document_count() == 5
    assert "cancelled" in window.message.text().lower()


def test_article_and_header_are_plain_text_never_html(qtbot, db_path):
    html = "<b>bold</b> &amp; <img src=x> <a href='y'>link</a>"
    add_doc(db_path, "Body with " + html, "html", title="<i>Title</i>")
    win = make_window(qtbot, db_path, doc="html")
    assert win.article.toPlainText() == "Body with " + html
    assert win.header.title.text() == "<i>Title</i>"
    assert win.header.title.textFormat() == Qt.PlainText
    win.close()


def test_settings_restore_last_document_and_splitter(qtbot, db_path, check_db):
    win = make_window(qtbot, db_path)
    QTest.keyClick(win.article, Qt.Key_N)
    QTest.keyClick(win.article, Qt.Key_N)
    doc = win.doc.id
    win.resize(760, 560)            # inside the offscreen screen, so geometry restores as is
    QApplication.processEvents()
    win.splitter.setSizes([200, 360, 200])
    sizes = win.splitter.sizes()
    win.close()
    again = make_window(qtbot, db_path)
    assert again.doc.id == doc
    assert again.splitter.sizes() == sizes
    assert again.settings.last_project() == str(Path(db_path).resolve())
    again.close()


def test_filter_box_uses_full_text_search_and_status_filter(window, qtbot):
    window.docs.search.setText("scapegoat")
    qtbot.waitUntil(lambda: window.docs.model.rowCount() == 1, timeout=2000)
    assert window.docs.model.rows[0]["id"] == "000"
    window.docs.search.setText("")
    qtbot.waitUntil(lambda: window.docs.model.rowCount() == 5, timeout=2000)
    drag(window.article, 0, 5)
    QTest.keyClick(window.article, Qt.Key_C)
    box = window.docs.status
    box.setCurrentIndex(box.findData("in_progress"))
    box.activated.emit(box.currentIndex())
    assert window.docs.model.rowCount() == 1


def test_document_list_pages_a_big_project(qtbot, tmp_path):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from synthetic import build_project
    db = tmp_path / "big.db"
    build_project(db, 1200, spans_per_doc=1, size=200).close()
    win = make_window(qtbot, db)
    model = win.docs.model
    assert model.total == 1200 and model.rowCount() == 500       # no more loaded than a page
    assert win.docs.select("doc001100")
    assert win.doc.id == "doc001100" and model.rowCount() == 1200
    win.close()


def test_undo_in_another_document_goes_there(window, check_db):
    drag(window.article, 0, 5)
    QTest.keyClick(window.article, Qt.Key_C)
    first = window.doc.id
    QTest.keyClick(window.article, Qt.Key_N)
    assert window.doc.id != first
    window.actions["undo"].trigger()
    assert window.doc.id == first and check_db().spans(first) == []
    assert window.span_model.rowCount() == 0


def test_a_failed_edit_shows_one_message_and_changes_nothing(window, check_db):
    drag(window.article, 0, 5)
    QTest.keyClick(window.article, Qt.Key_C)
    drag(window.article, 0, 5)
    window.state.select(None)                        # force an identical add
    window.apply_label("claim")
    assert len(check_db().spans(window.doc.id)) == 1
    assert "already exists" in window.message.text()


def test_start_reopens_the_last_project_or_falls_back(qtbot, db_path, tmp_path, monkeypatch):
    from annotator import cli
    from annotator.ui.app import open_window
    from annotator.ui.settings import Settings
    Settings().remember_project(str(db_path))
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "default.db"))
    args = cli.build_parser().parse_args([])
    win = open_window(args)
    qtbot.addWidget(win)
    assert win.session.project.path == str(Path(db_path).resolve())
    win.session.project.close()
    Path(db_path).write_bytes(b"not a database at all, just bytes" * 10)
    again = open_window(args)
    qtbot.addWidget(again)
    assert again.session.project.path == str(tmp_path / "default.db")


def test_a_tag_pressed_while_an_import_runs_is_never_shown_unless_committed(
        window, check_db, tmp_path, qtbot):
    """The import's progress lets key presses through; a tag made then must not ride
    inside the import's transaction (and vanish with its rollback) while shown."""
    import json
    s = window.doc.text.index("Mark Rutte")
    drag(window.article, s, s + len("Mark Rutte"))
    bad = tmp_path / "bad.jsonl"                  # fails on its 2nd record, after progress
    bad.write_text(json.dumps({"text": "A first new article."}) + "\n"
                   + json.dumps({"text": "A second one.",
                                 "spans": [{"start": 0, "end": 1, "label": "nosuch"}]}) + "\n")
    pressed, failures = [], []
    window.label_actions["label:claim"].triggered.connect(lambda *_: pressed.append(1))
    window.session.failed.connect(failures.append)
    QTimer.singleShot(0, lambda: QTest.keyClick(window.article, Qt.Key_C))
    drop(window, [bad])
    assert pressed, "the key press never ran during the import"
    stored = check_db().spans(window.doc.id)
    assert window.span_model.rowCount() == len(stored)
    button = window.panel.buttons["claim"]
    qtbot.waitUntil(lambda: button.text().endswith(f" {len(stored)}"), timeout=1000)
    if not stored:            # refused while the import held the write: said so
        assert any("still being saved" in f for f in failures)
    assert check_db().document_count() == 5
