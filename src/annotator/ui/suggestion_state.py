"""The open document's suggestions and the "current suggestion", in plain Python (no Qt).

ViewState mixes this in. The selection is either a span (`selected`) or a
suggestion (`suggestion`), never both: choosing one clears the other. Tab steps
through spans and (shown) suggestions together in text order.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter, sub
from typing import Callable

_BIG = float("inf")
MANY = 50           # more changed ranges than this: views redraw everything
_ORDER = attrgetter("start", "end", "id")
_START, _END, _ID = attrgetter("start"), attrgetter("end"), attrgetter("id")


def _sug_key(s) -> tuple:
    return (s.start, s.end, 1, "", s.id)       # after spans with the same bounds


def _span_key(k) -> tuple:
    """A SpanIndex key (start, end, label, id) in the shared order."""
    return (k[0], k[1], 0, k[2], k[3])


class SuggestionIndex:
    """Suggestions (records with id, start, end, label, ...) sorted by (start, end, id)."""

    def __init__(self, suggestions=()):
        self.reset(suggestions)

    def reset(self, suggestions) -> None:
        # (start, end, id) orders as _sug_key does; map and C-level getters: a long
        # article has thousands
        self.items = sorted(suggestions, key=_ORDER)
        self._keys: list | None = None
        self.starts = list(map(_START, self.items))
        self.by_id = dict(zip(map(_ID, self.items), self.items))
        self.max_len = max(map(sub, map(_END, self.items), self.starts), default=0)

    @property
    def keys(self) -> list[tuple]:
        """_sug_key of each, in order: made when first stepped through."""
        if self._keys is None:
            self._keys = [(s.start, s.end, 1, "", s.id) for s in self.items]
        return self._keys

    def __len__(self) -> int:
        return len(self.items)

    def overlapping(self, start: int, end: int) -> list:
        """Suggestions sharing at least one code point with [start, end)."""
        lo = bisect_left(self.starts, start - self.max_len)
        hi = bisect_left(self.starts, end)
        return [s for s in self.items[lo:hi] if s.end > start]

    def at(self, pos: int) -> list:
        """Suggestions holding the code point at `pos`, the shortest (innermost) first."""
        return sorted(self.overlapping(pos, pos + 1), key=lambda s: (s.end - s.start, s.id))


class SuggestionsMixin:
    """Suggestion state for ViewState; call `_init_suggestions(Event)` after its events exist
    (the Event class is passed in: this module does not import ui/state.py)."""

    def _init_suggestions(self, Event) -> None:
        self.suggestions = SuggestionIndex()
        self.suggestion: int | None = None          # the current suggestion's id
        # The index may hold bounds (id, start, end, label) only; then this reads a
        # suggestion's whole record (or None if it is gone) when it becomes current.
        self.suggestion_loader: Callable[[int], object] | None = None
        self._full_suggestion = None                # the current one's whole record
        self.suggestions_visible = True
        self.suggestions_changed = Event()       # ([(start, end), ...] to redraw; None: all)
        self.suggestion_selected = Event()       # (suggestion or None, previous or None)
        # Opening a document drops the old one's suggestions before any view paints.
        self.document_opened.connect(lambda _doc: self.set_suggestions((), everything=True))
        self.selection_changed.connect(self._span_chosen)

    def set_suggestions(self, suggestions, *, everything: bool = False) -> None:
        """Replace the open document's suggestions (the current one stays if still there).
        `everything`: the views redraw everything anyway (a document just opened)."""
        old = self.suggestions.items
        self.suggestions.reset(suggestions)
        self._full_suggestion = None
        if self.suggestion is not None and self.suggestion not in self.suggestions.by_id:
            self.select_suggestion(None)
        self.suggestions_changed.emit(None if everything
                                      else _ranges(old + self.suggestions.items))

    def set_suggestions_visible(self, on: bool) -> None:
        self.suggestions_visible = bool(on)
        if not on:
            self.select_suggestion(None)
        self.suggestions_changed.emit(_ranges(self.suggestions.items))

    def current_suggestion(self):
        """The current suggestion's whole record (read once), or None."""
        sid = self.suggestion
        rec = self.suggestions.by_id.get(sid) if sid is not None else None
        if rec is None or self.suggestion_loader is None:
            return rec
        full = self._full_suggestion
        if full is None or full.id != sid:
            full = self._full_suggestion = self.suggestion_loader(sid)
        return full

    def select_suggestion(self, suggestion_id: int | None) -> None:
        if suggestion_id is not None and (suggestion_id not in self.suggestions.by_id
                                          or not self.suggestions_visible):
            suggestion_id = None
        if suggestion_id == self.suggestion:
            return
        previous = self.current_suggestion()
        if suggestion_id is not None:
            self.select(None)                     # a span and a suggestion: never both
        self.suggestion = suggestion_id
        self.suggestion_selected.emit(self.current_suggestion(), previous)

    def _span_chosen(self, span_id) -> None:
        if span_id is not None:
            self.select_suggestion(None)

    # -- stepping -----------------------------------------------------------------
    def step_selection(self, pos: int, step: int) -> None:
        """Select the next (+1) or previous (-1) span or shown suggestion in text order,
        from the selected one or else from code point `pos`; wraps around."""
        span = self.spans.by_id.get(self.selected) if self.selected is not None else None
        sug = self.current_suggestion()
        if span is not None:
            here = _span_key((span.start, span.end, span.label, span.id))
        elif sug is not None:
            here = _sug_key(sug)
        else:       # strictly after / before the position, as spans always stepped
            here = (pos, _BIG, 2, "", 0) if step > 0 else (pos, -1, -1, "", 0)
        spans, sugs = self.spans.keys, (self.suggestions.keys if self.suggestions_visible
                                        else [])
        found = []          # (wrapped around, key, kind) of each kind's next item
        for keys, to_key, kind in ((spans, _span_key, "span"), (sugs, _same, "suggestion")):
            if not keys:
                continue
            if step > 0:
                i = bisect_right(keys, here, key=to_key)
                wrapped = i == len(keys)
            else:
                i = bisect_left(keys, here, key=to_key) - 1
                wrapped = i < 0
            found.append((wrapped, to_key(keys[i % len(keys)]), kind))
        if not found:
            return
        group = [f for f in found if not f[0]] or found
        _, key, kind = (min if step > 0 else max)(group, key=lambda f: f[1])
        if kind == "span":
            self.select(key[4])
        else:
            self.select_suggestion(key[4])


def _same(k):
    return k


def _ranges(items) -> list[tuple[int, int]] | None:
    """What to redraw for these suggestions: their ranges, or None (everything) for
    more than MANY (a whole document's worth: no list of thousands is built)."""
    return None if len(items) > MANY else [(s.start, s.end) for s in items]
