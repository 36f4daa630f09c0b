"""Undo never overwrites a change made later by another program (issue 8). Editor A
is this test's; B works through a second connection of its own on the same file, as
another program would (SQLite sees two connections either way; a process each cost
~0.2 s a step and tested nothing more)."""
import pytest

from annotator.core import Editor, Project, ValidationError
from helpers.project import dump_file as dump


def b_does(db, *steps) -> None:
    """Editor calls by B on its own connection: ("update_span", [sid, {"label": "x"}])."""
    with Project(db) as p:
        ed = Editor(p, "b")
        for kind, args in steps:
            getattr(ed, kind)(*args[:-1], **args[-1])


@pytest.fixture
def a(sample_project):
    return Editor(sample_project, "a")


@pytest.mark.parametrize("field, mine, theirs", [
    ("label", "denial", "accusation"), ("note", "mine", "theirs"),
    ("speaker", "Wang", "Lin"), ("end", 7, 8)])
def test_undo_refuses_when_the_span_was_changed_elsewhere(a, field, mine, theirs):
    db = a.project.path
    sid = a.new_span_id(a.add_span("003", 3, 9, "claim"))
    a.update_span(sid, **{field: mine})
    b_does(db, ("update_span", [sid, {field: theirs}]))
    before = dump(db)
    with pytest.raises(ValidationError, match="changed elsewhere since; not undone"):
        a.undo()
    assert dump(db) == before                          # B's change stands
    assert getattr(a.project.span(sid), field) == theirs
    assert a.undo_text() == "Add claim"                # the stack stays usable ...
    with pytest.raises(ValidationError, match="changed elsewhere since; not undone"):
        a.undo()                                       # ... and that row changed too
    assert not a.can_undo


def test_undo_goes_on_when_nothing_changed_elsewhere(a):
    sid = a.new_span_id(a.add_span("003", 3, 9, "claim"))
    a.update_span(sid, label="denial")
    a.update_span(sid, note="n")
    b_does(a.project.path, ("add_span", ["004", 0, 3, "claim", {}]))   # elsewhere: fine
    a.undo()
    a.undo()
    assert (a.project.span(sid).label, a.project.span(sid).note) == ("claim", None)
    a.redo()
    assert a.project.span(sid).label == "denial"


def test_undo_of_a_status_changed_elsewhere_is_refused(a):
    a.set_status("002", "done")
    b_does(a.project.path, ("set_status", ["002", "in_progress", {}]))
    before = dump(a.project.path)
    with pytest.raises(ValidationError, match="changed elsewhere since; not undone"):
        a.undo()
    assert dump(a.project.path) == before


def test_undo_of_a_delete_refuses_when_the_same_span_was_made_again_elsewhere(a):
    sid = a.new_span_id(a.add_span("003", 3, 9, "claim"))
    a.remove_span(sid)
    b_does(a.project.path, ("add_span", ["003", 3, 9, "claim", {}]))
    before = dump(a.project.path)
    a.undo()        # B's span has its own id and annotator: A's comes back beside it
    after = dump(a.project.path)
    assert len(after["spans"]) == len(before["spans"]) + 1


def test_undo_of_a_tag_partly_deleted_elsewhere_undoes_what_is_left(a):
    changes = a.add_spans("003", [(0, 2), (3, 9), (10, 14)], "claim")
    first, middle, last = sorted(changes.added_ids)
    b_does(a.project.path, ("remove_span", [middle, {}]))
    undone = a.undo()
    assert undone.spans_removed == {first, last}
    assert a.project.spans("003") == [] and a.project.document_status("003") == "new"
    a.redo()                                        # redo brings back what was undone
    assert sorted(s.id for s in a.project.spans("003")) == [first, last]


def test_undo_of_a_tag_whose_span_was_deleted_elsewhere_undoes_the_rest(a):
    sid = a.new_span_id(a.add_span("003", 3, 9, "claim"))
    b_does(a.project.path, ("remove_span", [sid, {}]))
    undone = a.undo()
    assert set(undone.doc_status) == {"003"} and not undone.spans_removed
    assert a.project.document_status("003") == "new"


def test_undo_of_a_span_deleted_elsewhere_alone_says_so(a):
    sid = a.new_span_id(a.add_span("003", 3, 9, "claim"))
    a.update_span(sid, note="n")
    b_does(a.project.path, ("remove_span", [sid, {}]))
    before = dump(a.project.path)
    with pytest.raises(ValidationError, match="deleted elsewhere since; not undone"):
        a.undo()
    assert dump(a.project.path) == before
    assert a.undo_text() == "Add claim"


def test_redo_refuses_too(a):
    sid = a.new_span_id(a.add_span("003", 3, 9, "claim"))
    a.update_span(sid, label="denial")
    a.undo()
    b_does(a.project.path, ("update_span", [sid, {"label": "background"}]))
    with pytest.raises(ValidationError, match="changed elsewhere since; not redone"):
        a.redo()
    assert a.project.span(sid).label == "background"


def test_undo_of_a_label_set_changed_elsewhere_is_refused(a, tmp_path):
    from annotator.core.labels import SetLabels
    from annotator.core.model import Label
    mine = (Label("claim", "#ffcc00", "c"), Label("denial", "#ff0000", "d"))
    a.run(SetLabels(mine))
    with Project(a.project.path) as other:          # a second program's connection
        Editor(other, "b").run(SetLabels(mine + (Label("rumour", "#00ff00"),)))
    with pytest.raises(ValidationError, match="changed elsewhere since; not undone"):
        a.undo()
    assert [l.name for l in a.project.labels()] == ["claim", "denial", "rumour"]
