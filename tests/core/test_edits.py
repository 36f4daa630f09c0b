"""Editor operations: the rules each edit enforces, and undo that lives in the database."""
import sqlite3

import pytest

from annotator.core import Editor, Project, ProjectError
from annotator.core.edits import AddSpan, Batch, SetStatus, UpdateSpan
from annotator.core.labels import SetLabels
from annotator.core.model import NotFound, ValidationError


@pytest.fixture
def text(sample_project):
    return sample_project.document("000").text


@pytest.mark.parametrize("start, end, label, message", [
    (-1, 5, "claim", r"span -1-5 is outside the text"),
    (10, 10, "claim", r"span 10-10 is outside the text .* or empty"),
    (12, 8, "claim", r"span 12-8 is outside"),
    (0, 10**6, "claim", r"span 0-1000000 is outside the text \(0-\d+\)"),
    (0, 5.0, "claim", r"offsets must be integers"),
    (0, True, "claim", r"offsets must be integers"),
    (0, 5, "rumour", r"unknown label 'rumour' \(labels: claim, denial, accusation, background\)"),
])
def test_bad_spans_are_rejected_and_change_nothing(editor, dump, start, end, label, message):
    before = dump(editor.project)
    with pytest.raises(ValidationError, match=message):
        editor.add_span("000", start, end, label)
    assert dump(editor.project) == before
    assert not editor.can_undo


def test_unknown_document_and_span(editor, dump):
    before = dump(editor.project)
    with pytest.raises(NotFound, match="no document 'zzz'"):
        editor.add_span("zzz", 0, 3, "claim")
    with pytest.raises(NotFound, match="no span 999"):
        editor.remove_span(999)
    with pytest.raises(NotFound):
        editor.update_span(999, label="claim")
    assert dump(editor.project) == before


def test_exact_duplicate_is_rejected(editor, dump):
    editor.add_span("000", 0, 5, "claim")
    before = dump(editor.project)
    with pytest.raises(ValidationError, match=r"identical claim span at 0-5 by tester"):
        editor.add_span("000", 0, 5, "claim")
    assert dump(editor.project) == before
    # another annotator may tag the same range
    Editor(editor.project, annotator="other").add_span("000", 0, 5, "claim")
    assert len(editor.project.spans("000")) == 2


def test_boundary_change_onto_a_duplicate_is_rejected(editor, dump):
    a = editor.new_span_id(editor.add_span("000", 0, 5, "claim"))
    editor.add_span("000", 0, 9, "claim")
    before = dump(editor.project)
    with pytest.raises(ValidationError, match="identical claim span at 0-9"):
        editor.update_span(a, end=9)
    assert dump(editor.project) == before


def test_overlapping_and_nested_spans_are_allowed(editor, text):
    outer = text.index("Guo dismissed the statement")
    inner = text.index("scapegoat")
    editor.add_span("000", outer, outer + 200, "accusation")
    editor.add_span("000", inner, inner + 14, "claim")               # nested
    editor.add_span("000", outer + 150, outer + 250, "denial")       # overlapping
    editor.add_span("000", outer, outer + 200, "claim")              # same range, new label
    spans = editor.project.spans("000")
    assert [(s.start, s.label) for s in spans] == sorted((s.start, s.label) for s in spans)
    assert len(spans) == 4 and all(text[s.start:s.end] == s.text for s in spans)


def test_every_field_changes_and_undoes(editor, text):
    sid = editor.new_span_id(editor.add_span("000", 0, 5, "claim", speaker=" Wang ",
                                             note=""))
    span = editor.project.span(sid)
    assert (span.speaker, span.note, span.annotator) == ("Wang", None, "tester")
    steps = [dict(label="denial"), dict(speaker="Lin Jian"), dict(note="check quote"),
             dict(start=1, end=12), dict(speaker=None)]
    for values in steps:
        editor.update_span(sid, **values)
    span = editor.project.span(sid)
    assert (span.label, span.speaker, span.note, span.start, span.end, span.text) == (
        "denial", None, "check quote", 1, 12, text[1:12])
    assert editor.undo_text() == "Edit speaker"
    for _ in steps:
        editor.undo()
    assert editor.project.span(sid) .text == text[0:5]
    assert (editor.project.span(sid).label, editor.project.span(sid).speaker) == ("claim", "Wang")


