"""Export: every format from the annotated sample corpus, read back independently
(json, csv and a small brat reader written here), plus filters, determinism,
atomic writes, formula neutralising and safe brat file names."""
import csv
import io
import json
import os
from pathlib import Path

import pytest

from annotator import cli
from annotator.core import files
from annotator.core.interchange import exporting
from annotator.core.edits import Editor
from annotator.core.interchange.exporting import Filters, export
from annotator.core.interchange.importing import DocRecord, import_paths, import_records, read_paths
from annotator.core.model import AnnotatorError, NotFound
from annotator.core.store.project import Project

from helpers.paths import ANNOTATED_SAMPLE as FIXTURE


@pytest.fixture
def annotated(tmp_path):
    """The five sample articles with their fixture spans, one note that a spreadsheet
    would run as a formula, and one finished document."""
    with Project(tmp_path / "annotated.db") as p:
        import_paths(p, [FIXTURE])
        ed = Editor(p, annotator="tester")
        text = p.document("001").text
        start = text.index("Regional Implications")
        ed.add_span("001", start, start + 21, "claim", speaker="=HYPERLINK(\"x\")",
                    note="-1 line one\nline two")
        ed.set_status("002", "done")
        yield p


def db_docs(project):
    """What the project holds, straight from SQL, to compare exports against."""
    docs = {}
    for doc_id, text in project.conn.execute("SELECT id, text FROM documents ORDER BY id"):
        docs[doc_id] = (text, [(s.start, s.end, s.label, s.text, s.annotator, s.speaker, s.note)
                               for s in project.spans(doc_id)])
    return docs


def read_brat(folder: Path) -> dict:
    """A tiny independent brat reader: {name: (text, [(start, end, label, text, notes)])}."""
    out = {}
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        spans, notes = {}, {}
        for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if cols[0].startswith("T"):
                label, where = cols[1].split(" ", 1)
                frags = [tuple(map(int, f.split(" "))) for f in where.split(";")]
                pieces = " ".join(text[a:b] for a, b in frags)
                assert cols[2] == pieces and not any(c in pieces for c in "\n\r\u2028")
                spans[cols[0]] = (frags[0][0], frags[-1][1], label, cols[2])
            elif cols[0].startswith("#"):
                notes.setdefault(cols[1].split(" ")[1], []).append(cols[2])
        out[txt.stem] = (text, [(*v, notes.get(k, [])) for k, v in spans.items()])
    return out


# -- each format, read back by other means ------------------------------------------
def test_jsonl_holds_every_document_and_span(annotated, tmp_path):
    out = tmp_path / "out.jsonl"
    report = export(annotated, "jsonl", out)
    lines = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    expected = db_docs(annotated)
    assert [l["id"] for l in lines] == sorted(expected) == ["000", "001", "002", "003", "004"]
    assert report.documents == 5 and report.spans == annotated.span_count() == 102
    for line in lines:
        text, spans = expected[line["id"]]
        assert line["text"] == text
        got = [(s["start"], s["end"], s["label"], s["text"], s["annotator"], s["speaker"],
                s["note"]) for s in line["spans"]]
        assert got == spans
        assert all(text[s["start"]:s["end"]] == s["text"] for s in line["spans"])
        assert [(s["start"], s["end"], s["label"]) for s in line["spans"]] == sorted(
            (s["start"], s["end"], s["label"]) for s in line["spans"])
        assert set(line["meta"]) == {"outlet", "title", "author", "published", "url", "event",
                                     "language", "status"}
    assert lines[2]["meta"]["status"] == "done"
    assert lines[0]["meta"]["outlet"] == "The Diplomatic Insight"


def test_spans_jsonl_is_one_flat_span_a_line(annotated, tmp_path):
    out = tmp_path / "spans.jsonl"
    export(annotated, "spans-jsonl", out)
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == annotated.span_count()
    docs = db_docs(annotated)
    for r in rows:
        assert set(r) == {"doc_id", "outlet", "event", "title", "published", "start", "end",
                          "label", "text", "annotator", "speaker", "note", "span_id",
                          "created", "updated"}
        assert docs[r["doc_id"]][0][r["start"]:r["end"]] == r["text"]
        assert r["event"] == annotated.document(r["doc_id"]).event


