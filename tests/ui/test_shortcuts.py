"""One actions table: no key does two things, and the help shows every binding."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core import resources
from annotator.core.model import Label
from annotator.ui import actions
from annotator.ui.dialogs.shortcuts import markdown_table


def test_no_two_actions_share_a_key(qapp):
    specs = actions.all_actions(resources.default_labels())
    assert actions.key_clashes(specs) == {}


def test_label_keys_are_digits_in_order_and_letters():
    specs = actions.label_actions(resources.default_labels())
    assert [s.shortcuts for s in specs] == [("1", "C"), ("2", "D"), ("3", "A"), ("4", "B")]


def test_a_label_letter_taken_by_a_command_is_dropped_with_a_warning(qapp):
    labels = [Label("news", "#ffcc00", "n"), Label("quote", "#aaccff", "q")]
    specs, warnings = actions.safe_label_actions(labels)
    assert specs[0].shortcuts == ("1",) and specs[1].shortcuts == ("2", "Q")
    assert actions.key_clashes(list(actions.ACTIONS) + specs) == {}
    assert "news" in warnings[0]


def menu_bar_entries(window):
    """(menu title, action text, its keys) for every action in the real menu bar."""
    out = set()
    for top in window.menuBar().actions():
        for act in top.menu().actions():
            if not act.isSeparator() and act.menu() is None:
                keys = tuple(k.toString() for k in act.shortcuts())
                out.add((top.text().replace("&", ""), act.text().replace("&", ""), keys))
    return out


def test_every_menu_action_exists_in_the_window(window):
    """The menu bar holds exactly the table's menu rows, each with the table's keys,
    and each row's handler runs when its action is triggered."""
    shown = menu_bar_entries(window)
    def text(spec):      # Undo/Redo carry the step's name
        live = window.actions[spec.id].text() if spec.id in ("undo", "redo") else spec.text
        return live.replace("&", "")
    wanted = {(s.menu, text(s), tuple(k.toString() for k in s.key_sequences()))
              for s in window.all_specs() if s.menu}
    assert shown == wanted
    assert window.actions["undo"].shortcuts() == [QKeySequence("Ctrl+Z")]
    n = window.doc.id
    window.actions["next_doc"].trigger()                   # a handler, not a name
    assert window.doc.id != n
    window.actions["prev_doc"].trigger()
    assert window.doc.id == n


def test_f1_and_question_mark_open_the_help_listing_every_binding(window, qtbot):
    for key in (Qt.Key_F1, Qt.Key_Question):
        QTest.keyClick(window.article, key)
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if w.objectName() == "shortcuts" and w.isVisible())
        shown = {dialog.tree.topLevelItem(i).text(0).strip()
                 for i in range(dialog.tree.topLevelItemCount())}
        for spec in window.all_specs():
            if spec.shortcuts:
                assert spec.text.replace("&", "").replace("…", "") in shown
        dialog.close()


def test_markdown_table_lists_label_keys():
    table = markdown_table(actions.all_actions(resources.default_labels()))
    assert "| Label | Tag as claim | 1, C |" in table
    assert "Ctrl+Z" in table
