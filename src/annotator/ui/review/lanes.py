"""The document text with each annotator's spans as a lane of bars under every line.

Lane i holds annotator i's spans in their label colours; the last lane is the
reviewer's settled set, drawn with an outline. The current candidate is shaded in
the text. Lines get extra spacing so the lanes sit between them, not over the text.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from annotator.ui.offsets import OffsetMap

LANE = 5                   # px per lane: a 3 px bar and a 2 px gap
CURRENT = QColor(66, 133, 244, 70)
DISAGREE = QColor("#c62828")


class LaneView(QTextEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setObjectName("reviewText")
        self.omap = OffsetMap("")
        self.lanes: list[list] = []          # per lane: spans (start, end, label)
        self.colours: dict[str, QColor] = {}
        self.current: tuple[int, int] | None = None
        self.marks: list[tuple[int, int]] = []     # disagreement ranges, marked at the left

    def show_review(self, text: str, lanes: list[list], colours: dict[str, str]) -> None:
        first = self.toPlainText() != text
        if first:
            self.setPlainText(text)           # plain text: nothing read as HTML
            self.omap = OffsetMap(text)
        self.colours = {k: QColor(v) for k, v in colours.items()}
        self.lanes = lanes
        fmt = QTextBlockFormat()
        fmt.setLineHeight(LANE * len(lanes) + 4,
                          QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
        cur = QTextCursor(self.document())
        cur.select(QTextCursor.Document)
        cur.mergeBlockFormat(fmt)
        self.viewport().update()

    def set_current(self, rng: tuple[int, int] | None, marks=()) -> None:
        self.current = rng
        self.marks = list(marks)
        if rng is not None:
            cur = QTextCursor(self.document())
            cur.setPosition(self.omap.to_qt(rng[0]))
            self.setTextCursor(cur)
            self.ensureCursorVisible()
        self.viewport().update()

    def paintEvent(self, event):
        painter = QPainter(self.viewport())
        try:
            self._paint(painter)
        finally:
            painter.end()
        super().paintEvent(event)

    def _line_rects(self, start: int, end: int):
        """(rect of the text, line bottom) per line for code points [start, end)."""
        doc = self.document()
        qs, qe = self.omap.range_to_qt(start, end)
        dx, dy = -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        block = doc.findBlock(qs)
        while block.isValid() and block.position() <= qe:
            top = doc.documentLayout().blockBoundingRect(block).translated(dx, dy)
            layout, bq = block.layout(), block.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                ls, le = line.textStart(), line.textStart() + line.textLength()
                a, b = max(qs - bq, ls), min(qe - bq, le)
                if a < b:
                    x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
                    y = top.top() + line.y()
                    text_h = line.ascent() + line.descent()
                    yield QRectF(top.left() + x1, y, max(x2 - x1, 2), text_h), y + text_h
            block = block.next()

    def _paint(self, painter: QPainter) -> None:
        if self.current is not None:
            for rect, _ in self._line_rects(*self.current):
                painter.fillRect(rect, CURRENT)
        for start, end in self.marks:
            for rect, _ in self._line_rects(start, end):
                painter.fillRect(QRectF(rect.left(), rect.bottom() - 1, rect.width(), 1),
                                 DISAGREE)
        last = len(self.lanes) - 1
        for n, spans in enumerate(self.lanes):
            for start, end, label in spans:
                colour = self.colours.get(label, QColor("#999999"))
                for rect, bottom in self._line_rects(start, end):
                    bar = QRectF(rect.left(), bottom + 2 + n * LANE, rect.width(), LANE - 2)
                    painter.fillRect(bar, colour)
                    if n == last:
                        painter.setPen(QPen(QColor("#1f2a44"), 1))
                        painter.drawRect(bar)
                        painter.setPen(Qt.NoPen)