def test_doccano_has_text_label_triples_and_metadata_on_top(annotated, tmp_path):
    out = tmp_path / "doccano.jsonl"
    export(annotated, "doccano", out)
    docs = db_docs(annotated)
    for line in out.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        text, spans = docs[obj["id"]]
        assert obj["text"] == text
        assert obj["label"] == [[s, e, lab] for s, e, lab, *_ in spans]
        assert obj["outlet"] == annotated.document(obj["id"]).outlet


def test_label_studio_is_a_task_list_with_code_point_offsets(annotated, tmp_path):
    out = tmp_path / "ls.json"
    export(annotated, "label-studio", out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    docs = db_docs(annotated)
    assert [t["data"]["id"] for t in tasks] == sorted(docs)
    for task in tasks:
        text, spans = docs[task["data"]["id"]]
        assert task["data"]["text"] == text
        got = []
        for annotation in task["annotations"]:            # one per annotator
            who = annotation["completed_by"]["email"]
            assert who.endswith("@annotator.local")
            labelled = [r for r in annotation["result"] if r["type"] == "labels"]
            got += [(r["value"]["start"], r["value"]["end"], r["value"]["labels"],
                     r["value"]["text"], who) for r in labelled]
            assert all(r["to_name"] == "text" for r in annotation["result"])
            assert len({r["id"] for r in labelled}) == len(labelled)
        assert sorted(got) == sorted((s, e, [lab], t, f"{a}@annotator.local")
                                     for s, e, lab, t, a, *_ in spans)


def test_csv_one_span_a_row_formulas_neutralised(annotated, tmp_path):
    out = tmp_path / "spans.csv"
    export(annotated, "csv", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")       # Excel reads it as UTF-8
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == annotated.span_count()
    docs = db_docs(annotated)
    for r in rows:
        assert docs[r["doc_id"]][0][int(r["start"]):int(r["end"])] == r["text"]
    (tricky,) = [r for r in rows if r["annotator"] == "tester"]
    assert tricky["speaker"] == "'=HYPERLINK(\"x\")"
    assert tricky["note"] == "'-1 line one\nline two"          # the line break survives
    for r in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in r.values())


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (5, 5), (None, None),
])
def test_neutralise(cell, expected):
    from annotator.core.files import neutralise
    assert neutralise(cell) == expected


def test_brat_folder_reads_back_with_a_small_parser(annotated, tmp_path):
    out = tmp_path / "brat"
    report = export(annotated, "brat", out)
    assert report.files == 12
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    entities = conf.split("[entities]\n")[1].split("\n\n")[0].split("\n")
    assert entities == [l.name for l in annotated.labels()]
    assert "bgColor:" in (out / "visual.conf").read_text(encoding="utf-8")
    got = read_brat(out)
    docs = db_docs(annotated)
    assert sorted(got) == sorted(docs)
    for name, (text, spans) in got.items():
        assert text == docs[name][0]
        assert [(s, e, lab) for s, e, lab, _, _ in spans] == [
            (s, e, lab) for s, e, lab, *_ in docs[name][1]]
        for s, e, _lab, piece, notes in spans:
            assert piece == " ".join(text[s:e].split("\n"))
            assert len(notes) == 1          # brat's editor edits only the first note
    tricky = [sp for sp in got["001"][1] if "tester" in sp[4][0]][0]
    assert tricky[4] == ["speaker: =HYPERLINK(\"x\") | note: -1 line one\u2424line two | "
                         "annotator: tester"]


