"""Merging project files: matching, provenance, idempotence, conflicts, undo, bad input."""
import sqlite3

import pytest

from annotator.cli import main
from annotator.core import Editor, Project, ProjectError, ValidationError
from annotator.core.interchange.importing import DocRecord, SpanRecord, import_records
from annotator.core.model import Label
from annotator.core.labels import SetLabels
from annotator.core.store import team as store
from annotator.core.team.merge import merge, plan_merge

TEXTS = ["First article. The minister said no.", "Second article. Police denied it.",
         "Third one, only in the other file."]


def content(dump, p):
    """The dump without what undo cannot restore byte for byte and need not: FTS5's
    internal segments (searching is checked instead), AUTOINCREMENT's high mark and
    when an annotator's name was first seen."""
    out = {k: v for k, v in dump(p).items()
           if not k.startswith("documents_fts") and k != "sqlite_sequence"}
    out["annotators"] = [r[0] for r in out["annotators"]]
    return out


def spans_of(p):
    return sorted((s.doc_id, s.start, s.end, s.label, s.annotator, s.text)
                  for d in p.document_ids() for s in p.spans(d))


def make(path, who, docs, spans, *, titles=None, labels=None):
    """A project file with documents (index into TEXTS) and spans (doc, start, end, label)."""
    with Project(path) as p:
        if labels:
            Editor(p).run(SetLabels(tuple(p.labels()) + tuple(labels)))
        records = []
        for i in docs:
            recs = [SpanRecord(s, e, lab) for d, s, e, lab in spans if d == i]
            meta = {"title": (titles or {}).get(i, f"T{i}"), "outlet": "Wire"}
            records.append(DocRecord(TEXTS[i], f"t{i}", id=f"d{i}", meta=meta, spans=recs))
        import_records(p, records, annotator=who, add_labels=True)
    return path


@pytest.fixture
def target(tmp_path):
    return make(tmp_path / "ann.db", "ann", [0, 1], [(0, 0, 14, "claim"), (1, 16, 33, "denial")])


@pytest.fixture
def other(tmp_path):
    return make(tmp_path / "bob.db", "bob", [0, 1, 2],
                [(0, 0, 14, "claim"), (0, 15, 36, "quote"), (2, 0, 9, "claim")],
                labels=[Label("quote", "#123456", "c", "a quote")])


def test_merge_adds_documents_spans_labels_with_provenance(target, other, dump):
    with Project(target) as p, Project(other) as o:
        other_id = store.project_id(o)
        before = dump(p)
        ed = Editor(p, "ann")
        report = merge(ed, [other])
        assert report.matched == 2 and not report.conflicts
        assert [d.id for d in report.plans[0].documents] == ["d2"]
        assert p.document("d2").text == TEXTS[2]
        bob = [(s.doc_id, s.start, s.end, s.label, s.text) for d in ("d0", "d1", "d2")
               for s in p.spans(d) if s.annotator == "bob"]
        assert bob == [("d0", 0, 14, "claim", "First article."),
                       ("d0", 15, 36, "quote", "The minister said no."),
                       ("d2", 0, 9, "claim", "Third one")]
        quote = {l.name: l for l in p.labels()}["quote"]
        assert (quote.colour, quote.key, quote.description) == ("#123456", None, "a quote")
        (m,) = store.merges(p)
        assert (m["source_file"], m["source_project"], m["spans"]) == (str(other), other_id, 3)
        src = store.span_source(p, p.spans("d2")[0].id)
        assert src["source_project"] == other_id and src["merged_at"] == m["merged_at"]
        assert p.document_rows(search="third")[0]["id"] == "d2"     # searchable
        assert store.project_id(p) != other_id
        after = content(dump, p)
        # one undo step takes it all back, redo brings back the same rows
        assert ed.undo_text() == "Merge bob.db" and len(ed.undo_stack) == 1
        ed.undo()
        assert content(dump, p) == content(lambda _: before, p)
        assert p.document_rows(search="third") == []
        ed.redo()
        assert content(dump, p) == after
        assert p.document_rows(search="third")[0]["id"] == "d2"


def test_merging_the_same_file_twice_adds_nothing(target, other, dump):
    with Project(target) as p:
        ed = Editor(p, "ann")
        merge(ed, [other])
        once = dump(p)
        report = merge(ed, [other])
        assert report.changes.empty and sum(len(x.spans) for x in report.plans) == 0
        assert dump(p) == once
        assert len(ed.undo_stack) == 1
        # the same file twice in one command: also added once
        spans = spans_of(p)
        ed.undo()
        merge(ed, [other, other])
        assert spans_of(p) == spans and len(store.merges(p)) == 1


