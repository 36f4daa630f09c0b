"""Widget set-ups that more than one pane uses."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QTableView


def record_table(model, name: str) -> QTableView:
    """A read-only list of records over `model`: one whole row selected at a time."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    # Not ResizeToContents: that measures every row of a 100,000-row list.
    table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    return table


def select_row(table: QTableView, row: int) -> None:
    """Make `row` the current, selected row and scroll it into view."""
    idx = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        idx, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
    table.scrollTo(idx)


class NarrowColumns(QObject):
    """Hide a table's less needed columns while it is narrow: `drop` lists (column,
    room) in the order they give way, each hidden while the column that matters
    (`main`, stretched) would have less than `room` px. The full record stays in
    tooltips and elsewhere in the window."""

    def __init__(self, table: QTableView, main: int, drop: tuple[tuple[int, int], ...]):
        super().__init__(table)
        self.table, self.main, self.drop = table, main, drop
        self.hidden: set[int] = set()
        table.horizontalHeader().setSectionResizeMode(main, QHeaderView.Stretch)
        # The viewport's own Resize: the table's arrives before the viewport has its new
        # width, so fitting then used the old one.
        table.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Resize, QEvent.Show):
            self.fit()
        return False

    def fit(self) -> None:
        table, head = self.table, self.table.horizontalHeader()
        for col in self.hidden:
            table.setColumnHidden(col, False)
        self.hidden = set()
        width = table.viewport().width()
        # Stretched columns (the search snippet) take what is left: not counted as used.
        others = [c for c in range(head.count()) if c != self.main
                  and not table.isColumnHidden(c)
                  and head.sectionResizeMode(c) != QHeaderView.Stretch]
        used = sum(head.sectionSize(c) for c in others)
        for col, room in self.drop:
            if col in others and width - used < room:
                used -= head.sectionSize(col)      # (a hidden section's size reads 0)
                table.setColumnHidden(col, True)
                self.hidden.add(col)


class MiddleElide(QStyledItemDelegate):
    """Cut long values in the middle: numbered names ("unknown outlet (002)") stay
    distinct."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.ElideMiddle