# -- determinism, filters, stdout --------------------------------------------------------
def _built(path: Path, backwards: bool) -> Project:
    """The sample corpus plus spans of two annotators on the same offsets, put in
    forwards or backwards (documents, their spans, and the later edits)."""
    records = read_paths([FIXTURE])
    if backwards:
        records.reverse()
        for r in records:
            r.spans.reverse()
    project = Project(path)
    import_records(project, records, annotator="fixture")
    edits = [("ann", "002", 0, 10, "claim", "A speaker"), ("bob", "002", 0, 10, "claim", None),
             ("bob", "001", 4, 12, "denial", None), ("ann", "004", 0, 7, "background", "x"),
             ("ann", "001", 4, 12, "claim", None)]
    for who, doc, start, end, label, speaker in (edits[::-1] if backwards else edits):
        Editor(project, annotator=who).add_span(doc, start, end, label, speaker=speaker)
    for doc in (("004", "003") if backwards else ("003", "004")):
        Editor(project, annotator="ann").set_status(doc, "done")
    return project


@pytest.mark.parametrize("fmt", ["jsonl", "spans-jsonl", "doccano", "label-studio", "csv",
                                 "brat"])
def test_same_project_same_bytes(tmp_path, fmt):
    """Two projects holding the same things, put in in opposite orders, export the
    same bytes: the order comes from the data, not from the insertion history."""
    for name, backwards in (("a", False), ("b", True)):
        with _built(tmp_path / f"{name}.db", backwards) as project:
            export(project, fmt, tmp_path / name)
    a, b = tmp_path / "a", tmp_path / "b"
    if fmt == "brat":
        assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
        assert all((a / p.name).read_bytes() == (b / p.name).read_bytes() for p in a.iterdir())
    else:
        assert without_ids(a, fmt) == without_ids(b, fmt) and b"002" in a.read_bytes()


def without_ids(path, fmt):
    """The export less span ids and times, which record the insertion history."""
    data = path.read_bytes()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        drop = [rows[0].index(c) for c in ("span_id", "created", "updated")]
        return [[c for i, c in enumerate(r) if i not in drop] for r in rows]
    if fmt in ("jsonl", "spans-jsonl"):
        out = []
        for line in data.decode().splitlines():
            obj = json.loads(line)
            for span in obj.get("spans", [obj]):
                for key in ("id", "span_id", "created", "updated"):
                    if key in span and (key != "id" or "spans" not in span):
                        del span[key]
            out.append(obj)
        return out
    return data


def test_spans_are_ordered_whatever_order_they_were_added(project, tmp_path):
    import_records(project, [DocRecord("alpha beta gamma delta", "t", id="d")])
    ed = Editor(project, annotator="z")
    for start, end, label in [(6, 10, "denial"), (0, 5, "denial"), (6, 10, "claim"), (0, 10, "claim")]:
        ed.add_span("d", start, end, label)
    export(project, "jsonl", tmp_path / "o.jsonl")
    spans = json.loads((tmp_path / "o.jsonl").read_text())["spans"]
    assert [(s["start"], s["end"], s["label"]) for s in spans] == [
        (0, 5, "denial"), (0, 10, "claim"), (6, 10, "claim"), (6, 10, "denial")]


def _ids(path):
    return [json.loads(l)["id"] for l in Path(path).read_text().splitlines()]


@pytest.mark.parametrize("filters, ids", [
    (Filters(event=["vilnius-communique-2023-07"]), ["003", "004"]),
    (Filters(outlet=["The Diplomatic Insight", "unknown outlet (004)"]), ["000", "004"]),
    (Filters(status=["done"]), ["002"]),
    (Filters(doc=["001", "003"]), ["001", "003"]),
    (Filters(event=["nato-sg-response-2025-06"], doc=["000", "003"]), ["000"]),
    (Filters(status=[]), ["000", "001", "002", "003", "004"]),
])
def test_document_filters(annotated, tmp_path, filters, ids):
    export(annotated, "jsonl", tmp_path / "o.jsonl", filters)
    assert _ids(tmp_path / "o.jsonl") == ids


