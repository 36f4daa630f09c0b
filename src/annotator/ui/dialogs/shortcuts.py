"""Small dialogs: the keyboard shortcut help (generated from the actions table)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QLabel)

from annotator.ui import plain
from annotator.ui.actions import MENUS, shortcut_text


def grouped(specs, portable: bool = False):
    """(menu, [(text, keys, help)]) in menu order, only actions that have keys."""
    out = []
    for menu in MENUS + ("",):
        rows = [(s.text.replace("&", "").replace("…", ""), shortcut_text(s, portable=portable),
                 s.help)
                for s in specs if s.menu == menu and s.shortcuts]
        if rows:
            out.append((menu or "Other", rows))
    return out


def markdown_table(specs) -> str:
    """The README's shortcut table (a test checks the README holds exactly this)."""
    lines = ["| Menu | Action | Keys |", "| --- | --- | --- |"]
    for menu, rows in grouped(specs, portable=True):
        for text, keys, _ in rows:
            keys = keys.replace("|", "\\|")
            lines.append(f"| {menu} | {text} | {keys} |")
    return "\n".join(lines)


class ShortcutsDialog(QDialog):
    def __init__(self, specs, parent=None):
        super().__init__(parent)
        self.setObjectName("shortcuts")
        self.setWindowTitle("Keyboard shortcuts")
        intro = QLabel("Everything can be done from the keyboard. Select text (or a sentence "
                       "with J/K), then press a label key.")
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QTreeWidget.NoSelection)
        self.tree.setFocusPolicy(Qt.NoFocus)
        bold = QFont(self.font())
        bold.setBold(True)
        for menu, rows in grouped(specs):
            head = QTreeWidgetItem([menu, ""])
            head.setFont(0, bold)
            head.setFirstColumnSpanned(True)
            head.setFlags(Qt.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            for text, keys, help_ in rows:
                item = QTreeWidgetItem(["    " + text, keys])
                if help_:
                    item.setToolTip(0, plain.tip(help_))   # names a label
                self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 30)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(560, 720)


if __name__ == "__main__":          # python -m annotator.ui.dialogs.shortcuts > table.md
    from annotator.core import resources
    from annotator.ui.actions import all_actions
    print(markdown_table(all_actions(resources.default_labels())))
