"""The Compare view driven with real clicks and keys, on the annotated sample."""

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core import Project
from annotator.core.edits import RemoveSpan, UpdateSpan
from helpers.ui import app

EVENT = "nato-sg-response-2025-06"


@pytest.fixture
def view(qtbot, annotated_db):
    from annotator.ui.compare.view import CompareView
    from annotator.ui.session import Session
    app()
    project = Project(annotated_db)
    session = Session(project, annotator="tester")
    v = CompareView(session)
    qtbot.addWidget(v)
    v.resize(1400, 1000)
    v.show()
    qtbot.waitExposed(v)
    v.set_event(EVENT)
    yield v
    v.close()
    project.close()


def find_row(view, doc_col, prefix):
    model = view.passages.model()
    for row in range(model.rowCount()):
        cell = model.index(row, doc_col).data(Qt.UserRole + 1)
        if cell is not None and cell.text.startswith(prefix):
            return row
    raise AssertionError(f"no row with {prefix!r}")


def click_cell(view, row, col):
    index = view.passages.model().index(row, col)
    view.passages.scrollTo(index)
    rect = view.passages.visualRect(index)
    QTest.mouseClick(view.passages.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())


def test_click_cell_emits_open_span_with_code_point_offsets(qtbot, view):
    row = find_row(view, 1, "NATO’s false narratives will not fool the world")
    span = next(s for s in view.session.project.spans("002")
                if s.text.startswith("NATO’s misinformation"))
    with qtbot.waitSignal(view.open_span, timeout=2000) as blocker:
        click_cell(view, row, 3)                      # the 002 column
    assert blocker.args == ["002", span.start, span.end]
    doc = view.session.project.document("002")
    assert doc.text[blocker.args[1]:blocker.args[2]] == \
        "NATO’s misinformation will not fool people in the world"


def untag(qtbot, view, doc_id, prefix):
    """Delete the span of doc_id starting with prefix, as an analyst would, and wait
    for the view to show that article's passage untagged beside the others' spans
    (the fixture tags every rendering: no group holds an untagged cell otherwise)."""
    span = next(s for s in view.session.project.spans(doc_id) if s.text.startswith(prefix))
    view.session.run(RemoveSpan(span.id))
    model = view.passages.model()

    def shown():
        cells = [model.index(r, c).data(Qt.UserRole + 1) for r in range(model.rowCount())
                 for c in range(1, model.columnCount())]
        return any(c is not None and c.doc_id == doc_id and c.label is None
                   and c.start <= span.start < c.end for c in cells)
    qtbot.waitUntil(shown, timeout=2000)


def test_click_untagged_cell_opens_the_passage(qtbot, view):
    """Whichever passage an article prints untagged: its own range opens."""
    untag(qtbot, view, "002", "NATO’s misinformation")
    model = view.passages.model()
    row, col, cell = next((r, c, cell) for r in range(model.rowCount())
                          for c in range(1, model.columnCount())
                          if (cell := model.index(r, c).data(Qt.UserRole + 1)) is not None
                          and cell.label is None)
    with qtbot.waitSignal(view.open_span, timeout=2000) as blocker:
        click_cell(view, row, col)
    doc_id, start, end = blocker.args
    assert (doc_id, start, end) == (cell.doc_id, cell.start, cell.end)
    assert view.session.project.document(doc_id).text[start:end] == cell.text


def test_click_on_omitted_cell_or_flags_emits_nothing(qtbot, view):
    row = find_row(view, 1, "NATO’s false narratives")
    with qtbot.assertNotEmitted(view.open_span, wait=100):
        click_cell(view, row, 2)                      # 001 omits it
        click_cell(view, row, 0)


VILNIUS = "vilnius-communique-2023-07"
PARTIAL = Qt.UserRole + 3


