"""The article: read-only plain text with span highlights painted on the visible lines.

Highlights are not stored in the QTextDocument (ExtraSelections or char formats make
Qt re-lay out on every edit: ~25 ms per change on a 1 MB article). Instead each
paint draws the spans that touch the visible blocks, found in the sorted SpanIndex,
so a new span costs one index insert and one viewport repaint whatever the length.
The drawing itself is in painting.py.
"""
from __future__ import annotations

import time
from bisect import bisect_left, bisect_right

from PySide6.QtCore import QEvent, QPointF, QRect, QSignalBlocker, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from annotator.core import text as textops
from annotator.ui.article import painting, paragraphs
from annotator.ui.offsets import OffsetMap
from annotator.ui.state import ViewState


class ArticleView(QPlainTextEdit):
    """Renders the ViewState's document, spans and selected span; the text cursor
    (what a label key would tag) is the only selection it keeps itself."""

    def __init__(self, state: ViewState | None = None, parent=None):
        super().__init__(parent)
        self.state = state or ViewState()
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setUndoRedoEnabled(False)
        self.setObjectName("article")
        self.document().setDocumentMargin(18)
        self.text = ""
        self.omap = OffsetMap("")
        self.colours: dict[str, QColor] = {}      # the state's colours as QColors
        self._outlined: tuple[int, int] | None = None      # range drawn with the outline
        self._pressed_on: int | None = None     # the selected span when the mouse went down
        self.owner_colours: dict | None = None     # span id -> colour of its annotator
        self.snapping = True
        self.overlays: list = []        # paint(painter, rect) callables, over the spans
        self.quotes = True      # snapping keeps a quoted statement's quote marks
        self.hits: list[tuple[int, int]] = []      # search hits, code points, sorted
        self._sentences: dict[int, list[tuple[int, int]]] = {}   # line start -> sentences
        self.paints = 0                 # counted, and timed, for the bench
        self._paint_blocks = None       # (rect, visible blocks) during a paint
        self.painted_at = 0.0
        font = QFont()
        font.setFamilies(["Source Serif 4", "Georgia", "Noto Serif", "DejaVu Serif", "serif"])
        font.setPointSizeF(12.5)
        self.setFont(font)
        paragraphs.install(self)
        self._init_palette()
        self.selectionChanged.connect(self._on_selection_changed)
        self.state.document_opened.connect(self._document_opened)
        self.state.selection_changed.connect(self._selection_changed)
        self.state.spans_changed.connect(self._spans_changed)
        self.state.labels_changed.connect(self.set_colours)
        self.set_colours(self.state.labels)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.FontChange:        # zoom: the gap follows the font
            paragraphs.update_gap(self)
        super().changeEvent(event)

    def _init_palette(self) -> None:
        """Qt's own highlight stays transparent: the selection is painted under the
        text by painting.paint_under_text, and not at all while it is exactly a
        selected span (which shows in its own colour with an outline). No palette
        switching: that would repaint the whole view on every key."""
        pal = self.palette()
        for group in (QPalette.Active, QPalette.Inactive):
            pal.setColor(group, QPalette.Highlight, QColor(0, 0, 0, 0))
            pal.setColor(group, QPalette.HighlightedText, QColor("#111111"))
        self.setPalette(pal)

    # -- content ---------------------------------------------------------------
    def set_colours(self, labels) -> None:
        self.colours = {l.name: QColor(l.colour) for l in labels}
        self.viewport().update()

    @property
    def index(self):
        return self.state.spans

    @property
    def selected_span(self) -> int | None:
        return self.state.selected

    def _document_opened(self, doc) -> None:
        self.text = doc.text if doc else ""
        self.omap = OffsetMap(self.text)
        self._sentences = {}
        self._outlined = None
        paragraphs.set_text(self, self.text)
        self.setPlainText(self.text)         # plain text only: nothing is read as HTML

    def set_hits(self, hits) -> None:
        self.hits = sorted(hits)
        self.viewport().update()

    def step_hit(self, step: int):
        """Select the next (+1) or previous (-1) search hit from the cursor; None if none."""
        if not self.hits:
            return None
        s, e = self.selection_cp()
        starts = [a for a, _ in self.hits]
        i = bisect_right(starts, s) if step > 0 else bisect_left(starts, s) - 1
        hit = self.hits[i % len(self.hits)]
        self.select_cp(*hit)
        return hit

    def _spans_changed(self, dirty) -> None:
        for start, end in dirty:           # only the lines these spans are on
            self.update_range(start, end)

    def _line_sentences(self, line_start: int) -> list[tuple[int, int]]:
        """Sentences of one line (sentences never cross a newline), cached per line."""
        got = self._sentences.get(line_start)
        if got is None:
            end = self.text.find("\n", line_start)
            end = len(self.text) if end < 0 else end
            got = [(a + line_start, b + line_start)
                   for a, b in textops.sentences(self.text[line_start:end])]
            self._sentences[line_start] = got
        return got

    def sentences_near(self, pos: int, reach: int = 1) -> list[tuple[int, int]]:
        """Sentences of the line holding `pos` plus `reach` non-empty lines either side.

        Splitting a 1 MB article into sentences takes about a second, so only the
        lines around the cursor are split, when first needed.
        """
        text = self.text
        start = text.rfind("\n", 0, pos) + 1
        out = list(self._line_sentences(start))
        back, lo = 0, start
        while back < reach and lo > 0:
            lo = text.rfind("\n", 0, lo - 1) + 1
            got = self._line_sentences(lo)
            if got:
                out = got + out
                back += 1
        fwd, hi = 0, text.find("\n", pos)
        while fwd < reach and 0 <= hi < len(text):
            got = self._line_sentences(hi + 1)
            if got:
                out += got
                fwd += 1
            hi = text.find("\n", hi + 1)
        return out

    # -- selection in code points ---------------------------------------------
    def selection_cp(self) -> tuple[int, int]:
        cur = self.textCursor()
        return self.omap.range_to_cp(cur.selectionStart(), cur.selectionEnd())

    def select_cp(self, start: int, end: int, *, anchor_at_end: bool = False) -> None:
        qs, qe = self.omap.range_to_qt(start, end)
        cur = QTextCursor(self.document())
        cur.setPosition(qe if anchor_at_end else qs)
        cur.setPosition(qs if anchor_at_end else qe, QTextCursor.KeepAnchor)
        self.setTextCursor(cur)
        self._reveal(qs, qe)

    def _reveal(self, qs: int, qe: int) -> None:
        cur = QTextCursor(self.document())
        for pos in (qe, qs):       # end first, so a tall span shows its start
            cur.setPosition(pos)
            rect = self.cursorRect(cur)
            if not self.viewport().rect().contains(rect):
                self._centre_on(cur)
                break

    def _centre_on(self, cur: QTextCursor) -> None:
        keep = self.textCursor()
        blocker = QSignalBlocker(self)       # a scroll, not a change of selection
        self.setTextCursor(cur)
        self.centerCursor()
        self.setTextCursor(keep)
        blocker.unblock()

    def select_span(self, span_id: int | None) -> None:
        self.state.select(span_id)

    def _selection_changed(self, span_id) -> None:
        """The state's selected span changed: outline it and put the cursor on it."""
        if self._outlined is not None:
            self.update_range(*self._outlined)
        span = self.state.spans.by_id.get(span_id) if span_id is not None else None
        self._outlined = (span.start, span.end) if span else None
        if span:
            if self.selection_cp() != (span.start, span.end):
                self.select_cp(span.start, span.end)
            self.update_range(span.start, span.end)

    def _on_selection_changed(self) -> None:
        span = self.state.selected_span()
        if span is not None and self.selection_cp() != (span.start, span.end):
            self.state.select(None)

    def snapped(self, start: int, end: int) -> tuple[int, int]:
        """The one snapping rule for mouse selections and keyboard sentences."""
        if not self.snapping:
            return start, end
        return textops.snap(self.text, start, end, quotes=self.quotes)

    # -- sentence cursor -------------------------------------------------------
    def move_sentence(self, step: int, extend: bool) -> None:
        """j/k: highlight the next/previous sentence; with Shift, grow the highlight."""
        s, e = self.selection_cp()
        sents = sorted(set(self.sentences_near(s) + self.sentences_near(e)))
        if not sents:
            return
        starts = [a for a, _ in sents]
        ends = [b for _, b in sents]
        after = bisect_left(starts, e)               # first sentence starting at/after e
        before = bisect_right(ends, s) - 1           # last sentence ending at/before s
        if extend and s < e:
            if step > 0 and after < len(sents):
                e = ends[after]
            elif step < 0 and before >= 0:
                s = starts[before]
            self.select_cp(*self.snapped(s, e), anchor_at_end=step < 0)
            return
        if s == e:      # nothing highlighted yet: the sentence at the cursor
            i = bisect_right(ends, s) if step > 0 else bisect_left(starts, s) - 1
        else:
            i = after if step > 0 else before
        self.select_cp(*self.snapped(*sents[min(max(i, 0), len(sents) - 1)]))

    # -- mouse -------------------------------------------------------------------
    def mousePressEvent(self, e):
        # The span selected before this press: a click on it again steps to the next
        # nested one (the press itself clears the selection).
        self._pressed_on = self.state.selected
        # A press inside the highlight starts a new selection, never a text drag.
        if e.button() == Qt.LeftButton and not (e.modifiers() & Qt.ShiftModifier):
            cur = self.textCursor()
            if cur.hasSelection():
                cur.clearSelection()
                self.setTextCursor(cur)
        super().mousePressEvent(e)

    def mouseReleaseEvent(self, e):
        super().mouseReleaseEvent(e)
        if e.button() != Qt.LeftButton:
            return
        cur = self.textCursor()
        if cur.hasSelection():
            if self.snapping:
                self.select_cp(*self.snapped(*self.selection_cp()))
            return
        self._click_span(e.position())

    def _click_span(self, point: QPointF) -> None:
        """A click on tagged text selects the innermost span there (again: the next one);
        on untagged text, the innermost suggestion there, if any."""
        cur = self.cursorForPosition(point.toPoint())
        pos = self.omap.to_cp(cur.position())
        if self.cursorRect(cur).center().x() > point.x() and pos > 0:
            pos -= 1       # on the character before the boundary (in code points: Qt's
                           # -1 would land inside an astral character's surrogate pair)
        spans = self.index.at(pos)
        if not spans:
            self.state.select(None)
            here = self.state.suggestions.at(pos)
            if here:
                self.state.select_suggestion(here[0].id)    # shown only when visible
            return
        ids = [s.id for s in spans]
        before = self._pressed_on
        pick = ids[(ids.index(before) + 1) % len(ids)] if before in ids else ids[0]
        self.select_span(pick)

    # -- painting ---------------------------------------------------------------
    def paintEvent(self, event):
        self.paints += 1
        painter = QPainter(self.viewport())
        rect = event.rect()
        # The layers all walk the same blocks: find them once a paint.
        self._paint_blocks = (rect, list(self._walk_blocks(rect)))
        try:
            painting.paint_under_text(self, painter, rect)
            for overlay in self.overlays:
                overlay(painter, rect)
        finally:
            painter.end()
            self._paint_blocks = None
        super().paintEvent(event)
        self.painted_at = time.perf_counter()

    def update_range(self, start: int, end: int) -> None:
        """Repaint only the lines holding code points [start, end)."""
        cur = QTextCursor(self.document())
        qs, qe = self.omap.range_to_qt(start, end)
        cur.setPosition(qs)
        top = self.cursorRect(cur).top()
        cur.setPosition(qe)
        bottom = self.cursorRect(cur).bottom()
        vp = self.viewport().rect()
        if bottom >= vp.top() and top <= vp.bottom():
            self.viewport().update(QRect(0, top - 2, vp.width(), bottom - top + 5))

    def visible_blocks(self, rect) -> list:
        """(block, top left) of the visible blocks meeting `rect`, in order."""
        cached = self._paint_blocks
        if cached is not None and cached[0] == rect:
            return cached[1]
        return list(self._walk_blocks(rect))

    def _walk_blocks(self, rect):
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > rect.bottom():
                break
            if block.isVisible() and geo.bottom() >= rect.top():
                yield block, geo.topLeft()
            block = block.next()


class ArticleHeader(QWidget):
    """Title, then outlet · date · event · status: plain-text labels, never HTML."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("articleHeader")
        self.title = QLabel()
        self.title.setObjectName("articleTitle")
        self.meta = QLabel()
        self.meta.setObjectName("articleMeta")
        for label in (self.title, self.meta):
            label.setTextFormat(Qt.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 8)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)

    def show_document(self, doc) -> None:
        if doc is None:
            self.title.setText("No document")
            self.meta.setText("Import files or folders (File ▸ Import, or drop them here).")
            return
        words = doc.text[:300].split()       # untitled: its first words, as the list shows
        self.title.setText((doc.title or "").strip()
                           or " ".join(words[:10]) + ("…" if len(words) > 10 else "") or doc.id)
        # No-break spaces: a wrapped line breaks between items, never "in | progress".
        status = doc.status.replace("_", "\u00a0")
        parts = [doc.outlet, doc.author if doc.author and doc.author not in (doc.outlet or "")
                 else None, doc.published, doc.event and f"event\u00a0{doc.event}", status]
        self.meta.setText("  ·  ".join(p for p in parts if p))