def test_span_filters_narrow_spans_and_keep_documents(annotated, tmp_path):
    report = export(annotated, "jsonl", tmp_path / "o.jsonl",
                    Filters(label=["denial"], annotator=["sample"]))
    lines = [json.loads(l) for l in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert len(lines) == 5
    spans = [s for l in lines for s in l["spans"]]
    assert spans and {(s["label"], s["annotator"]) for s in spans} == {("denial", "sample")}
    expected = annotated.conn.execute(
        "SELECT count(*) FROM spans WHERE label='denial' AND annotator='sample'").fetchone()[0]
    assert report.spans == len(spans) == expected
    export(annotated, "csv", tmp_path / "t.csv", Filters(annotator=["tester"]))
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        assert [r["doc_id"] for r in csv.DictReader(f)] == ["001"]


def test_unknown_document_filter_is_an_error(annotated, tmp_path):
    with pytest.raises(NotFound, match="nope"):
        export(annotated, "jsonl", tmp_path / "o.jsonl", Filters(doc=["nope"]))
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("filters, message", [
    (Filters(event=["nato-sg-respons-2025-06"]),
     r"no event 'nato-sg-respons-2025-06' .*known: nato-sg-response-2025-06, vilnius"),
    (Filters(outlet=["The Diplomatic Insigt"]), r"no outlet 'The Diplomatic Insigt'"),
    (Filters(label=["claims"]), r"no label 'claims' .*known: claim, denial"),
    (Filters(annotator=["nobody"]), r"no annotator 'nobody'"),
])
def test_a_filter_value_the_project_never_saw_is_an_error_and_keeps_the_file(
        annotated, tmp_path, filters, message):
    out = tmp_path / "o.jsonl"
    export(annotated, "jsonl", out)
    good = out.read_bytes()
    with pytest.raises(NotFound, match=message):
        export(annotated, "jsonl", out, filters)
    assert out.read_bytes() == good


def test_cli_export_to_stdout_and_file(annotated, tmp_path, capsysbinary):
    db = annotated.path
    assert cli.main(["export", "--db", db, "--format", "doccano", "-o", "-",
                     "--event", "vilnius-communique-2023-07", "--label", "claim"]) == 0
    out, err = capsysbinary.readouterr()
    lines = [json.loads(l) for l in out.decode("utf-8").splitlines()]
    assert [l["id"] for l in lines] == ["003", "004"]
    assert {lab for l in lines for _, _, lab in l["label"]} == {"claim"}
    assert b"exported 2 document(s)" in err
    target = tmp_path / "cli.jsonl"
    assert cli.main(["export", "--db", db, "-o", str(target)]) == 0
    assert _ids(target) == ["000", "001", "002", "003", "004"]
    assert cli.main(["export", "--db", db, "--format", "brat", "-o", "-"]) == 1


# -- atomic writes ---------------------------------------------------------------------
def test_cancelled_export_leaves_the_old_file_and_no_temp(annotated, tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("previous export\n")
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return False
    with pytest.raises(exporting.ExportCancelled):
        export(annotated, "jsonl", target, progress=progress)
    assert target.read_text() == "previous export\n"
    assert os.listdir(tmp_path) == [p for p in os.listdir(tmp_path) if not p.endswith(".tmp")]
    assert sorted(os.listdir(tmp_path)) == sorted(["out.jsonl", "annotated.db",
                                                   *[p for p in os.listdir(tmp_path)
                                                     if p.startswith("annotated.db-")]])
    assert calls == [(0, 5)]


def test_failure_midway_leaves_no_partial_file(annotated, tmp_path, monkeypatch):
    from annotator.core.interchange.formats import jsonl

    def boom(self, doc):
        if doc.id == "002":
            raise OSError(28, "No space left on device")
        yield doc.id + "\n"
    monkeypatch.setattr(jsonl.JsonlWriter, "chunks", boom)
    with pytest.raises(OSError):
        export(annotated, "jsonl", tmp_path / "new.jsonl")
    assert not [p for p in os.listdir(tmp_path) if "new.jsonl" in p]


def test_export_file_gets_ordinary_permissions(annotated, tmp_path):
    export(annotated, "jsonl", tmp_path / "o.jsonl")
    assert (tmp_path / "o.jsonl").stat().st_mode & 0o777 == files.default_mode()


def test_progress_reports_to_the_total(annotated, tmp_path):
    calls = []
    export(annotated, "csv", tmp_path / "o.csv", progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)


# -- brat folders and names ------------------------------------------------------------
def test_brat_ids_cannot_escape_the_folder(project, tmp_path):
    import_records(project, [DocRecord("evil text", "t", id="../../evil"),
                             DocRecord("second", "t", id="a/b"),
                             DocRecord("third", "t", id="a_b"),
                             DocRecord("fourth", "t", id="A_B"),
                             DocRecord("fifth", "t", id="CON"),
                             DocRecord("sixth", "t", id="/etc/passwd")])
    out = tmp_path / "deep" / "brat"
    out.parent.mkdir()
    export(project, "brat", out)
    names = sorted(p.name for p in out.iterdir())   # ids taken in id order: A_B, CON, a/b, a_b
    assert names == sorted(["annotation.conf", "visual.conf", *[f"{n}.{s}" for n in
                            ("evil", "A_B", "a_b-2", "a_b-3", "_CON", "etc_passwd")
                            for s in ("txt", "ann")]])
    assert (out / "evil.txt").read_text() == "evil text"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep"]
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["brat"]


def test_brat_replaces_a_previous_export_but_not_a_folder_of_other_files(annotated, tmp_path):
    out = tmp_path / "brat"
    export(annotated, "brat", out)
    (out / "stale.txt").write_text("from an older export")
    (out / "stale.ann").write_text("")
    export(annotated, "brat", out, Filters(doc=["000"]))
    assert sorted(p.name for p in out.iterdir()) == ["000.ann", "000.txt", "annotation.conf",
                                                        "visual.conf"]

    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious")
    with pytest.raises(AnnotatorError, match="other files"):
        export(annotated, "brat", mine)
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_brat_into_an_empty_existing_folder(annotated, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    export(annotated, "brat", out, Filters(doc=["004"]))
    assert sorted(p.name for p in out.iterdir()) == ["004.ann", "004.txt", "annotation.conf",
                                                        "visual.conf"]


def test_brat_failure_midway_keeps_the_old_folder(annotated, tmp_path, monkeypatch):
    from annotator.core.interchange.formats import brat
    out = tmp_path / "brat"
    export(annotated, "brat", out, Filters(doc=["000"]))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    real = brat.ann_text

    def boom(doc, *args):
        if doc.id == "002":
            raise OSError(28, "No space left on device")
        return real(doc, *args)
    monkeypatch.setattr(brat, "ann_text", boom)
    with pytest.raises(OSError):
        export(annotated, "brat", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "annotated.db"
                  and not p.name.startswith("annotated.db-")) == ["brat"]


def test_export_is_a_snapshot_and_does_not_block_writes(annotated, tmp_path):
    """Editing while an export streams (the window stays usable) neither blocks nor
    leaks into the export already under way."""
    ed = Editor(annotated, annotator="late")
    seen = []

    def progress(done, total):
        if done == 0:
            ed.add_span("004", 0, 7, "background")
        seen.append(done)
    export(annotated, "jsonl", tmp_path / "o.jsonl", progress=progress)
    assert not any(s["annotator"] == "late" for l in
                   (tmp_path / "o.jsonl").read_text().splitlines()
                   for s in json.loads(l)["spans"])
    assert any(s.annotator == "late" for s in annotated.spans("004"))


@pytest.mark.parametrize("text", ["plain", "quote \" back\\slash /", "ctl \x00\x01\x1f\x7f \b\f\n\r\t",
                                  "emoji 👍🏽 \U00020000 e\u0301 \u2028\u2029 \ufeff \ud7ff"])
def test_fast_jsonl_line_is_exactly_json_dumps(text):
    """The hot path builds lines by hand; they must be the bytes json.dumps makes."""
    from annotator.core.interchange.formats.jsonl import JsonlWriter
    from annotator.core.store.interchange_queries import ExportDocument, ExportSpan
    spans = [ExportSpan(0, 2, "claim", "ann " + text, None, text),
             ExportSpan(1, len(text), "l\u00e9", "b", "s", None),
             # speaker and the times are encoded without a json call: every field odd
             ExportSpan(0, 1, "claim", "c", "who " + text, "n", 7, "t " + text, text)]
    doc = ExportDocument("id " + text, text + " tail", text, None, "a", None, "u", "e", "en",
                         "done", spans)
    writer = JsonlWriter()
    (line,) = writer.chunks(doc)
    assert line == json.dumps(writer.objects(doc)[0], ensure_ascii=False) + "\n"


def test_preview_is_readable_and_elided(annotated):
    text = exporting.preview(annotated, "jsonl", limit=1)
    assert text.startswith("{\n  \"id\": \"000\"")
    assert "characters)" in text
    assert "T1\taccusation 15 206" in exporting.preview(annotated, "brat", limit=1)
    assert exporting.preview(annotated, "csv").startswith("doc_id,outlet")


def test_both_ways_of_reading_give_the_same_bytes(annotated, tmp_path, monkeypatch):
    """SQLite without JSON functions falls back to two merged cursors: same output."""
    filters = Filters(label=["claim", "denial"], event=["nato-sg-response-2025-06"])
    export(annotated, "jsonl", tmp_path / "grouped.jsonl", filters)
    from annotator.core.store import interchange_queries
    monkeypatch.setattr(interchange_queries, "has_json", lambda conn: False)
    export(annotated, "jsonl", tmp_path / "merged.jsonl", filters)
    assert (tmp_path / "grouped.jsonl").read_bytes() == (tmp_path / "merged.jsonl").read_bytes()
    assert len((tmp_path / "merged.jsonl").read_text().splitlines()) == 3


# -- where an export may write (issue 8) -----------------------------------------------
def _sha(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(os.name == "nt", reason="FIFOs, symlinks and /dev")
@pytest.mark.parametrize("kind", ["folder", "fifo", "symlink", "device"])
def test_export_to_something_not_a_regular_file_is_refused(annotated, tmp_path, kind):
    real = tmp_path / "real.jsonl"
    real.write_text("keep me\n")
    target = tmp_path / "out.jsonl"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        target.symlink_to(real)
    else:
        # A device node of our own: code that replaced its target atomically would
        # (as root) replace /dev/null itself with a regular file.
        import stat
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("creating a device node needs root")
    message = {"folder": "a folder", "fifo": "a named pipe", "symlink": "a symbolic link",
               "device": "a character device"}[kind]
    before = _sha(real)
    with pytest.raises(AnnotatorError, match=rf"{target}: is {message}; jsonl export writes "
                                             r"a new or regular file \(use -o - for standard"):
        export(annotated, "jsonl", target)
    assert _sha(real) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("annotated.db")
                  ) == ["out.jsonl", "real.jsonl"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_brat_export_to_a_symlinked_folder_is_refused(annotated, tmp_path):
    real = tmp_path / "real"
    export(annotated, "brat", real, Filters(doc=["001"]))
    before = {p.name: _sha(p) for p in real.iterdir()}
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with pytest.raises(AnnotatorError, match=r"link: is a symbolic link; brat export"):
        export(annotated, "brat", link)
    assert link.is_symlink() and {p.name: _sha(p) for p in real.iterdir()} == before


KILLED_EXPORT = """
import sys, time
from annotator.core.interchange.exporting import export
from annotator.core.store.project import Project
def progress(done, total):
    print("writing", flush=True)
    time.sleep(60)
with Project(sys.argv[1], create=False) as p:
    export(p, sys.argv[2], sys.argv[3], progress=progress)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
@pytest.mark.parametrize("fmt, name", [("jsonl", "out.jsonl"), ("brat", "brat-out")])
def test_temp_files_of_a_killed_export_are_removed_by_the_next(annotated, tmp_path, fmt, name):
    import signal
    import subprocess
    import sys
    folder = tmp_path / "exports"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(exporting.__file__).parents[3])}
    child = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, annotated.path, fmt,
                              str(folder / name)], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdout.readline() == "writing\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    left = [p.name for p in folder.iterdir()]
    assert len(left) == 1 and left[0].startswith(f".{name}.pid{child.pid}.")
    live = folder / f".other.pid{os.getpid()}.abc123.tmp"     # a running export's
    live.write_text("in progress")
    report = export(annotated, fmt, folder / name)
    beside = [Path(p).name for p in report.sidecars]
    assert sorted(p.name for p in folder.iterdir()) == sorted([name, live.name, *beside])