def test_unchanged_update_is_not_an_undo_step(editor):
    sid = editor.new_span_id(editor.add_span("000", 0, 5, "claim", speaker="Wang"))
    depth = len(editor.undo_stack)
    changes = editor.update_span(sid, speaker="Wang ")
    assert changes.empty and len(editor.undo_stack) == depth


def test_update_rejects_unknown_fields_and_labels(editor):
    sid = editor.new_span_id(editor.add_span("000", 0, 5, "claim"))
    with pytest.raises(ValidationError, match="cannot change span field"):
        editor.update_span(sid, doc_id="001")
    with pytest.raises(ValidationError, match="unknown label"):
        editor.update_span(sid, label="nope")
    with pytest.raises(ValidationError, match="outside"):
        editor.update_span(sid, end=0)


def test_status_and_first_span_mark_in_progress(editor):
    assert editor.project.document("001").status == "new"
    editor.add_span("001", 0, 4, "background")
    assert editor.project.document("001").status == "in_progress"
    editor.set_status("001", "done")
    with pytest.raises(ValidationError, match="status must be one of"):
        editor.set_status("001", "finished")
    assert editor.project.document("001").status == "done"
    editor.undo()
    assert editor.project.document("001").status == "in_progress"
    editor.undo()
    assert editor.project.document("001").status == "new"
    assert editor.project.spans("001") == []


def test_undo_and_redo_are_in_the_database(sample_project, tmp_path):
    editor = Editor(sample_project, annotator="a")
    sid = editor.new_span_id(editor.add_span("002", 3, 9, "claim"))
    editor.remove_span(sid)
    editor.undo()                                        # restores the same id
    with Project(sample_project.path) as other:          # a second connection sees it
        assert other.span(sid).start == 3
    editor.undo()
    with Project(sample_project.path) as other:
        assert other.spans("002") == []
    editor.redo()
    with Project(sample_project.path) as other:
        assert [s.id for s in other.spans("002")] == [sid]
    editor.add_span("002", 0, 2, "denial")
    assert not editor.can_redo                             # a new edit clears redo
    with pytest.raises(ValidationError, match="nothing to redo"):
        editor.redo()


def test_undo_of_a_span_deleted_elsewhere_is_dropped(sample_project):
    ours, theirs = Editor(sample_project, "a"), Editor(sample_project, "b")
    sid = ours.new_span_id(ours.add_span("002", 3, 9, "claim"))
    ours.update_span(sid, label="denial")
    theirs.remove_span(sid)
    with pytest.raises(ValidationError, match="cannot undo Relabel as denial: denial span "
                                              "deleted elsewhere since; not undone"):
        ours.undo()
    assert ours.undo_text() == "Add claim"


def test_undo_while_locked_keeps_the_step(sample_project, monkeypatch):
    editor = Editor(sample_project, "a")
    editor.add_span("002", 3, 9, "claim")
    monkeypatch.setattr("annotator.core.store.project.BUSY_TIMEOUT_MS", 50)
    blocker = sqlite3.connect(sample_project.path, isolation_level=None, timeout=0.05)
    sample_project.conn.execute("PRAGMA busy_timeout = 50")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectError, match="locked"):
            editor.undo()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert editor.can_undo
    editor.undo()
    assert sample_project.spans("002") == []


