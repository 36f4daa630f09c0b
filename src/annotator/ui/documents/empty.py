"""What the document list says when it shows nothing: no documents yet (how to import),
or filters that match nothing (which ones to loosen)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

NO_DOCUMENTS = ("No documents yet.\n\nImport articles with File ▸ Import Files… (Ctrl+I) "
                "or Import Folder…, or drag .txt, .jsonl or folders onto this window.")


def no_match(filters: dict) -> str:
    what = []
    if filters.get("search"):
        what.append(f"the search “{filters['search']}”")
    what += [f"{k} {filters[k]}" for k in ("outlet", "event", "status") if filters.get(k)]
    return ("No document matches " + " and ".join(what) + ".\n\nClear the search box "
            "(its × button) or choose All outlets, All events, Any status.")


class EmptyState(QObject):
    """A centred label over the table's viewport, shown while the model has no rows."""

    def __init__(self, table, model):
        super().__init__(table)
        self.table, self.model = table, model
        self.label = QLabel(table.viewport())
        self.label.setObjectName("emptyState")
        self.label.setTextFormat(Qt.PlainText)         # a search term is shown literally
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignCenter)
        self.label.setStyleSheet("color: #5f6670; padding: 16px;")
        table.viewport().installEventFilter(self)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update)
        self.update()

    def update(self, *_) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            self.label.setText(no_match(self.model.filters) if self.model.filters
                               else NO_DOCUMENTS)
            self._place()
        self.label.setVisible(empty)

    def _place(self) -> None:
        self.label.setGeometry(self.table.viewport().rect())

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Resize:
            self._place()
        return False
