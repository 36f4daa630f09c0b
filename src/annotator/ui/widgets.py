"""Widget set-ups that more than one pane uses."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


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