def test_batch_is_one_step_and_fails_as_a_whole(editor, dump):
    ops = (AddSpan("003", 0, 5, "claim", "t"), AddSpan("003", 6, 12, "claim", "t"),
           SetStatus("003", "done"))
    changes = editor.run(Batch(ops, "Tag two"))
    assert len(changes.spans_added) == 2 and changes.doc_status == {"003": "done"}
    editor.undo()
    assert editor.project.spans("003") == []
    before = dump(editor.project)
    with pytest.raises(ValidationError):
        editor.run(Batch((AddSpan("003", 0, 5, "claim", "t"),
                          AddSpan("003", 0, 0, "claim", "t"))))
    assert dump(editor.project) == before


def test_changes_name_what_changed(editor):
    c = editor.add_spans("004", [(0, 4), (5, 9)], "claim")
    assert c.span_docs == {"004"} and len(c.spans_added) == 2
    assert c.doc_status == {"004": "in_progress"}
    sid = min(c.added_ids)
    assert [s.note for s in editor.update_span(sid, note="n").spans_updated] == ["n"]
    assert editor.remove_span(sid).spans_removed == {sid}
    assert editor.undo().added_ids == {sid}
    assert UpdateSpan.of(sid, start=1, end=3).description == "Change span boundaries"


def test_an_edit_inside_another_open_write_is_refused_not_nested(editor, sample_project):
    """An operation commits in its own transaction: inside someone else's (an import
    still running) it would only be a savepoint, lost if that one rolls back."""
    editor.add_span("000", 0, 5, "claim")
    with pytest.raises(RuntimeError):
        with sample_project.transaction():
            with pytest.raises(ProjectError, match="still being saved"):
                editor.add_span("000", 6, 10, "claim")
            with pytest.raises(ProjectError, match="still being saved"):
                editor.undo()
            raise RuntimeError("the outer write fails")
    assert [(s.start, s.end) for s in sample_project.spans("000")] == [(0, 5)]
    assert editor.undo_text() == "Add claim"          # the undo step is kept for later
    editor.undo()
    assert sample_project.spans("000") == []


def test_changes_carry_the_stored_records_and_the_status_rule(editor):
    """A tag reports the span as stored and the new status: views need not read again."""
    changes = editor.add_span("001", 0, 5, "claim", speaker="Wang")
    (span,) = changes.spans_added
    assert span == editor.project.span(span.id)
    assert changes.doc_status == {"001": "in_progress"} and changes.span_docs == {"001"}
    changes = editor.update_span(span.id, label="denial")
    assert changes.spans_updated == (editor.project.span(span.id),)
    changes = editor.remove_span(span.id)
    assert changes.spans_removed == {span.id} and not changes.spans_added
    again = editor.add_span("001", 0, 5, "claim")
    assert again.doc_status == {}                 # in progress already: no status change


def test_the_new_document_rule_reads_the_status_inside_the_write(editor):
    """Another program marks the document done between the key press and the write:
    the tag must not turn it back to in progress (the rule ran before the lock)."""
    from annotator.core.edits import TagSpans
    op = TagSpans("002", ((0, 5),), "claim", "tester")
    Editor(editor.project, "other").set_status("002", "done")
    changes = editor.run(op)
    assert changes.doc_status == {} and editor.project.document_status("002") == "done"


def test_labels_and_annotators_changed_by_another_program_are_seen_by_the_next_tag(
        editor, dump):
    """Nothing about labels or annotators is cached between edits: a second
    connection (another window, the CLI) removes a label and the first one's next
    tag with it is refused; a new annotator's row is made with their first tag."""
    project = editor.project
    editor.add_span("000", 0, 5, "accusation")
    with Project(project.path) as other:
        keep = tuple(l for l in other.labels() if l.name != "background")
        Editor(other, "else").run(SetLabels(keep))
    before = dump(project)
    with pytest.raises(ValidationError, match="unknown label 'background'"):
        editor.add_span("000", 6, 9, "background")
    assert dump(project) == before
    newcomer = Editor(project, annotator="newcomer")
    newcomer.add_span("000", 6, 9, "claim")
    assert ("newcomer",) in project.conn.execute("SELECT name FROM annotators").fetchall()
