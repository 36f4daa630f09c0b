"""Label ▸ Edit Labels… (issue 11) driven with real mouse clicks and keys; the
database decides. Every change is one undoable step."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.ui.dialogs.labels import LabelSetDialog, colour_problem, key_problem

from helpers.ui import drag


def open_editor(window, qtbot):
    window.actions["edit_labels"].trigger()          # Label ▸ Edit Labels…
    dlg = window.findChild(LabelSetDialog)
    qtbot.waitExposed(dlg)
    dlg.activateWindow()         # keys go where a person's would: not to the article
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg, timeout=2000)
    return dlg


def back_to_window(window, dlg, qtbot):
    dlg.close()
    window.activateWindow()
    window.article.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.article, timeout=2000)


def pick(dlg, name):
    row = next(i for i in range(dlg.list.count()) if dlg.list.item(i).data(Qt.UserRole) == name)
    rect = dlg.list.visualItemRect(dlg.list.item(row))
    QTest.mouseClick(dlg.list.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert dlg.current().name == name


def retype(field, text):
    field.setFocus()
    assert QApplication.focusWidget() is field
    QTest.keyClick(field, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key_Return)


def tag(window, needle, key):
    text = window.doc.text
    s = text.index(needle)
    drag(window.article, s, s + len(needle))
    QTest.keyClick(window.article, key)
    return s, s + len(needle)


def labels_of(check_db):
    return [(l.name, l.key, l.order) for l in check_db().labels()]


def test_rename_every_span_follows_and_undo(window, qtbot, check_db):
    tag(window, "Mark Rutte", Qt.Key_1)
    dlg = open_editor(window, qtbot)
    pick(dlg, "claim")
    retype(dlg.name, "assertion")
    (span,) = check_db().spans(window.doc.id)
    assert span.label == "assertion"
    assert [n for n, *_ in labels_of(check_db)][0] == "assertion"
    assert check_db().labels()[0].colour == "#ffd54f"     # Enter clicked no colour button
    assert window.span_model.index(0, 0).data() == "assertion"     # the views follow
    assert "assertion" in window.panel.buttons
    pick(dlg, "assertion")                 # out of the field: Ctrl+Z there undoes typing
    QTest.keyClick(dlg.list, Qt.Key_Z, Qt.ControlModifier)
    assert check_db().spans(window.doc.id)[0].label == "claim"
    assert dlg.current().name == "claim"


def test_remove_refused_while_used_then_relabel_in_one_undoable_step(window, qtbot, check_db):
    tag(window, "Mark Rutte", Qt.Key_1)
    before = labels_of(check_db)
    dlg = open_editor(window, qtbot)
    pick(dlg, "claim")
    QTest.mouseClick(dlg.buttons["remove"], Qt.LeftButton)
    assert "used by 1 span" in dlg.message.text()
    assert labels_of(check_db) == before
    dlg.relabel.setFocus()
    QTest.keyClick(dlg.relabel, Qt.Key_Down)           # the first other label: denial
    assert dlg.relabel.currentData() == "denial"
    QTest.mouseClick(dlg.buttons["remove"], Qt.LeftButton)
    assert [n for n, *_ in labels_of(check_db)] == ["denial", "accusation", "background"]
    assert check_db().spans(window.doc.id)[0].label == "denial"
    back_to_window(window, dlg, qtbot)
    QTest.keyClick(window.article, Qt.Key_Z, Qt.ControlModifier)     # Edit ▸ Undo
    assert labels_of(check_db) == before
    assert check_db().spans(window.doc.id)[0].label == "claim"


def test_add_key_describe_recolour(window, qtbot, check_db):
    dlg = open_editor(window, qtbot)
    QTest.mouseClick(dlg.buttons["add"], Qt.LeftButton)
    QTest.keyClicks(dlg.name, "rumour")        # Add leaves the new name selected
    QTest.keyClick(dlg.name, Qt.Key_Return)
    assert labels_of(check_db)[-1] == ("rumour", None, 4)
    retype(dlg.key, "j")                       # J is Next Sentence: refused
    assert "taken by a command" in dlg.message.text()
    retype(dlg.key, "c")                       # claim's letter: refused
    assert "claim" in dlg.message.text()
    assert labels_of(check_db)[-1] == ("rumour", None, 4)
    retype(dlg.key, "r")
    retype(dlg.description, "unconfirmed report")
    QTest.mouseClick(dlg.swatches[3], Qt.LeftButton)
    rumour = check_db().labels()[-1]
    assert (rumour.key, rumour.description, rumour.colour) == ("r", "unconfirmed report",
                                                                "#90caf9")
    back_to_window(window, dlg, qtbot)
    s, e = tag(window, "Mark Rutte", Qt.Key_R)              # the new key tags
    (span,) = check_db().spans(window.doc.id)
    assert (span.label, span.start, span.end) == ("rumour", s, e)


def test_dark_colours_are_refused(window, qtbot, check_db):
    dlg = open_editor(window, qtbot)
    pick(dlg, "denial")
    before = check_db().labels()
    assert not dlg.set_colour("#303030")
    assert "too dark" in dlg.message.text()
    assert check_db().labels() == before
    assert colour_problem("#ffe082") is None and colour_problem("#000080")


def test_reorder_with_buttons_and_number_keys_follow(window, qtbot, check_db):
    dlg = open_editor(window, qtbot)
    pick(dlg, "background")
    for _ in range(3):
        QTest.mouseClick(dlg.buttons["up"], Qt.LeftButton)
    assert [n for n, *_ in labels_of(check_db)] == ["background", "claim", "denial",
                                                     "accusation"]
    back_to_window(window, dlg, qtbot)
    tag(window, "Mark Rutte", Qt.Key_1)
    assert check_db().spans(window.doc.id)[0].label == "background"


def test_key_problem_rules(window):
    labels, taken = window.session.project.labels(), window.command_keys()
    assert key_problem(labels, "claim", "5") and key_problem(labels, "claim", "d")
    assert "command" in key_problem(labels, "claim", "n", taken)     # Next Document
    assert key_problem(labels, "claim", "") is None and key_problem(labels, "claim", "y") is None
