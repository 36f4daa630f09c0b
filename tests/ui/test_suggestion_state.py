"""The window's suggestion state, in plain Python: the selection is a span or a
suggestion, and Tab visits both in text order."""
from collections import namedtuple

from annotator.ui.state import Bound, ViewState

Sug = namedtuple("Sug", "id start end label")


def state_with(spans, sugs):
    st = ViewState()
    st.open(None, sorted(spans, key=lambda s: (s.start, s.end, s.label, s.id)))
    st.set_suggestions(sugs)
    return st


def current(st):
    if st.suggestion is not None:
        return ("sug", st.suggestion)
    return ("span", st.selected) if st.selected is not None else None


def test_tab_interleaves_spans_and_suggestions_and_wraps():
    spans = [Bound(1, 10, 20, "claim"), Bound(2, 50, 60, "denial")]
    sugs = [Sug(7, 0, 5, "claim"), Sug(8, 10, 20, "denial"), Sug(9, 30, 40, "claim")]
    st = state_with(spans, sugs)
    seen = []
    for _ in range(6):
        st.step_selection(0, 1)
        seen.append(current(st))
    # From code point 0 (nothing selected): strictly after it, so (0, 5) comes last.
    assert seen == [("span", 1), ("sug", 8), ("sug", 9), ("span", 2), ("sug", 7), ("span", 1)]
    back = []
    for _ in range(5):
        st.step_selection(0, -1)
        back.append(current(st))
    assert back == [("sug", 7), ("span", 2), ("sug", 9), ("sug", 8), ("span", 1)]


def test_a_span_and_a_suggestion_are_never_both_selected():
    st = state_with([Bound(1, 10, 20, "claim")], [Sug(7, 0, 5, "claim")])
    events = []
    st.suggestion_selected.connect(lambda sug, old: events.append((sug and sug.id, old and old.id)))
    st.select_suggestion(7)
    st.select(1)
    assert (st.selected, st.suggestion) == (1, None)
    st.select_suggestion(7)
    assert (st.selected, st.suggestion) == (None, 7)
    assert events == [(7, None), (None, 7), (7, None)]


def test_hidden_suggestions_are_not_visited_and_leave_the_selection():
    st = state_with([Bound(1, 10, 20, "claim")], [Sug(7, 30, 35, "claim")])
    st.select_suggestion(7)
    st.set_suggestions_visible(False)
    assert st.suggestion is None
    st.step_selection(0, 1)
    st.step_selection(0, 1)
    assert current(st) == ("span", 1)
    st.select_suggestion(7)
    assert st.suggestion is None


def test_new_suggestions_keep_the_current_one_only_if_it_is_still_there():
    st = state_with([], [Sug(7, 0, 5, "claim"), Sug(8, 9, 12, "claim")])
    st.select_suggestion(8)
    st.set_suggestions([Sug(8, 9, 12, "claim")])
    assert st.suggestion == 8
    st.set_suggestions([Sug(7, 0, 5, "claim")])
    assert st.suggestion is None
    st.open(None, [])
    assert len(st.suggestions) == 0
