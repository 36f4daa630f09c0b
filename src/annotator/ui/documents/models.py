"""Qt item models: the document list (paged, over the store) and the open
document's spans (over ui/state.py's index, updated in place by each Changes)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Span
from annotator.ui import plain
from annotator.ui.state import ViewState

PAGE = 500
# Looking up Qt.DisplayRole costs ~8 µs in PySide6; data() runs thousands of times.
DISPLAY, TOOLTIP, DECORATION, USER = (Qt.DisplayRole, Qt.ToolTipRole, Qt.DecorationRole,
                                      Qt.UserRole)
ALIGN, FOREGROUND, HORIZONTAL = Qt.TextAlignmentRole, Qt.ForegroundRole, Qt.Horizontal
RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
# Roles arrive as ints; a view asks for ~7 per cell per paint, most of them unused.
_SPAN_ROLES = frozenset(int(r) for r in (DISPLAY, TOOLTIP, DECORATION, USER))
_DOC_ROLES = frozenset(int(r) for r in (DISPLAY, TOOLTIP, ALIGN, FOREGROUND, USER))


class SpanModel(QAbstractTableModel):
    """The span list (label, text, speaker, note): a view of the ViewState's index."""
    COLUMNS = ("Label", "Text", "Speaker", "Note")

    def __init__(self, state: ViewState, parent=None):
        super().__init__(parent)
        self.state = state
        self.spans = state.spans
        self._qcolours: dict[str, QColor] = {}
        state.row_inserting.connect(lambda row: self.beginInsertRows(QModelIndex(), row, row))
        state.row_inserted.connect(self.endInsertRows)
        state.row_removing.connect(lambda row: self.beginRemoveRows(QModelIndex(), row, row))
        state.row_removed.connect(self.endRemoveRows)
        state.rows_resetting.connect(self.beginResetModel)
        state.rows_reset.connect(self.endResetModel)
        state.labels_changed.connect(self._labels_changed)

    def _labels_changed(self, _labels) -> None:
        self._qcolours = {}
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.spans)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=DISPLAY):
        if role == DISPLAY and orientation == HORIZONTAL:
            return self.COLUMNS[section]
        return None

    def data(self, idx, role=DISPLAY):
        if role not in _SPAN_ROLES or not idx.isValid():
            return None
        span = self.spans.spans[idx.row()]
        col = idx.column()
        if role == DISPLAY or role == TOOLTIP:
            if col == 0:
                return span.label if role == DISPLAY else plain.tip(span.label)
            if not isinstance(span, Span):
                span = self.state.full(span.id)
            if role == TOOLTIP:
                return plain.tip("\n\n".join(v for v in (span.text, span.speaker and f"Speaker: "
                                                 f"{span.speaker}", span.note and f"Note: "
                                                 f"{span.note}") if v))
            value = (span.text, span.speaker, span.note)[col - 1] or ""
            return " ".join(value.split())
        if role == DECORATION and col == 0:
            colour = self._qcolours.get(span.label)
            if colour is None:
                colour = self._qcolours[span.label] = QColor(
                    self.state.colours.get(span.label, "#cccccc"))
            return colour
        if role == USER:
            return span.id
        return None

    def span_at(self, row: int):
        return self.spans.spans[row]


def _first_words(text: str, n: int = 8) -> str:
    words = text[:400].split(None, n)
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


STATUS_TEXT = {"new": "new", "in_progress": "in progress", "done": "done"}


class DocumentModel(QAbstractTableModel):
    """Document metadata in pages of PAGE rows: 100,000 documents open at once."""
    COLUMNS = (("title", "Title"), ("outlet", "Outlet"), ("event", "Event"),
               ("status", "Status"), ("spans", "Spans"))

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.filters: dict = {}
        self.rows: list[dict] = []
        self.total = 0
        self.row_of: dict[str, int] = {}

    def set_project(self, project) -> None:
        self.project = project
        self.set_filters(**self.filters)

    def set_filters(self, **filters) -> None:
        """search (full text), outlet, event, status; None means any."""
        self.beginResetModel()
        self.filters = {k: v for k, v in filters.items() if v}
        self.total = self.project.count_documents(**self.filters)
        self.rows, self.row_of = [], {}
        self._load(PAGE)
        self.endResetModel()

    def _load(self, n: int) -> list[dict]:
        page = self.project.document_rows(limit=n, offset=len(self.rows), **self.filters)
        for r in page:
            if not (r.get("title") or "").strip():      # untitled: its first words (bug 11)
                r["title"] = _first_words(self.project.document_text(r["id"]))
            self.row_of[r["id"]] = len(self.rows)
            self.rows.append(r)
        return page

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent=QModelIndex()):
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()):
        n = min(PAGE, self.total - len(self.rows))
        if n <= 0:
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + n - 1)
        got = self._load(n)
        if len(got) < n:      # the project shrank under us; keep the model honest
            self.total = len(self.rows)
        self.endInsertRows()

    def headerData(self, section, orientation, role=DISPLAY):
        if role == DISPLAY and orientation == HORIZONTAL:
            return self.COLUMNS[section][1]
        return None

    def data(self, idx, role=DISPLAY):
        if role not in _DOC_ROLES or not idx.isValid():
            return None
        row = self.rows[idx.row()]
        key = self.COLUMNS[idx.column()][0]
        if role == TOOLTIP:
            return plain.tip(str(self.data(idx, DISPLAY)))
        if role == DISPLAY:
            value = row.get(key)
            if key == "status":
                return STATUS_TEXT.get(value, value)
            return "" if value is None else value
        if role == ALIGN and key == "spans":
            return RIGHT
        if role == FOREGROUND and key == "status" and row["status"] == "done":
            return QColor("#2e7d32")
        if role == USER:
            return row["id"]
        return None

    def doc_id(self, row: int) -> str | None:
        return self.rows[row]["id"] if 0 <= row < len(self.rows) else None

    def find(self, doc_id: str) -> int:
        """Row of a document, paging further in if it is not loaded yet; -1 if absent."""
        while doc_id not in self.row_of and self.canFetchMore():
            self.fetchMore()
        return self.row_of.get(doc_id, -1)

    def update_doc(self, doc_id: str, **values) -> None:
        row = self.row_of.get(doc_id)
        if row is None:
            return
        if "title" in values and not (values["title"] or "").strip():    # untitled (bug 11)
            values["title"] = _first_words(self.project.document_text(doc_id))
        self.rows[row].update(values)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def next_row(self, row: int, step: int, unfinished: bool = False) -> int:
        """The row `step` away, or the next one not done (wrapping once); -1 if none."""
        if not unfinished:
            target = row + step
            if step > 0 and target >= len(self.rows) and self.canFetchMore():
                self.fetchMore()
            return target if 0 <= target < len(self.rows) else -1
        r = row + 1
        while True:
            if r >= len(self.rows):
                if self.canFetchMore():
                    self.fetchMore()
                    continue
                break
            if self.rows[r]["status"] != "done":
                return r
            r += 1
        for r in range(0, min(row, len(self.rows))):
            if self.rows[r]["status"] != "done":
                return r
        return -1