def expansion_row(view):
    """003's "NATO's ambitions for expansion and hegemony are obvious" has no aligned
    rendering in 004, whose "strongly opposed the alliance's "expansion" into the
    Asia-Pacific" is aligned elsewhere and only loosely related to it (0.241): a
    partial cell, not an omission."""
    view.set_event(VILNIUS)
    return find_row(view, 1, "They warned that NATO’s ambitions for expansion")


def test_loosely_related_passage_shows_as_partial_with_its_score(qtbot, view):
    row = expansion_row(view)
    model = view.passages.model()
    group = model.index(row, 0).data(Qt.UserRole + 2)
    cell = model.index(row, 2)                                   # the 004 column
    near = cell.data(PARTIAL)
    assert cell.data(Qt.UserRole + 1) is None and near.doc_id == "004"
    assert near.text.startswith("strongly opposed the alliance’s \"expansion\"")
    assert near.score == pytest.approx(0.241, abs=0.01)
    assert cell.data() == near.text
    tip = cell.data(Qt.ToolTipRole)
    assert f"partly related, similarity {near.score:.2f}" in tip
    assert "not counted as omitting it" in tip
    # Not an omission: no "missing"/"only in" flag, and the omissions filter hides it.
    assert not group.omission
    flags = model.index(row, 0).data().split("\n")[1:]
    assert flags == ["partly related in 1 of 2"]
    # Painted as a partial cell: its grey ground and score badge, not the hatching.
    view.passages.scrollTo(cell)
    image = view.passages.viewport().grab(view.passages.visualRect(cell)).toImage()
    colours = Counter(image.pixelColor(x, y).name() for x in range(image.width())
                      for y in range(image.height()))
    assert colours.most_common(1)[0][0] == "#f8f9fb"         # an omission's is #f4f5f8
    assert colours["#e2e6ee"] > 500                          # the badge behind its score
    QTest.mouseClick(view.only_omissions, Qt.LeftButton)
    shown = [model.index(r, 0).data(Qt.UserRole + 2).id for r in range(model.rowCount())]
    assert group.id not in shown and 0 < len(shown) < len(view.result.groups)


def test_click_or_enter_on_partial_cell_opens_that_passage(qtbot, view):
    row = expansion_row(view)
    near = view.passages.model().index(row, 2).data(PARTIAL)
    with qtbot.waitSignal(view.open_span, timeout=2000) as blocker:
        click_cell(view, row, 2)
    assert blocker.args == ["004", near.start, near.end]
    text = view.session.project.document("004").text
    assert text[near.start:near.end] == near.text
    # By keys: from the 003 cell (a click opens it), Right to 004's, then Enter.
    aligned = view.passages.model().index(row, 1).data(Qt.UserRole + 1)
    with qtbot.waitSignal(view.open_span, timeout=2000) as blocker:
        click_cell(view, row, 1)
    assert blocker.args == ["003", aligned.start, aligned.end]
    QTest.keyClick(view.passages, Qt.Key_Right)
    with qtbot.waitSignal(view.open_span, timeout=2000) as blocker:
        QTest.keyClick(view.passages, Qt.Key_Return)
    assert blocker.args == ["004", near.start, near.end]


def test_filters_change_the_rows(qtbot, view):
    untag(qtbot, view, "002", "NATO’s misinformation")
    model = view.passages.model()
    groups = [model.index(r, 0).data(Qt.UserRole + 2) for r in range(model.rowCount())]
    omitted = [g for g in groups if g.omission]
    differ = [g for g in groups if g.disagreement]
    assert len(groups) > len(omitted) > 0 and 0 < len(differ) < len(groups)
    QTest.mouseClick(view.only_omissions, Qt.LeftButton)
    assert view.only_omissions.isChecked()
    assert model.rowCount() == len(omitted)
    QTest.mouseClick(view.only_disagreements, Qt.LeftButton)
    rows = [model.index(r, 0).data(Qt.UserRole + 2) for r in range(model.rowCount())]
    assert [g.id for g in rows] == [g.id for g in omitted if g.disagreement]
    QTest.mouseClick(view.only_omissions, Qt.LeftButton)
    assert model.rowCount() == len(differ)
    QTest.mouseClick(view.only_disagreements, Qt.LeftButton)
    assert model.rowCount() == len(groups)
    view.label_box.setFocus()
    QTest.keyClicks(view.label_box, "background")
    assert view.label_box.currentText() == "background"
    background = [g for g in groups if g.label == "background"]
    assert model.rowCount() == len(background) > 0
    assert f"showing {len(background)}" in view.summary.text()


