"""Painting the article under its text: span colours, nested-span underlines, the
selection, the selected span's outline and search hits, for the visible blocks only.

The geometry helpers (`block_lines`, `line_rects`) are shared with the suggestion
layer, which draws its outlines over these the same way.
"""
from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

FILL_ALPHA = 165          # label colours blend where spans overlap
UNDERLINE = 3             # px, for spans nested inside another
SELECTED_PEN = QColor("#1f2a44")
# The text selection: a neutral tint no label colour resembles, plus a dark rule
# under the text, so it shows over any label (issue 11, bug 10).
SELECTION = QColor(60, 60, 80, 50)
SELECTION_RULE = QColor("#1a237e")
HIT_PEN = QColor("#e65100")         # search hits: an orange outline


def paint_under_text(view, painter: QPainter, rect) -> None:
    """Span colours, nested-span underlines, the selection, the selected span's
    outline: all under the text, only for the blocks in `rect`."""
    cur = view.textCursor()
    sel = (cur.selectionStart(), cur.selectionEnd()) if cur.hasSelection() else None
    if not len(view.index) and sel is None and not view.hits:
        return
    outlines, selected = [], []
    for block, top_left in view.visible_blocks(rect):
        bq = block.position()
        blen = block.length() - 1
        lines = block_lines(block.layout())
        spans = view.index.overlapping(view.omap.to_cp(bq), view.omap.to_cp(bq + blen))
        spans.sort(key=lambda s: (s.start, -s.end, s.id))     # outer ones first
        for i, span in enumerate(spans):
            depth = sum(1 for t in spans[:i] if t.end >= span.end)   # holders before it
            colour = view.colours.get(span.label) or QColor("#cccccc")
            fill = QColor(colour)
            fill.setAlpha(FILL_ALPHA)
            qs, qe = view.omap.range_to_qt(span.start, span.end)
            for r in line_rects(lines, max(qs - bq, 0), min(qe - bq, blen), top_left):
                painter.fillRect(r, fill)
                if depth:
                    painter.fillRect(QRectF(r.left(), r.bottom() - UNDERLINE * depth,
                                            r.width(), UNDERLINE), colour.darker(165))
                if view.owner_colours and span.id in view.owner_colours:
                    painter.fillRect(QRectF(r.left(), r.top(), r.width(), 2),
                                     view.owner_colours[span.id])
                if span.id == view.selected_span:
                    outlines.append(r)
        if sel is not None and view.selected_span is None:
            # A highlight of its own (not Qt's): it blends with the span colours.
            selected += line_rects(lines, max(sel[0] - bq, 0), min(sel[1] - bq, blen + 1),
                                   top_left)
    if view.hits:
        paint_hits(view, painter, rect)
    for r in selected:
        painter.fillRect(r, SELECTION)
        painter.fillRect(QRectF(r.left(), r.bottom() - 2, r.width(), 2), SELECTION_RULE)
    if outlines:
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(QPen(SELECTED_PEN, 1.6))
        painter.setBrush(Qt.NoBrush)
        for r in outlines:
            painter.drawRoundedRect(r.adjusted(-1, 0, 1, 0), 3, 3)


def paint_hits(view, painter: QPainter, rect) -> None:
    painter.save()
    painter.setPen(QPen(HIT_PEN, 1.5))
    painter.setBrush(Qt.NoBrush)
    for r in hit_rects(view, rect):
        painter.drawRect(r.adjusted(0, 1, 0, -1))
    painter.restore()


def hit_rects(view, rect) -> list:
    out = []
    for block, top_left in view.visible_blocks(rect):
        bq, blen = block.position(), block.length() - 1
        lo, hi = view.omap.to_cp(bq), view.omap.to_cp(bq + blen)
        i = bisect_left(view.hits, (lo, -1))
        lines = block_lines(block.layout())
        while i < len(view.hits) and view.hits[i][0] < hi:
            qs, qe = view.omap.range_to_qt(*view.hits[i])
            out += line_rects(lines, qs - bq, min(qe - bq, blen), top_left)
            i += 1
    return out


def block_lines(layout) -> list:
    out = []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        out.append((line.textStart(), line.textStart() + line.textLength(), line))
    return out


def line_rects(lines, start: int, end: int, top_left: QPointF) -> list[QRectF]:
    """Rectangles covering block-relative positions [start, end) line by line."""
    out = []
    if end <= start:
        return out
    for ls, le, line in lines:
        if ls >= end:
            break
        a, b = max(start, ls), min(end, le)
        if a < b:
            x1 = line.cursorToX(a)[0]
            x2 = line.cursorToX(b)[0]
            out.append(QRectF(top_left.x() + x1, top_left.y() + line.y(), x2 - x1,
                              line.height()))
    return out
