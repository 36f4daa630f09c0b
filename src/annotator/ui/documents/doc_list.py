"""The left pane: the project's documents with a full-text filter and three filters."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QVBoxLayout, QWidget

from annotator.core.model import STATUSES
from annotator.ui.documents.empty import EmptyState
from annotator.ui.documents.models import STATUS_TEXT, DocumentModel
from annotator.ui.widgets import MiddleElide, NarrowColumns, record_table, select_row


class DocumentPane(QWidget):
    document_chosen = Signal(str)

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.setObjectName("documents")
        self.model = DocumentModel(project, self)
        self.search = QLineEdit()
        self.search.setObjectName("filter")
        self.search.setPlaceholderText("Search text, titles…")
        self.search.setClearButtonEnabled(True)
        self.outlet = QComboBox()
        self.event = QComboBox()
        self.status = QComboBox()
        for box, tip in ((self.outlet, "Outlet"), (self.event, "Event"), (self.status, "Status")):
            box.setToolTip(tip)
            box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
            box.activated.connect(self.apply_filters)
        self.debounce = QTimer(self, singleShot=True, interval=200)
        self.debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self.debounce.start)

        self.table = record_table(self.model, "documentList")
        # Shift/Ctrl+click several documents to set their outlet or event at once.
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setItemDelegateForColumn(1, MiddleElide(self.table))   # "unknown…(002)"
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.Stretch)
        for col, width in ((1, 112), (2, 100), (3, 76), (4, 52)):
            head.resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        head.setSectionResizeMode(DocumentModel.SNIPPET, QHeaderView.Stretch)
        self.empty = EmptyState(self.table, self.model)
        # The title keeps its room: the event, the status, then the outlet give way
        # (all are in the filters, the tooltip and the article's header).
        self.narrow = NarrowColumns(self.table, 0, ((2, 180), (3, 180), (1, 150)))

        filters = QHBoxLayout()
        filters.setSpacing(4)
        for box in (self.outlet, self.event, self.status):
            filters.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.refresh_choices()
        self.apply_filters()

    def set_project(self, project) -> None:
        self.model.project = project
        self.refresh_choices()
        self.apply_filters()

    def refresh_choices(self) -> None:
        project = self.model.project
        for box, values, label in ((self.outlet, project.distinct("outlet"), "All outlets"),
                                   (self.event, project.distinct("event"), "All events"),
                                   (self.status, list(STATUSES), "Any status")):
            current = box.currentData()
            box.clear()
            box.addItem(label, None)
            for v in values:
                box.addItem(STATUS_TEXT.get(v, v) if box is self.status else v, v)
            i = box.findData(current)
            box.setCurrentIndex(max(i, 0))

    def apply_filters(self, *_):
        self.debounce.stop()
        current = self.current_id()
        self.model.set_filters(search=self.search.text().strip() or None,
                               outlet=self.outlet.currentData(), event=self.event.currentData(),
                               status=self.status.currentData())
        self.table.setColumnHidden(DocumentModel.SNIPPET, not self.model.filters.get("search"))
        self.narrow.fit()
        if current:          # the open document again: the window ignores that choice
            self.select(current)

    def set_filter_values(self, values: dict) -> None:
        """Remembered search and filters (values no longer present fall back to all)."""
        self.search.setText(values.get("search", ""))
        for key, box in (("outlet", self.outlet), ("event", self.event), ("status", self.status)):
            box.setCurrentIndex(max(box.findData(values.get(key)), 0))
        self.apply_filters()

    def current_id(self) -> str | None:
        idx = self.table.selectionModel().currentIndex()
        return self.model.doc_id(idx.row()) if idx.isValid() else None

    def selected_ids(self) -> list[str]:
        """The selected documents in list order (the current one if none is selected)."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        ids = [self.model.doc_id(r) for r in rows] or [self.current_id()]
        return [d for d in ids if d]

    def current_row(self) -> int:
        idx = self.table.selectionModel().currentIndex()
        return idx.row() if idx.isValid() else -1

    def select(self, doc_id: str) -> bool:
        row = self.model.find(doc_id)
        if row < 0:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        select_row(self.table, row)

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.document_chosen.emit(self.model.doc_id(current.row()))
