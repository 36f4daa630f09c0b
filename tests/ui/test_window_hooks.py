"""The window's doors to the other views: Compare (a tab beside the article) and Export."""
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from helpers.ui import drag


def test_compare_opens_as_a_tab_and_open_span_shows_the_passage(window, check_db):
    text = window.doc.text
    s = text.index("Mark Rutte")
    drag(window.article, s, s + len("Mark Rutte"))
    QTest.keyClick(window.article, Qt.Key_C)
    QTest.keyClick(window.article, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.tabs.currentWidget() is window.compare
    assert window.tabs.count() == 2
    QTest.keyClick(window.article, Qt.Key_N)            # somewhere else first
    window.compare.open_span.emit("001", 0, 5)
    assert window.tabs.currentIndex() == 0 and window.doc.id == "001"
    assert window.article.selection_cp() == (0, 5)
    (span,) = check_db().spans("000")
    window.compare.open_span.emit("000", span.start, span.end)
    assert window.doc.id == "000" and window.article.selected_span == span.id


def test_export_opens_the_export_dialog_for_this_project(window):
    seen = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        seen.append(type(dialog).__name__)
        dialog.reject()
    QTimer.singleShot(0, close_it)
    window.actions["export"].trigger()
    assert seen == ["ExportDialog"]


def test_an_export_from_the_window_says_what_it_wrote_in_the_status_bar(window, tmp_path):
    out = tmp_path / "out.jsonl"

    def export_it():
        dialog = QApplication.activeModalWidget()
        dialog.path_edit.setText(str(out))
        QTest.mouseClick(dialog.export_button, Qt.LeftButton)
    QTimer.singleShot(0, export_it)
    window.actions["export"].trigger()
    assert out.exists()
    assert window.message.text().startswith("exported 5 document(s)")


def test_a_bug_in_a_handler_is_one_line_in_the_status_bar_not_a_traceback(
        window, qtbot, monkeypatch, capsys):
    import sys
    from annotator.ui.app import install_error_hook
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)     # restored afterwards
    install_error_hook(window)
    QTimer.singleShot(0, lambda: {}["missing"])                # a slot that raises
    qtbot.waitUntil(lambda: "KeyError" in window.message.text(), timeout=2000)
    err = capsys.readouterr().err
    assert "annotator: internal error: KeyError" in err and "Traceback" not in err