def test_refreshes_when_a_span_is_relabelled(qtbot, view):
    row = find_row(view, 1, "NATO’s false narratives will not fool the world")
    group = view.passages.model().index(row, 0).data(Qt.UserRole + 2)
    assert not group.label_conflict and group.label == "denial"
    span = next(s for s in view.session.project.spans("002")
                if s.text.startswith("NATO’s misinformation"))
    view.session.run(UpdateSpan.of(span.id, label="accusation"))
    qtbot.waitUntil(lambda: find_row(view, 3, "NATO’s misinformation") is not None and
                    view.passages.model().index(find_row(view, 3, "NATO’s misinformation"), 0)
                    .data(Qt.UserRole + 2).label_conflict, timeout=2000)
    row = find_row(view, 1, "NATO’s false narratives will not fool the world")
    group = view.passages.model().index(row, 0).data(Qt.UserRole + 2)
    assert group.label_conflict and group.cells["002"].label == "accusation"


def test_profile_table_and_chart(view):
    m = view.profiles.model()
    headers = [m.headerData(c, Qt.Horizontal) for c in range(m.columnCount())]
    assert headers == ["documents", "words", "claim", "denial", "accusation", "background"]
    outlets = [m.headerData(r, Qt.Vertical) for r in range(m.rowCount())]
    assert outlets == ["The Diplomatic Insight", "unknown outlet (001)", "unknown outlet (002)"]
    assert m.index(2, 4).data() == "8 · 32.0%"
    series = view.chart.series()
    assert len(series) == 1
    sets = {s.label(): [s.at(i) for i in range(s.count())] for s in series[0].barSets()}
    assert sets["denial"][2] == pytest.approx(6.4, abs=0.05)
    assert sets["accusation"][2] == pytest.approx(32.0, abs=0.05)


def test_unknown_or_no_event_shows_a_message(view):
    view.set_event("no-such-event")
    assert "no documents for event 'no-such-event'" in view.summary.text()
    assert view.passages.model().rowCount() == 0
    view.set_event(None)
    assert "Choose an event" in view.summary.text()


def test_main_window_opens_the_article_at_the_clicked_passage(qtbot, annotated_db):
    from helpers.ui import make_window
    win = make_window(qtbot, annotated_db, doc="000")
    win.show_compare()
    view = win.compare
    qtbot.waitUntil(lambda: view.passages.model().rowCount() > 20, timeout=3000)
    row = find_row(view, 1, "We urge NATO to abandon its Cold War mentality")
    span = next(s for s in win.session.project.spans("002")
                if s.text.startswith("China urges NATO to take a hard look"))
    click_cell(view, row, 3)
    qtbot.waitUntil(lambda: win.doc is not None and win.doc.id == "002", timeout=3000)
    assert win.tabs.currentIndex() == 0
    cursor = win.article.textCursor()
    a, b = sorted((cursor.selectionStart(), cursor.selectionEnd()))
    assert (win.article.omap.to_cp(a), win.article.omap.to_cp(b)) == (span.start, span.end)
    win.close()


