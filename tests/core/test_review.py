"""Adjudication in the core: candidates, accept / reject / accept agreed, status, undo."""
import pytest

from annotator.core import Editor, ValidationError
from annotator.core.interchange.importing import DocRecord, SpanRecord, import_records
from annotator.core.team import review as rv

TEXT = "The minister said no. Police denied it. Nobody else spoke."


@pytest.fixture
def ed(project):
    spans = {"ann": [(0, 21, "claim"), (22, 39, "denial")],
             "bob": [(0, 21, "claim"), (22, 39, "claim")]}
    for who, ss in spans.items():
        import_records(project, [DocRecord(TEXT, who, id="d",
                                           spans=[SpanRecord(*s) for s in ss])], annotator=who)
    return Editor(project, "ann")


def settled(p):
    return [(s.start, s.end, s.label) for s in p.spans("d") if s.annotator == "review"]


def test_candidates_mark_agreement(ed):
    r = rv.review_of(ed.project, "d")
    assert r.annotators == ("ann", "bob") and r.status == "not_started"
    assert [(c.start, c.end, c.label, c.annotators, c.agreed) for c in r.candidates] == [
        (0, 21, "claim", ("ann", "bob"), True), (22, 39, "claim", ("bob",), False),
        (22, 39, "denial", ("ann",), False)]
    assert len(r.disagreements) == 2 and len(r.agreed_open) == 1


def test_accept_reject_and_status_each_one_undo_step(ed):
    p = ed.project
    r = rv.review_of(p, "d")
    ed.run(rv.accept_agreed(r))
    assert settled(p) == [(0, 21, "claim")] and rv.review_of(p, "d").status == "in_review"
    r = rv.review_of(p, "d")
    ed.run(rv.accept(r, r.disagreements[1]))
    assert settled(p) == [(0, 21, "claim"), (22, 39, "denial")]
    r = rv.review_of(p, "d")
    with pytest.raises(ValidationError):
        rv.accept(r, r.disagreements[1])
    ed.run(rv.reject(r, r.disagreements[1]))
    assert settled(p) == [(0, 21, "claim")]
    ed.undo()
    assert settled(p) == [(0, 21, "claim"), (22, 39, "denial")]
    ed.run(rv.SetReviewStatus("d", "reviewed", "review"))
    assert rv.progress(p) == {"not_started": 0, "in_review": 0, "reviewed": 1}
    ed.undo()                       # the status
    assert rv.review_of(p, "d").status == "in_review"
    ed.undo()                       # the accept
    ed.undo()                       # accept agreed, and the status it set
    assert settled(p) == [] and rv.review_of(p, "d").status == "not_started"
