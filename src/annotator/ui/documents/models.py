"""Qt item models over the core: the document list (paged) and one document's spans.

`SpanIndex` keeps the open document's spans sorted so the article view can find
the few that touch the visible lines, and an edit updates it in place instead of
reloading 10,000 spans.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter, namedtuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Span

PAGE = 500
# Looking up Qt.DisplayRole costs ~8 µs in PySide6; data() runs thousands of times.
DISPLAY, TOOLTIP, DECORATION, USER = (Qt.DisplayRole, Qt.ToolTipRole, Qt.DecorationRole,
                                      Qt.UserRole)
ALIGN, FOREGROUND, HORIZONTAL = Qt.TextAlignmentRole, Qt.ForegroundRole, Qt.Horizontal
RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
# Roles arrive as ints; a view asks for ~7 per cell per paint, most of them unused.
_SPAN_ROLES = frozenset(int(r) for r in (DISPLAY, TOOLTIP, DECORATION, USER))
_DOC_ROLES = frozenset(int(r) for r in (DISPLAY, TOOLTIP, ALIGN, FOREGROUND, USER))


# What a view needs to draw a span; full Span records are fetched only for shown rows.
Bound = namedtuple("Bound", "id start end label")


def _key(s: Span) -> tuple:
    return (s.start, s.end, s.label, s.id)


class SpanIndex:
    """The open document's spans, sorted by (start, end, label, id)."""

    def __init__(self, spans: list[Span] = ()):
        self.reset(spans)

    def reset(self, spans, *, in_order: bool = False) -> None:
        """`in_order`: already sorted by (start, end, label, id), as the store returns them."""
        self.spans = list(spans) if in_order else sorted(spans, key=_key)
        self.keys = [(s.start, s.end, s.label, s.id) for s in self.spans]
        self.starts = [s.start for s in self.spans]
        self.by_id = {s.id: s for s in self.spans}
        self.counts = Counter(s.label for s in self.spans)
        self.max_len = max((s.end - s.start for s in self.spans), default=0)

    def __len__(self) -> int:
        return len(self.spans)

    def row(self, span_id: int) -> int:
        return bisect_left(self.keys, _key(self.by_id[span_id]))

    def insert(self, span: Span) -> int:
        row = bisect_left(self.keys, _key(span))
        self.spans.insert(row, span)
        self.keys.insert(row, _key(span))
        insort(self.starts, span.start)
        self.by_id[span.id] = span
        self.counts[span.label] += 1
        self.max_len = max(self.max_len, span.end - span.start)
        return row

    def remove(self, span_id: int) -> int:
        row = self.row(span_id)
        span = self.spans.pop(row)
        del self.keys[row]
        del self.starts[bisect_left(self.starts, span.start)]
        del self.by_id[span_id]
        self.counts[span.label] -= 1
        return row

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one code point with [start, end)."""
        lo = bisect_left(self.starts, start - self.max_len)
        hi = bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.end > start]

    def at(self, pos: int) -> list[Span]:
        """Spans covering code point `pos`, innermost (shortest) first."""
        return sorted(self.overlapping(pos, pos + 1), key=lambda s: s.end - s.start)

    def after(self, pos: int, span_id: int | None, step: int) -> Span | None:
        """The next (+1) or previous (-1) span in order from a span or a position."""
        if not self.spans:
            return None
        if span_id in self.by_id:
            row = self.row(span_id) + step
        else:
            row = bisect_right(self.starts, pos) if step > 0 else bisect_left(self.starts, pos) - 1
        return self.spans[row % len(self.spans)]


class SpanModel(QAbstractTableModel):
    """The span list: label, text, speaker, note."""
    COLUMNS = ("Label", "Text", "Speaker", "Note")

    def __init__(self, index: SpanIndex, colours: dict[str, str], parent=None):
        super().__init__(parent)
        self.spans = index
        self.colours = colours
        self.loader = None            # span id -> Span, for rows loaded as Bounds
        self._qcolours: dict[str, QColor] = {}

    def set_colours(self, colours: dict[str, str]) -> None:
        self.colours = colours
        self._qcolours = {}

    def full(self, span_id: int) -> Span | None:
        """The whole record of a span, fetched on first use and kept in the index."""
        rec = self.spans.by_id.get(span_id)
        if rec is None or isinstance(rec, Span) or self.loader is None:
            return rec
        span = self.loader(span_id)
        row = self.spans.row(span_id)
        self.spans.spans[row] = span
        self.spans.by_id[span_id] = span
        return span

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
                return span.label
            if not isinstance(span, Span):
                span = self.full(span.id)
            if role == TOOLTIP:
                return "\n\n".join(v for v in (span.text, span.speaker and f"Speaker: "
                                                 f"{span.speaker}", span.note and f"Note: "
                                                 f"{span.note}") if v)
            value = (span.text, span.speaker, span.note)[col - 1] or ""
            return " ".join(value.split())
        if role == DECORATION and col == 0:
            colour = self._qcolours.get(span.label)
            if colour is None:
                colour = self._qcolours[span.label] = QColor(self.colours.get(span.label, "#ccc"))
            return colour
        if role == USER:
            return span.id
        return None

    def span_at(self, row: int) -> Span:
        return self.spans.spans[row]

    # Edits arrive as Changes; each touches only its own rows.
    def reset(self, spans, *, in_order: bool = False) -> None:
        self.beginResetModel()
        self.spans.reset(spans, in_order=in_order)
        self.endResetModel()

    def add(self, span: Span) -> None:
        row = bisect_left(self.spans.keys, _key(span))
        self.beginInsertRows(QModelIndex(), row, row)
        self.spans.insert(span)
        self.endInsertRows()

    def remove(self, span_id: int) -> None:
        if span_id not in self.spans.by_id:
            return
        row = self.spans.row(span_id)
        self.beginRemoveRows(QModelIndex(), row, row)
        self.spans.remove(span_id)
        self.endRemoveRows()

    def replace(self, span: Span) -> None:
        self.remove(span.id)
        self.add(span)


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
        if role == DISPLAY or role == TOOLTIP:
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
