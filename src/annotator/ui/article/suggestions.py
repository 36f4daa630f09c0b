"""Suggestions on the article: dashed outlines in the suggested label's colour.

Painted like spans: each paint draws only the suggestions touching the visible
blocks (found in the state's sorted SuggestionIndex), over the span colours and
under the text. The current suggestion gets a thicker outline, the text cursor on
it (so J/K and Tab continue from there) and is scrolled into view.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen

from annotator.ui.article.painting import block_lines, line_rects
from annotator.ui.article.view import ArticleView
from annotator.ui.suggestion_state import MANY

PEN = 1              # px, a suggestion's dashed outline, drawn crisp (not antialiased):
                     # ~15 µs each against ~360 µs for an antialiased 1.3 px one here
CURRENT_PEN = 2.6    # px, the current suggestion's


class SuggestionLayer:
    """Draws the state's suggestions on `view` and keeps the current one in sight."""

    def __init__(self, view: ArticleView):
        self.view = view
        self.state = view.state
        self.paints = 0          # how many paints drew suggestions (tests, bench)
        view.overlays.append(self.paint)
        self.state.suggestions_changed.connect(self._dirty)
        self.state.suggestion_selected.connect(self._selected)
        view.selectionChanged.connect(self._cursor_moved)

    def _dirty(self, ranges) -> None:
        if ranges is None or len(ranges) > MANY:      # a whole document's worth: one repaint
            self.view.viewport().update()
            return
        for start, end in ranges:
            self.view.update_range(start, end)

    def _selected(self, sug, previous) -> None:
        if previous is not None:
            self.view.update_range(previous.start, previous.end)
        if sug is None:
            return
        if self.view.selection_cp() != (sug.start, sug.end):
            self.view.select_cp(sug.start, sug.end)       # also scrolls it into view
        self.view.update_range(sug.start, sug.end)

    def _cursor_moved(self) -> None:
        """Moving the text cursor off the current suggestion leaves it."""
        sug = self.state.current_suggestion()
        if sug is not None and self.view.selection_cp() != (sug.start, sug.end):
            self.state.select_suggestion(None)

    def paint(self, painter: QPainter, rect) -> None:
        state, view = self.state, self.view
        if not state.suggestions_visible or not len(state.suggestions):
            return
        self.paints += 1
        omap = view.omap
        painter.save()                 # the render hints set below stay in this layer
        try:
            self._paint_blocks(painter, rect, omap)
        finally:
            painter.restore()

    def _paint_blocks(self, painter: QPainter, rect, omap) -> None:
        state, view = self.state, self.view
        painter.setBrush(Qt.NoBrush)
        for block, top_left in view.visible_blocks(rect):
            bq = block.position()
            blen = block.length() - 1
            found = state.suggestions.overlapping(omap.to_cp(bq), omap.to_cp(bq + blen))
            if not found:
                continue
            lines = block_lines(block.layout())
            for sug in found:
                current = sug.id == state.suggestion
                painter.setRenderHint(QPainter.Antialiasing, current)
                pen = QPen(view.colours.get(sug.label) or QColor("#888888"),
                           CURRENT_PEN if current else PEN)
                pen.setStyle(Qt.DashLine)
                painter.setPen(pen)
                qs, qe = omap.range_to_qt(sug.start, sug.end)
                for r in line_rects(lines, max(qs - bq, 0), min(qe - bq, blen), top_left):
                    painter.drawRoundedRect(r.adjusted(-1, 1, 1, -1), 3, 3)
