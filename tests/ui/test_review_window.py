"""The Review window and the team hooks of the main window, driven with real keys;
every assertion reads the database through a second connection."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.core import Project
from annotator.core.interchange.importing import DocRecord, SpanRecord, import_records
from annotator.core.store import team as store

from helpers.ui import make_window

TEXT = "The minister said no. Police denied it. Nobody else spoke."


@pytest.fixture
def team_db(tmp_path):
    path = tmp_path / "team.db"
    spans = {"ann": [(0, 21, "claim"), (22, 39, "denial")],
             "bob": [(0, 21, "claim"), (22, 39, "claim"), (40, 58, "background")]}
    with Project(path) as p:
        for who, ss in spans.items():
            import_records(p, [DocRecord(TEXT, who, id="d", meta={"title": "T"},
                                         spans=[SpanRecord(*s) for s in ss])], annotator=who)
    return path


def settled(path):
    with Project(path) as p:
        return [(s.start, s.end, s.label) for s in p.spans("d") if s.annotator == "review"], \
            store.review_status(p, "d")


def keys(qtbot, widget, *seq):
    for key, mod in seq:
        QTest.keyClick(widget, key, mod)
        qtbot.wait(5)


def active(qtbot, w):
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def test_review_with_keys(qtbot, team_db):
    win = active(qtbot, make_window(qtbot, team_db))
    QTest.keyClick(win.article, Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier)
    rw = win.review_window
    assert rw is not None and rw.isVisible()
    qtbot.addWidget(rw)
    active(qtbot, rw)
    rw.text.setFocus()
    target = rw.text
    assert rw.items.count() == 3            # 22-39 claim, 22-39 denial, 40-58 background
    N = Qt.NoModifier
    keys(qtbot, target, (Qt.Key_A, Qt.ShiftModifier))               # accept every agreed
    assert settled(team_db) == ([(0, 21, "claim")], "in_review")
    keys(qtbot, target, (Qt.Key_J, N), (Qt.Key_A, N))               # the second: denial
    assert settled(team_db)[0] == [(0, 21, "claim"), (22, 39, "denial")]
    keys(qtbot, target, (Qt.Key_J, N), (Qt.Key_A, N), (Qt.Key_X, N))   # background in, out
    assert settled(team_db)[0] == [(0, 21, "claim"), (22, 39, "denial")]
    keys(qtbot, target, (Qt.Key_Z, Qt.ControlModifier))           # undo the reject
    assert (40, 58, "background") in settled(team_db)[0]
    keys(qtbot, target, (Qt.Key_BracketRight, N))                  # edit: start a word later
    assert (47, 58, "background") in settled(team_db)[0]
    keys(qtbot, target, (Qt.Key_R, N))
    assert settled(team_db)[1] == "reviewed"
    assert "reviewed 1" in rw.progress.text()
    keys(qtbot, target, (Qt.Key_Z, Qt.ControlModifier))
    assert settled(team_db)[1] == "in_review"
    rw.close()
    win.close()


def test_main_window_shows_mine_everyone_or_one(qtbot, team_db):
    win = make_window(qtbot, team_db)
    win.session.editor.annotator = "ann"
    win.show_spans_of("mine")
    assert "Annotator: ann" in win.annotator_label.text()
    assert len(win.span_model.spans) == 2
    win.actions["show_everyone"].trigger()
    assert len(win.span_model.spans) == 5 and len({c.name() for c in win.article.owner_colours.values()}) == 2
    win.show_spans_of("bob")
    assert len(win.span_model.spans) == 3 and "bob's spans" in win.annotator_label.text()
    win.close()


def test_merge_from_the_window_is_one_undo_step(qtbot, team_db, tmp_path):
    from annotator.ui.dialogs.merge import merge_with_progress
    other = tmp_path / "carol.db"
    with Project(other) as p:
        import_records(p, [DocRecord(TEXT, "c", id="d", spans=[SpanRecord(0, 21, "claim")]),
                           DocRecord("Another text.", "c2", id="e")], annotator="carol")
    win = active(qtbot, make_window(qtbot, team_db))
    report = merge_with_progress(win, win.session, [str(other)])
    assert report is not None and len(report.plans[0].documents) == 1
    with Project(team_db) as p:
        assert "carol" in store.annotators(p) and "e" in p.document_ids()
    QTest.keyClick(win.article, Qt.Key_Z, Qt.ControlModifier)
    with Project(team_db) as p:
        assert "carol" not in store.annotators(p) and "e" not in p.document_ids()
    assert merge_with_progress(win, win.session, [str(tmp_path / "missing.db")]) is None
    assert "no such project file" in win.message.text()
    win.close()


def test_agreement_dialog_shows_the_table(qtbot, team_db):
    from annotator.ui.dialogs.agreement import AgreementDialog
    with Project(team_db) as p:
        d = AgreementDialog(p)
        qtbot.addWidget(d)
        names = [d.labels.item(r, 0).text() for r in range(d.labels.rowCount())]
        assert names[-1] == "all (micro)" and "claim" in names
        assert d.pairs.rowCount() == 1 and d.pairs.item(0, 0).text() == "ann"