def test_chart_shows_outlet_names_as_text_not_markup(qtbot, tmp_path):
    """QtCharts renders axis and legend labels as rich text: user data must be escaped."""
    from annotator.core.interchange.importing import DocRecord, SpanRecord, import_records
    from annotator.ui.compare.view import CompareView
    from annotator.ui.session import Session
    app()
    project = Project(tmp_path / "markup.db")
    records = [DocRecord(f"Headline {i}\n\nThe minister denied it all.", f"r{i}", id=f"d{i}",
                         meta={"outlet": name, "event": "e"},
                         spans=[SpanRecord(0, 8, "claim")])
               for i, name in enumerate(["<b>Bold</b> & Co", "Plain"])]
    import_records(project, records)
    v = CompareView(Session(project, annotator="tester"))
    qtbot.addWidget(v)
    v.set_event("e")
    axis = next(a for a in v.chart.axes() if hasattr(a, "categories"))
    assert axis.categories()[0] == "&lt;b&gt;Bold&lt;/b&gt; &amp; Co"
    v.close()
    project.close()


def test_flags_count_partly_related_articles_apart_from_omissions(qtbot):
    """A group one article prints, another only loosely relates to and a third lacks:
    "missing in 1", not "only in 1"; built by hand, whatever the alignment finds."""
    from annotator.core.compare import comparison as core
    from annotator.core.compare.align import Passage
    from annotator.ui.app import make_app
    from annotator.ui.compare.models import PassageModel
    make_app()
    docs = [core.DocInfo(d, f"outlet {d}", d, f"outlet {d}") for d in "abc"]
    col = {d: i for i, d in enumerate("abc")}
    said = core.Cell("a", 0, 4, "said", "claim", None, 0.0)
    near = Passage(7, "b", 10, 20, "loosely so", "denial")
    groups = [core.AlignedGroup(1, {"a": said}, "claim", ["c"], [], False,
                                near={"b": (near, 0.1812)}, column=col),
              core.AlignedGroup(2, {"a": said}, "claim", ["b", "c"], [], False, column=col)]
    model = PassageModel()
    model.set_result(core.Comparison("t", docs, [], [], groups, {}))
    assert model.index(0, 0).data().split("\n")[1:] == ["missing in 1 of 3",
                                                        "partly related in 1 of 3"]
    assert model.index(1, 0).data().split("\n")[1:] == ["only in 1 of 3"]
    b = model.index(0, 2)
    assert b.data(Qt.UserRole + 1) is None and b.data() == "loosely so"
    assert (b.data(PARTIAL).start, b.data(PARTIAL).score) == (10, 0.181)
    assert "partly related, similarity 0.18" in b.data(Qt.ToolTipRole)
    assert model.index(0, 3).data() == "not in this article"
    assert model.index(0, 3).data(PARTIAL) is None


def test_the_label_filter_finds_a_group_by_a_second_renderings_label(qtbot):
    """An article renders a statement twice and tags only the second rendering
    'denial': filtering by denial keeps that group (built by hand)."""
    from annotator.core.compare import comparison as core
    from annotator.ui.app import make_app
    from annotator.ui.compare.models import GROUP_ROLE, PassageFilter, PassageModel
    make_app()
    docs = [core.DocInfo(d, f"outlet {d}", d, f"outlet {d}") for d in "ab"]
    col = {d: i for i, d in enumerate("ab")}
    cells = {"a": core.Cell("a", 0, 4, "said", "claim", None, 0.3),
             "b": core.Cell("b", 0, 4, "told", "claim", None, 0.3)}
    again = core.Cell("b", 9, 20, "denied it", "denial", None, 0.26)
    groups = [core.AlignedGroup(1, cells, "claim", [], [], False, column=col,
                                alternatives={"b": [again]}),
              core.AlignedGroup(2, dict(cells), "claim", [], [], False, column=col)]
    model = PassageModel()
    model.set_result(core.Comparison("t", docs, [], [], groups, {}))
    proxy = PassageFilter()
    proxy.setSourceModel(model)
    proxy.set(label="denial")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data(GROUP_ROLE).id == 1
    proxy.set(label="claim")
    assert proxy.rowCount() == 2
