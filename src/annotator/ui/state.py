"""What the window shows, in plain Python (no Qt): the open document, its span index,
the selected span and the label set. Widgets render it and subscribe to its events;
none keeps a copy of the selection, the colours or the document's status.

Changes from the core arrive through `apply`, which updates the index in place from
the records the Changes carry (nothing is read again) and reports the dirty ranges.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter, namedtuple
from dataclasses import replace
from operator import attrgetter, sub
from typing import Callable

from annotator.core.model import Document, Label, Span
from annotator.ui.suggestion_state import SuggestionsMixin

# What a view needs to draw a span; full Span records are fetched only for shown rows.
Bound = namedtuple("Bound", "id start end label")
# Bounds from store rows (id, start, end, label) without a Python frame each
# (a long article has 10,000).
bounds = functools.partial(map, functools.partial(tuple.__new__, Bound))
_KEY = attrgetter("start", "end", "label", "id")     # the index order, for Bounds and Spans
_START, _END, _ID, _LABEL = (attrgetter(f) for f in ("start", "end", "id", "label"))


class Event:
    """A list of callbacks (napari-style events without Qt)."""

    def __init__(self):
        self._subs: list[Callable] = []

    def connect(self, fn: Callable) -> None:
        self._subs.append(fn)

    def emit(self, *args) -> None:
        for fn in list(self._subs):
            fn(*args)


_key = _KEY


class SpanIndex:
    """The open document's spans, sorted by (start, end, label, id)."""

    def __init__(self, spans=()):
        self.reset(spans)

    def reset(self, spans, *, in_order: bool = False) -> None:
        """`in_order`: already sorted by (start, end, label, id), as the store returns them."""
        # Built with map and C-level getters: a long article has 10,000 spans.
        self.spans = list(spans) if in_order else sorted(spans, key=_key)
        self.keys = list(map(_key, self.spans))
        self.starts = list(map(_START, self.spans))
        self.by_id = dict(zip(map(_ID, self.spans), self.spans))
        self.counts = Counter(map(_LABEL, self.spans))
        self.max_len = max(map(sub, map(_END, self.spans), self.starts), default=0)

    def __len__(self) -> int:
        return len(self.spans)

    def row(self, span_id: int) -> int:
        return bisect_left(self.keys, _key(self.by_id[span_id]))

    def insert_row(self, span) -> int:
        return bisect_left(self.keys, _key(span))

    def insert(self, span) -> int:
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

    def overlapping(self, start: int, end: int) -> list:
        """Spans that share at least one code point with [start, end)."""
        lo = bisect_left(self.starts, start - self.max_len)
        hi = bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.end > start]

    def at(self, pos: int) -> list:
        """Spans covering code point `pos`, innermost (shortest) first."""
        return sorted(self.overlapping(pos, pos + 1), key=lambda s: (s.end - s.start, s.id))

    def after(self, pos: int, span_id: int | None, step: int):
        """The next (+1) or previous (-1) span in order from a span or a position."""
        if not self.spans:
            return None
        if span_id in self.by_id:
            row = self.row(span_id) + step
        else:
            row = bisect_right(self.starts, pos) if step > 0 else bisect_left(self.starts, pos) - 1
        return self.spans[row % len(self.spans)]


