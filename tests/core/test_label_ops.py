"""Label set operations (issue 11): rename with spans following, remove with a relabel,
each one undoable step whose undo checks nothing changed elsewhere."""
import pytest

from annotator.core.labels import (RemoveLabel, RenameLabel, SetLabels, check_colour,
                                   contrast_ratio, tint)
from annotator.core.model import ValidationError


def names(project):
    return [l.name for l in project.labels()]


def test_rename_moves_every_span_and_undoes(editor, dump):
    p = editor.project
    a = editor.add_span("000", 0, 5, "claim").spans_added[0].id
    before = dump(p)
    ch = editor.run(RenameLabel("claim", "assertion"))
    assert ch.labels_renamed == {"claim": "assertion"} and ch.labels_changed
    assert p.span(a).label == "assertion"
    assert names(p)[0] == "assertion"       # keeps its place
    editor.undo()
    assert dump(p) == before
    editor.redo()
    assert p.span(a).label == "assertion"


def test_rename_refuses_a_taken_or_bad_name(editor, dump):
    before = dump(editor.project)
    with pytest.raises(ValidationError, match="already a label 'denial'"):
        editor.run(RenameLabel("claim", "denial"))
    with pytest.raises(ValidationError, match="empty"):
        editor.run(RenameLabel("claim", "  "))
    assert dump(editor.project) == before


def test_remove_refused_while_used_then_relabel_in_one_step(editor, dump):
    p = editor.project
    a = editor.add_span("000", 0, 5, "claim").spans_added[0].id
    before = dump(p)
    with pytest.raises(ValidationError, match="used by 1 span"):
        editor.run(RemoveLabel("claim"))
    assert dump(p) == before
    editor.run(RemoveLabel("claim", relabel_to="denial"))
    assert "claim" not in names(p) and p.span(a).label == "denial"
    assert [l.order for l in p.labels()] == [0, 1, 2]
    editor.undo()
    assert dump(p) == before


def test_undo_of_remove_refused_when_the_set_changed_elsewhere(editor, sample_project):
    editor.run(RemoveLabel("background"))
    sample_project.replace_labels(sample_project.labels()[:2])     # another program
    with pytest.raises(ValidationError, match="changed elsewhere since; not undone"):
        editor.undo()


def test_set_labels_reorders_and_undoes(editor, dump):
    p = editor.project
    before = dump(p)
    labels = p.labels()
    editor.run(SetLabels(tuple(l.__class__(l.name, l.colour, l.key, l.description, i)
                               for i, l in enumerate(reversed(labels)))))
    assert names(p) == ["background", "accusation", "denial", "claim"]
    editor.undo()
    assert dump(p) == before


def test_contrast():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio(tint("#1a1a1a", 165), "#111111") < 4.5
    assert contrast_ratio(tint("#ffe082", 165), "#111111") > 4.5
    assert check_colour(" #FFAA00") == "#ffaa00"
    with pytest.raises(ValidationError):
        check_colour("red")
