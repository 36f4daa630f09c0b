"""Document properties from the window, by real keys and clicks, checked in the file:
the properties form (one document, or several picked with Shift+click), undo with
Ctrl+Z in the main window, and outlet/event for an imported batch."""
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from helpers.ui import is_file_dialog, when_shown

CTRL_SHIFT = Qt.ControlModifier | Qt.ShiftModifier


def is_batch_question(widget) -> bool:
    """The outlet/event question an import of several files asks."""
    return isinstance(widget, QDialog) and widget.objectName() == "importBatchMeta"


def click_row(window, row, modifier=Qt.NoModifier):
    table = window.docs.table
    rect = table.visualRect(window.docs.model.index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.LeftButton, modifier, rect.center())


def open_properties(window, qtbot):
    QTest.keyClick(window.docs.table, Qt.Key_P, CTRL_SHIFT)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "documentProperties" and w.isVisible())
    qtbot.waitUntil(lambda: dialog.isActiveWindow(), timeout=2000)
    return dialog


def type_into(edit, text, finish=Qt.Key_Return):
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key_A, Qt.ControlModifier)        # replace what is there
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, finish)


def press_open(dialog):
    """Click Open, once the folder is listed and the button enabled."""
    button = next(b for b in dialog.findChildren(QPushButton) if "Open" in b.text())
    if not button.isEnabled():
        QTimer.singleShot(20, lambda: press_open(dialog))
        return
    QTest.mouseClick(button, Qt.LeftButton)


def undo_in_main_window(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    window.article.setFocus()
    QTest.keyClick(window.article, Qt.Key_Z, Qt.ControlModifier)


def test_outlet_event_and_title_set_in_the_form_are_in_the_file(window, qtbot, check_db):
    click_row(window, 2)
    assert window.doc.id == "002"
    dialog = open_properties(window, qtbot)
    edits = dialog.edits
    assert edits["outlet"].hasFocus() and edits["outlet"].text() == "unknown outlet (002)"
    type_into(edits["outlet"], "Global Times", Qt.Key_Tab)     # leaving the field commits
    type_into(edits["event"], "nato-summit")
    type_into(edits["title"], "NATO remarks draw a reply")
    type_into(edits["published"], "2025-06-20")
    assert edits["title"].text() == "NATO remarks draw a reply"     # shows what is stored
    doc = check_db().document("002")
    assert (doc.outlet, doc.event, doc.title, doc.published) == (
        "Global Times", "nato-summit", "NATO remarks draw a reply", "2025-06-20")
    # The list, the header and the outlet filter follow without a reload.
    model = window.docs.model
    row = model.find("002")
    assert [model.index(row, c).data() for c in (0, 1, 2)] == [
        "NATO remarks draw a reply", "Global Times", "nato-summit"]
    assert window.header.title.text() == "NATO remarks draw a reply"
    assert "Global Times" in window.header.meta.text()
    assert window.docs.outlet.findData("Global Times") >= 0

    assert window.actions["undo"].text().replace("&", "") == "Undo Set published"
    undo_in_main_window(window, qtbot)
    undo_in_main_window(window, qtbot)
    doc = check_db().document("002")
    assert (doc.title, doc.published, doc.event) == (None, None, "nato-summit")
    assert dialog.edits["title"].text() == ""              # the form follows the undo too
    assert model.index(row, 0).data() != ""                # untitled: its first words


def test_a_bad_date_is_refused_with_a_message_and_the_text_kept(window, qtbot, check_db):
    click_row(window, 0)
    dialog = open_properties(window, qtbot)
    type_into(dialog.edits["published"], "June 20")
    assert "ISO date" in dialog.error.text()
    assert dialog.edits["published"].text() == "June 20"
    assert check_db().document("000").published is None
    assert not window.session.editor.can_undo


def test_shift_click_three_documents_and_set_their_event_in_one_undo_step(
        window, qtbot, check_db):
    before = {d: check_db().document(d).event for d in ("000", "001", "002", "003", "004")}
    click_row(window, 1)
    click_row(window, 3, Qt.ShiftModifier)
    assert window.docs.selected_ids() == ["001", "002", "003"]
    dialog = open_properties(window, qtbot)
    assert not dialog.edits["title"].isEnabled()               # one title per document
    assert dialog.edits["event"].placeholderText() == "(several values)"
    type_into(dialog.edits["event"], "asia-pacific-2025")
    type_into(dialog.edits["outlet"], "Xinhua")
    db = check_db()
    assert {d: db.document(d).event for d in before} == {
        **before, "001": "asia-pacific-2025", "002": "asia-pacific-2025",
        "003": "asia-pacific-2025"}
    assert {db.document(d).outlet for d in ("001", "002", "003")} == {"Xinhua"}
    assert db.document("004").outlet == "unknown outlet (004)"
    assert window.actions["undo"].text().replace("&", "") == "Undo Set outlet of 3 documents"
    undo_in_main_window(window, qtbot)
    assert window.actions["undo"].text().replace("&", "") == "Undo Set event of 3 documents"
    undo_in_main_window(window, qtbot)
    db = check_db()
    assert {d: db.document(d).event for d in before} == before
    assert db.document("003").outlet == "unknown outlet (003)"


def test_the_status_box_marks_the_selected_documents(window, qtbot, check_db):
    click_row(window, 0)
    click_row(window, 1, Qt.ShiftModifier)
    dialog = open_properties(window, qtbot)
    box = dialog.status
    box.setFocus()
    QTest.keyClick(box, Qt.Key_End)                # the last status: done
    assert {check_db().document_status(d) for d in ("000", "001")} == {"done"}
    undo_in_main_window(window, qtbot)
    assert {check_db().document_status(d) for d in ("000", "001")} == {"new"}


def test_import_files_asks_for_the_batch_outlet_and_event(window, qtbot, check_db, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(f"Headline {name}\n\nThe minister said talks go on.")
    asked = []

    def choose_files(files):
        files.setDirectory(str(folder))
        files.selectFile('"a.txt" "b.txt"')
        when_shown(is_batch_question, fill_batch)
        press_open(files)

    def fill_batch(dialog):
        asked.append(dialog)
        QTest.keyClicks(dialog.edits["outlet"], "Reuters")
        QTest.keyClicks(dialog.edits["event"], "talks-2025")
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Import")
        QTest.mouseClick(button, Qt.LeftButton)

    when_shown(is_file_dialog, choose_files)
    window.actions["import_files"].trigger()
    assert asked
    db = check_db()
    rows = db.document_rows(outlet="Reuters")
    assert len(rows) == 2 and {r["event"] for r in rows} == {"talks-2025"}
    assert db.document_count() == 7
    assert window.docs.outlet.findData("Reuters") >= 0


def test_cancelling_the_batch_question_imports_nothing(window, qtbot, check_db, tmp_path):
    (tmp_path / "c.txt").write_text("Headline\n\nBody.")

    def choose_files(files):
        files.setDirectory(str(tmp_path))
        files.selectFile("c.txt")
        when_shown(is_batch_question,
                   lambda dialog: QTest.keyClick(dialog.edits["outlet"], Qt.Key_Escape))
        press_open(files)

    when_shown(is_file_dialog, choose_files)
    window.actions["import_files"].trigger()
    assert check_db().document_count() == 5