class ViewState(SuggestionsMixin):
    """The open document and everything the views draw from it."""

    def __init__(self):
        self.document: Document | None = None
        self.spans = SpanIndex()
        self.selected: int | None = None
        self.labels: tuple[Label, ...] = ()
        self.colours: dict[str, str] = {}
        self.loader: Callable[[int], Span] | None = None     # span id -> full record
        self.document_opened = Event()      # (document or None): text and spans are new
        self.document_changed = Event()     # (document): status or properties changed
        self.selection_changed = Event()    # (span id or None)
        self.spans_changed = Event()        # ([(start, end), ...] to redraw)
        self.labels_changed = Event()       # (labels)
        # Row-level hooks so a Qt item model can bracket the index's changes.
        self.row_inserting = Event()        # (row)
        self.row_inserted = Event()         # ()
        self.row_removing = Event()         # (row)
        self.row_removed = Event()          # ()
        self.rows_resetting = Event()       # ()
        self.rows_reset = Event()           # ()
        self._init_suggestions(Event)

    # -- the label set ---------------------------------------------------------
    def set_labels(self, labels) -> None:
        self.labels = tuple(labels)
        self.colours = {l.name: l.colour for l in self.labels}
        self.labels_changed.emit(self.labels)

    # -- the document ------------------------------------------------------------
    def open(self, document: Document | None, bounds=()) -> None:
        """Show a document with its spans (Bounds or Spans in store order)."""
        self.rows_resetting.emit()
        self.document = document
        self.spans.reset(bounds, in_order=True)
        self.selected = None
        self.rows_reset.emit()
        self.document_opened.emit(document)
        self.selection_changed.emit(None)

    def full(self, span_id: int) -> Span | None:
        """A span's whole record, fetched on first use and kept in the index."""
        rec = self.spans.by_id.get(span_id)
        if rec is None or isinstance(rec, Span) or self.loader is None:
            return rec
        span = self.loader(span_id)
        self.spans.spans[self.spans.row(span_id)] = span
        self.spans.by_id[span_id] = span
        return span

    # -- the selection ---------------------------------------------------------------
    def select(self, span_id: int | None) -> None:
        if span_id is not None and span_id not in self.spans.by_id:
            span_id = None
        if span_id != self.selected:
            self.selected = span_id
            self.selection_changed.emit(span_id)

    def selected_span(self):
        return self.spans.by_id.get(self.selected) if self.selected is not None else None

    # -- changes from the core -------------------------------------------------------------
    def apply(self, ch) -> None:
        """Update from a Changes record: only what it names, from the records it carries."""
        doc = self.document
        if ch.labels_changed and ch.labels_renamed and doc is not None:
            self._rename_labels(ch.labels_renamed)
        if doc is None:
            return
        fields = dict(ch.doc_fields.get(doc.id, {}))
        if doc.id in ch.doc_status:
            fields["status"] = ch.doc_status[doc.id]
        if fields:
            self.document = replace(doc, **fields)
            self.document_changed.emit(self.document)
        if doc.id not in ch.span_docs:
            return
        dirty = []
        was_selected = self.selected
        new = [s for s in ch.spans_added + ch.spans_updated if s.doc_id == doc.id]
        for span_id in ch.spans_removed | {s.id for s in new}:
            old = self.spans.by_id.get(span_id)
            if old is not None:
                dirty.append((old.start, old.end))
                self._remove(span_id)
        for span in new:
            dirty.append((span.start, span.end))
            self._insert(span)
        added = [s for s in ch.spans_added if s.doc_id == doc.id]
        if was_selected is not None and was_selected not in self.spans.by_id:
            self.selected = None
            self.selection_changed.emit(None)
        elif was_selected is not None and any(s.id == was_selected for s in new):
            self.selection_changed.emit(was_selected)         # new range or label
        elif len(added) == 1 and not ch.spans_removed:
            self.select(added[0].id)
        self.spans_changed.emit(dirty)

    def _insert(self, span) -> None:
        self.row_inserting.emit(self.spans.insert_row(span))
        self.spans.insert(span)
        self.row_inserted.emit()

    def _remove(self, span_id: int) -> None:
        self.row_removing.emit(self.spans.row(span_id))
        self.spans.remove(span_id)
        self.row_removed.emit()

    def _rename_labels(self, renamed: dict[str, str]) -> None:
        def follow(s):
            if s.label not in renamed:
                return s
            new = renamed[s.label]
            return s._replace(label=new) if isinstance(s, Bound) else replace(s, label=new)
        self.rows_resetting.emit()
        self.spans.reset([follow(s) for s in self.spans.spans])
        self.rows_reset.emit()
        self.spans_changed.emit([(0, len(self.document.text))])


def find_hits(text: str, query: str | None, most: int = 5000) -> list[tuple[int, int]]:
    """Where the search box's words occur in `text` (code points, case-insensitive):
    the in-article side of the project search."""
    words = [w for w in re.findall(r"\w+", query or "") if w]
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)),
                         re.IGNORECASE)
    return [m.span() for _, m in zip(range(most), pattern.finditer(text))]
