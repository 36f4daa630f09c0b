"""Stored suggestions: their table, accept / relabel / reject as undoable operations,
rejections remembered, rules-version remakes, and the `annotator suggest` command."""
from __future__ import annotations

import json

import pytest

from annotator.core import Editor, Project
from annotator.core.interchange import exporting
from annotator.core.interchange.importing import import_paths
from annotator.core.model import ValidationError
from annotator.core.store import suggestions as table
from annotator.core.suggest import RULES_VERSION, ops
from helpers.project import run_cli as run

ARTICLE = ("Talks in Brussels\n\n"
           "“We will never accept these smears,” Guo Jiakun said on Monday.\n\n"
           "The minister said that the talks had stalled over tariffs.\n")
KEYS = {"doc_id", "start", "end", "text", "label", "kind", "speaker", "speaker_start",
        "speaker_end", "cue", "cue_start", "cue_end", "score"}


@pytest.fixture
def db_path(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "p.db"
    with Project(path) as p:
        import_paths(p, [tmp_path / "in"])
    return path


@pytest.fixture
def proj(db_path):
    with Project(db_path) as p:
        ops.refresh(p)
        yield p


def open_rows(p):
    return table.for_documents(p, ["a1"])


def test_schema_has_the_table_and_suggestions_are_not_spans(proj):
    assert proj.schema_version == 6
    rows = open_rows(proj)
    assert [(r.speaker, r.label) for r in rows] == [("Guo Jiakun", "denial"),
                                                   ("The minister", "claim")]
    assert all(r.rules_version == RULES_VERSION and r.state == "open" for r in rows)
    assert ARTICLE[rows[0].start:rows[0].end] == rows[0].text
    assert proj.span_count() == 0
    assert exporting.export(proj, "jsonl", "-", exporting.Filters()) is not None
    assert proj.span_count() == 0


def test_refresh_twice_does_nothing_new(proj):
    before = [(r.id, r.state) for r in open_rows(proj)]
    assert ops.refresh(proj).suggestions == frozenset()
    assert [(r.id, r.state) for r in open_rows(proj)] == before


def test_accept_makes_a_span_with_label_and_speaker_and_undoes(proj):
    ed = Editor(proj, annotator="ann")
    sug = open_rows(proj)[0]
    changes = ed.run(ops.AcceptSuggestion(sug.id, ed.annotator))
    (span_id,) = changes.span_ids
    span = proj.span(span_id)
    assert (span.start, span.end, span.label, span.speaker, span.annotator) == (
        sug.start, sug.end, "denial", "Guo Jiakun", "ann")
    assert table.get(proj, sug.id).state == "accepted"
    assert proj.document_status("a1") == "in_progress"
    assert "a1" in changes.suggestions
    ed.undo()
    assert proj.span_count() == 0
    assert table.get(proj, sug.id).state == "open"
    assert proj.document_status("a1") == "new"
    ed.redo()
    assert proj.span(span_id).label == "denial"
    assert table.get(proj, sug.id).state == "accepted"
    with pytest.raises(ValidationError):
        ed.run(ops.AcceptSuggestion(sug.id, ed.annotator))


def test_accept_with_another_label(proj):
    ed = Editor(proj, annotator="ann")
    sug = open_rows(proj)[1]
    (span_id,) = ed.run(ops.AcceptSuggestion(sug.id, ed.annotator, "accusation")).span_ids
    assert proj.span(span_id).label == "accusation"
    assert proj.span(span_id).speaker == "The minister"


def test_reject_is_undoable_and_remembered_across_rules_versions(proj):
    ed = Editor(proj, annotator="ann")
    sug = open_rows(proj)[0]
    ed.run(ops.rejection(sug.id))
    assert [r.id for r in open_rows(proj)] == [open_rows(proj)[0].id] != [sug.id]
    ed.undo()
    assert sug.id in [r.id for r in open_rows(proj)]
    ed.redo()
    ops.refresh(proj, version="suggest-rules-next")          # the rules changed
    again = [(r.start, r.end) for r in open_rows(proj)]
    assert (sug.start, sug.end) not in again
    assert len(again) == 1
    assert table.get(proj, sug.id).state == "rejected"


def test_rules_version_change_remakes_open_rows(proj):
    old = open_rows(proj)
    with proj.transaction():                  # a row an older rule set made
        table.replace_open(proj, "a1", "suggest-rules-0",
                           [(0, 5, "China", "claim", "direct", None, None, None, None,
                             None, None, 0.1)])
    assert [r.text for r in open_rows(proj)] == ["China"]
    changes = ops.refresh(proj)
    assert changes.suggestions == {"a1"}
    now = open_rows(proj)
    assert [(r.start, r.end, r.rules_version) for r in now] == [
        (r.start, r.end, RULES_VERSION) for r in old]


def test_accept_all_above_a_score(proj):
    ed = Editor(proj, annotator="ann")
    rows = open_rows(proj)
    cut = max(r.score for r in rows)
    op, skipped = ops.accept_all(proj, ["a1"], cut, ed.annotator)
    changes = ed.run(op)
    assert len(changes.spans_added) == sum(r.score >= cut for r in rows) >= 1
    assert skipped == 0
    ed.undo()
    assert proj.span_count() == 0 and len(open_rows(proj)) == len(rows)


# -- the command line ----------------------------------------------------------------
def test_cli_import_makes_suggestions_and_suggest_prints_them(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "c.db"
    assert run(capsys, "import", tmp_path / "in", "--db", db)[0] == 0
    with Project(db) as p:
        assert table.count(p) == 2 and not table.stale(p, RULES_VERSION)
    code, out, _err = run(capsys, "suggest", "--db", db, "--doc", "a1")
    assert code == 0
    objs = [json.loads(line) for line in out.splitlines()]
    assert len(objs) == 2 and all(set(o) == KEYS for o in objs)
    o = objs[0]
    assert ARTICLE[o["start"]:o["end"]] == o["text"]
    assert ARTICLE[o["speaker_start"]:o["speaker_end"]] == o["speaker"] == "Guo Jiakun"
    assert ARTICLE[o["cue_start"]:o["cue_end"]] == o["cue"] == "said"
    assert o["kind"] == "direct" and o["label"] == "denial"

    out_file = tmp_path / "s.txt"
    assert run(capsys, "suggest", "--db", db, "--format", "text", "-o", out_file)[0] == 0
    assert "Guo Jiakun" in out_file.read_text(encoding="utf-8")

    code, out, _ = run(capsys, "suggest", "--db", db, "--accept", "--min-score", "0")
    assert code == 0 and out.startswith("accepted 2 suggestion(s)")
    with Project(db) as p:
        assert sorted(s.label for s in p.spans("a1")) == ["claim", "denial"]
    assert run(capsys, "suggest", "--db", db)[1] == ""       # none left open


def test_cli_suggest_errors_are_one_line(db_path, capsys):
    code, _, err = run(capsys, "suggest", "--db", db_path, "--doc", "nope")
    assert code == 1 and err.startswith("annotator: error: no document 'nope'")
    code, _, err = run(capsys, "suggest", "--db", db_path, "--accept")
    assert code == 1 and "--min-score" in err