def test_metadata_conflicts_are_reported_and_target_kept_unless_prefer(tmp_path, target):
    other = make(tmp_path / "o.db", "bob", [0, 1], [], titles={0: "Their title"})
    with Project(target) as p:
        report = plan_merge(p, [other])
        assert [(c.doc_id, c.field, c.ours, c.theirs, c.taken) for c in report.conflicts] == \
            [("d0", "title", "T0", "Their title", "target")]
        merge(Editor(p), [other])
        assert p.document("d0").title == "T0"
        ed = Editor(p)
        report = merge(ed, [other], prefer="other")
        assert report.conflicts[0].taken == "other"
        assert p.document("d0").title == "Their title"
        ed.undo()
        assert p.document("d0").title == "T0"


def _garbage(path):
    path.write_bytes(b"this is not a database at all\n" * 100)


def _foreign(path):
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE things (x)")
    c.commit()
    c.close()


def _newer(path):
    make(path, "x", [2], [])
    c = sqlite3.connect(path)
    c.execute("PRAGMA user_version = 99")
    c.commit()
    c.close()


def _damaged(path):
    make(path, "x", [2], [(2, 0, 9, "claim")])
    data = bytearray(path.read_bytes())
    data[2 * 4096:3 * 4096] = b"\xff" * 4096            # page 3: a table's b-tree page
    path.write_bytes(bytes(data))


def _text_mismatch(path):
    make(path, "x", [2], [(2, 0, 9, "claim")])
    c = sqlite3.connect(path)
    c.execute("UPDATE spans SET text = 'nonsense'")
    c.commit()
    c.close()


@pytest.mark.parametrize("spoil, message", [
    (_garbage, "not an annotator project"), (_foreign, "not an annotator project"),
    (_newer, "newer annotator"), (_damaged, "damaged"), (_text_mismatch, "does not match"),
    (None, "no such project file")])
def test_bad_files_are_refused_with_the_target_unchanged(tmp_path, target, other, dump,
                                                         spoil, message, capsys):
    bad = tmp_path / "bad.db"
    if spoil:
        spoil(bad)
    with Project(target) as p:
        before = dump(p)
        ed = Editor(p)
        with pytest.raises(ProjectError, match=message) as e:
            merge(ed, [other, bad])          # the good file first: still nothing merged
        assert "bad.db" in str(e.value)
        assert dump(p) == before and not ed.can_undo
    assert main(["merge", "--db", str(target), str(other), str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.db" in err[0] and "internal" not in err[0]
    with Project(target) as p:
        assert dump(p) == before


def test_merging_the_open_project_into_itself_is_refused(target, dump):
    with Project(target) as p:
        before = dump(p)
        with pytest.raises(ProjectError, match="the open project itself"):
            merge(Editor(p), [target])
        assert dump(p) == before


def test_other_file_is_not_written(target, other):
    listing = lambda: sorted(x.name for x in other.parent.iterdir()
                             if x.name.startswith(other.name))
    before = other.read_bytes(), listing()
    with Project(target) as p:
        merge(Editor(p), [other])
        assert (other.read_bytes(), listing()) == before


def test_undo_refused_when_a_merged_document_got_new_spans(target, other, dump):
    with Project(target) as p:
        ed = Editor(p, "ann")
        merge(ed, [other])
        ed.add_span("d2", 10, 13, "claim")
        after = dump(p)
        ed.undo_stack.pop()                 # keep the new span, undo the merge under it
        with pytest.raises(ValidationError, match="d2 has new spans since the merge"):
            ed.undo()
        assert dump(p) == after


def test_cli_merge_reports_and_imports_annotator(tmp_path, target, capsys):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (folder / "a.ann").write_text("T1\tclaim 0 14\tFirst article.\n", encoding="utf-8")
    other = tmp_path / "carol.db"
    assert main(["import", "--db", str(other), "--annotator", "carol", str(folder)]) == 0
    assert main(["merge", "--db", str(target), str(other)]) == 0
    out = capsys.readouterr().out
    assert "merged 1 file(s): 0 new document(s), 1 new span(s), 1 document(s) already here" in out
    with Project(target) as p:
        assert {s.annotator for s in p.spans("d0")} == {"ann", "carol"}
