"""Imports that lose nothing silently (issue 8): hostile and odd inputs each get one
message naming file and line, and the project is exactly as before; nothing is
dropped without a word; an import streams one file at a time."""
import json
import os
import re
import sys
import threading
from pathlib import Path

import pytest

from annotator import cli
from annotator.cli import commands as cli_commands
from annotator.core.interchange import decoding, importing
from annotator.core.interchange.decoding import InputError
from annotator.core.interchange.importing import import_paths, read_paths
from annotator.core.store.project import Project

TEXT = "The minister denied the report. Critics accused him of lying."


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def jsonl(path, *objs):
    return write(path, "\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n")


def refused(project, dump, paths, message, **kw):
    """The import fails with `message` and leaves every table as it was."""
    before = dump(project)
    with pytest.raises(InputError, match=message):
        import_paths(project, paths, **kw)
    assert dump(project) == before


# -- nothing dropped -----------------------------------------------------------------
def test_doccano_line_with_both_label_and_entities_imports_both(sample_project, tmp_path):
    path = jsonl(tmp_path / "d.jsonl", {
        "id": "both", "text": TEXT, "label": [[13, 19, "denial"]],
        "entities": [{"id": 1, "label": "claim", "start_offset": 24, "end_offset": 30}]})
    import_paths(sample_project, [path], fmt="doccano")
    assert [(s.start, s.end, s.label) for s in sample_project.spans("both")] == [
        (13, 19, "denial"), (24, 30, "claim")]
    import_paths(sample_project, [jsonl(tmp_path / "e.jsonl", {
        "id": "auto", "text": TEXT + " Auto.", "label": [[13, 19, "denial"]],
        "entities": [{"label": "claim", "start_offset": 24, "end_offset": 30}]})])
    assert len(sample_project.spans("auto")) == 2          # auto-detected alike


@pytest.mark.parametrize("tail, line", [("\n[{\"data\": {\"text\": \"more\"}}]\n", 3),
                                        ("garbage", 2), ("\n\n}", 4)])
def test_label_studio_json_with_trailing_data_is_refused(sample_project, tmp_path, dump,
                                                         tail, line):
    task = {"data": {"text": TEXT}, "annotations": []}
    path = write(tmp_path / "ls.json", "[" + json.dumps(task) + "]\n" + tail)
    refused(sample_project, dump, [path],
            rf"ls\.json:{line}: unexpected data after the JSON list at column \d+")


def test_brat_malformed_line_stops_the_import_with_file_and_line(sample_project, tmp_path,
                                                                 dump):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    good = ("T1\tdenial 13 19\tdenied\n"
            "R1\tTargets Arg1:T1 Arg2:T1\n"
            "E1\tSaying:T1 Source:T1\n"
            "A1\tNegated T1\n"
            "N1\tReference T1 Wikidata:Q1\tminister\n"
            "*\tEquiv T1 T1\n"
            "#1\tAnnotatorNotes T1\tnote: checked\n")
    (tmp_path / "a.ann").write_text(good, encoding="utf-8")
    report = import_paths(sample_project, [tmp_path])
    (span,) = sample_project.spans("a")
    assert (span.label, span.note) == ("denial", "checked")
    skipped = [w for w in report.warnings if "skipped" in w]
    assert [w.split(": skipped ")[1].split(" ")[:2] for w in skipped] == [
        ["1", "*"], ["1", "A"], ["1", "E"], ["1", "N"], ["1", "R"]]
    for bad, line in (("X1\tsomething 1 2\n", 2), ("R2\tTargets Arg1:T1\n", 2),
                      ("T2 denial 0 3 The\n", 2), ("#2 AnnotatorNotes T1 no tabs\n", 2)):
        (tmp_path / "b.txt").write_text(TEXT + " B.", encoding="utf-8")
        (tmp_path / "b.ann").write_text("T1\tclaim 0 3\tThe\n" + bad, encoding="utf-8")
        refused(sample_project, dump, [tmp_path / "b.ann"],
                rf"b\.ann:{line}: malformed (T )?line")


# -- label names ---------------------------------------------------------------------
@pytest.mark.parametrize("label, message", [
    ("", "cannot be empty"), ("   ", "cannot be empty"),
    ("cold\twar", "control character U\\+0009"), ("two\nlines", "control character"),
    ("nul\u0000", "control character"), ("x" * 65, r"65 characters long \(at most 64\)"),
    (["claim"], "must be a string, got list"), ({"name": "claim"}, "must be a string, got dict"),
    (7, "must be a string, got int")])
@pytest.mark.parametrize("add_labels", [False, True])
def test_label_names_are_validated_on_import(sample_project, tmp_path, dump, label, message,
                                             add_labels):
    path = jsonl(tmp_path / "l.jsonl", {"text": TEXT, "spans": [
        {"start": 13, "end": 19, "label": "denial"}, {"start": 0, "end": 3, "label": label}]})
    refused(sample_project, dump, [path], rf"l\.jsonl:1 span 0-3: .*{message}",
            add_labels=add_labels)


def test_label_names_are_validated_in_every_format(sample_project, tmp_path, dump):
    doccano = jsonl(tmp_path / "d.jsonl", {"text": TEXT, "label": [[0, 3, ["claim"]]]})
    refused(sample_project, dump, [doccano], r"d\.jsonl:1 span 1 .*must be a string")
    ls = write(tmp_path / "t.json", json.dumps([{"data": {"text": TEXT}, "annotations": [
        {"result": [{"value": {"start": 0, "end": 3, "labels": [{"x": 1}]}}]}]}]))
    refused(sample_project, dump, [ls], r"t\.json:1 annotation 1 result 1 .*must be a string",
            add_labels=True)


def test_label_studio_labels_given_as_a_string_is_one_label(sample_project, tmp_path):
    path = write(tmp_path / "t.json", json.dumps([{"data": {"id": "ls", "text": TEXT},
                                                   "annotations": [{"result": [{"value": {
                                                       "start": 13, "end": 19,
                                                       "labels": "denial"}}]}]}]))
    import_paths(sample_project, [path])
    assert [s.label for s in sample_project.spans("ls")] == ["denial"]


# -- hostile inputs ------------------------------------------------------------------
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("where", ["line", "meta", "json", "manifest"])
def test_deeply_nested_json_is_one_clear_message(sample_project, tmp_path, dump, where):
    ok = json.dumps({"text": TEXT})
    if where == "line":
        paths, message = [write(tmp_path / "n.jsonl", ok + "\n" + DEEP + "\n")], r"n\.jsonl:2"
    elif where == "meta":
        line = '{"text": "deep meta", "meta": {"outlet": ' + DEEP + "}}"
        paths, message = [write(tmp_path / "n.jsonl", ok + "\n\n" + line + "\n")], r"n\.jsonl:3"
    elif where == "json":
        paths, message = [write(tmp_path / "n.json", "[\n" + ok + ",\n" + DEEP + "\n]")], \
            r"n\.json:3"
    else:
        (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
        write(tmp_path / "manifest.json", '{"documents": ' + DEEP + "}")
        paths, message = [tmp_path], r"manifest\.json"
    refused(sample_project, dump, paths, message + r".*nested too deeply")


@pytest.mark.parametrize("field", ["text", "id", "meta", "label", "speaker", "note",
                                   "annotator", "span text", "key"])
def test_lone_surrogates_are_refused_naming_file_and_line(sample_project, tmp_path, dump,
                                                          field):
    obj = {"id": "s", "text": TEXT, "meta": {"outlet": "O"},
           "spans": [{"start": 13, "end": 19, "label": "denial", "speaker": "S",
                      "note": "n", "annotator": "a", "text": "denied"}]}
    target = {"text": obj, "id": obj, "meta": obj["meta"], "label": obj["spans"][0],
              "speaker": obj["spans"][0], "note": obj["spans"][0],
              "annotator": obj["spans"][0], "span text": obj["spans"][0],
              "key": obj["meta"]}[field]
    key = {"meta": "outlet", "span text": "text", "key": "\ud800"}.get(field, field)
    target[key] = "x\ud800y"
    line = json.dumps(obj)                       # ASCII: the surrogate as a \\ud800 escape
    assert "\\ud800" in line
    path = write(tmp_path / "u.jsonl", json.dumps({"text": "fine"}) + "\n" + line + "\n")
    refused(sample_project, dump, [path], r"u\.jsonl:2: .*lone surrogate")


def test_a_surrogate_pair_is_fine(sample_project, tmp_path):
    path = write(tmp_path / "p.jsonl", '{"id": "p", "text": "emoji \\ud83d\\ude00 ok"}\n')
    import_paths(sample_project, [path])
    assert sample_project.document("p").text == "emoji \U0001F600 ok"


@pytest.mark.parametrize("digits, message", [(5000, "more than 4,300 digits"),
                                             (3000, "a 3,000-digit number")])
def test_an_offset_with_thousands_of_digits(sample_project, tmp_path, dump, digits, message):
    line = '{"text": "short text", "spans": [{"start": 0, "end": ' + "9" * digits + \
           ', "label": "claim"}]}'
    refused(sample_project, dump, [write(tmp_path / "o.jsonl", line + "\n")],
            rf"o\.jsonl:1.*{message}")
    (tmp_path / "b.txt").write_text("short text", encoding="utf-8")
    (tmp_path / "b.ann").write_text(f"T1\tclaim 0 {'9' * digits}\tshort\n", encoding="utf-8")
    refused(sample_project, dump, [tmp_path / "b.ann"], r"b\.ann:1: .*digit")


def _with_timeout(fn, seconds=20):
    """Run fn in a thread: a FIFO read that blocks must fail the test, not hang it."""
    result = {}

    def run():
        try:
            fn()
        except BaseException as e:           # noqa: BLE001 - handed to the test
            result["error"] = e
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "import blocked on its input"
    return result.get("error")


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev")
@pytest.mark.parametrize("kind", ["fifo", "symlink-to-device", "fifo-as-ann"])
def test_fifo_or_device_as_input_is_refused(sample_project, tmp_path, dump, kind):
    if kind == "fifo":
        path = tmp_path / "pipe.jsonl"
        os.mkfifo(path)
        message = r"pipe\.jsonl: is a named pipe"
    elif kind == "symlink-to-device":
        path = tmp_path / "zero.txt"
        path.symlink_to("/dev/zero")
        message = r"zero\.txt: is a character device"
    else:
        (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
        os.mkfifo(tmp_path / "doc.ann")
        path, message = tmp_path / "doc.txt", r"doc\.ann: is a named pipe"
    fmt = "brat" if kind == "fifo-as-ann" else "auto"
    error = _with_timeout(lambda: read_paths([path], fmt=fmt))     # (SQLite stays in one thread)
    assert isinstance(error, InputError) and re.search(message, str(error)), error
    refused(sample_project, dump, [path], message, fmt=fmt)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_a_file_name_that_is_not_utf8_imports(sample_project, tmp_path):
    name = os.fsdecode(b"caf\xe9-report.txt")                 # Latin-1 bytes on disk
    (tmp_path / name).write_text(TEXT, encoding="utf-8")
    report = import_paths(sample_project, [tmp_path])
    (doc_id,) = report.added
    assert doc_id == "caf\\xe9-report"
    doc = sample_project.document(doc_id)
    assert doc.text == TEXT and doc.source.endswith("caf\\xe9-report.txt")


# -- streaming, progress, quiet ------------------------------------------------------
def test_import_reads_one_file_at_a_time(sample_project, tmp_path, monkeypatch):
    """The first file's documents are written before the second file is read."""
    a = jsonl(tmp_path / "a.jsonl", *({"id": f"a{i}", "text": f"first file {i}"}
                                      for i in range(3)))
    b = jsonl(tmp_path / "b.jsonl", {"id": "b0", "text": "second file"})
    events = []
    real_read, real_insert = decoding.read_text, importing.queries.insert_documents

    def read_text(path):
        events.append(("read", Path(path).name))
        return real_read(path)

    def insert(project, docs):
        events.append(("write", [d.id for d in docs]))
        return real_insert(project, docs)
    monkeypatch.setattr(decoding, "read_text", read_text)
    monkeypatch.setattr(importing.queries, "insert_documents", insert)
    monkeypatch.setattr(importing, "BATCH_CHARS", 10)
    import_paths(sample_project, [a, b])
    assert events.index(("read", "b.jsonl")) > events.index(("write", ["a0"]))
    assert [e for e in events if e[0] == "read"] == [("read", "a.jsonl"), ("read", "b.jsonl")]


def test_progress_while_parsing_in_bytes_of_input(sample_project, tmp_path):
    path = jsonl(tmp_path / "many.jsonl", *({"id": f"m{i}", "text": f"document number {i}"}
                                             for i in range(400)))
    calls = []
    import_paths(sample_project, [path], progress=lambda d, t: calls.append((d, t)))
    size = path.stat().st_size
    assert calls[-1] == (size, size)
    assert len(calls) > 20 and all(t == size for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert 0 < calls[len(calls) // 2][0] < size


def _cli(argv, capsys):
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_quiet_import_summarises_warnings_in_one_line(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    first = jsonl(tmp_path / "first.jsonl", *({"id": f"x{i}", "text": f"text {i}"}
                                              for i in range(300)))
    assert _cli(["import", "--db", db, "--quiet", str(first)], capsys)[0] == 0
    taken = jsonl(tmp_path / "taken.jsonl", *({"id": f"x{i}", "text": f"other {i}"}
                                              for i in range(300)))
    code, out, err = _cli(["import", "--db", db, "--quiet", str(taken)], capsys)
    assert code == 0 and err == "warning: 300 ids taken; renamed\n"
    again = jsonl(tmp_path / "again.jsonl", *({"id": f"x{i}", "text": f"third {i}"}
                                              for i in range(300)))
    code, out, err = _cli(["import", "--db", db, str(again)], capsys)
    assert len([l for l in err.splitlines() if l.startswith("warning: ")]) == 300


def test_an_error_during_an_import_with_progress_starts_on_its_own_line(tmp_path, capsys,
                                                                        monkeypatch):
    monkeypatch.setattr(cli_commands.time, "monotonic", iter(range(0, 10**6, 5)).__next__)
    good = jsonl(tmp_path / "a.jsonl", *({"text": f"text {i}"} for i in range(50)))
    bad = write(tmp_path / "b.jsonl", "{broken\n")
    code, out, err = _cli(["import", "--db", str(tmp_path / "p.db"), str(good), str(bad)],
                          capsys)
    assert code == 1 and "reading" in err
    assert "\nannotator: error: " in err and "\r" not in err.split("\n")[-2]
    assert err.splitlines()[-1].startswith("annotator: error: ")
    with Project(tmp_path / "p.db") as p:
        assert p.document_count() == 0                     # all or nothing


def test_read_paths_still_returns_every_record(tmp_path):
    a = jsonl(tmp_path / "a.jsonl", {"text": "one"}, {"text": "two"})
    warnings = []
    records = read_paths([a, write(tmp_path / "c.txt", b"caf\xe9 text")], warnings=warnings)
    assert [r.text for r in records] == ["one", "two", "café text"]
    assert any("cp1252" in w for w in warnings)


def test_a_failed_import_leaves_the_garbage_collector_as_it_was(tmp_path):
    """The import pauses the cyclic collector; an error must not leave it off for the
    rest of the process (the window runs for hours), nor turn it on for a caller that
    had it off."""
    import gc
    bad = write(tmp_path / "b.jsonl", '{"text": "fine"}\n{broken\n')
    for was in (True, False):
        (gc.enable if was else gc.disable)()
        try:
            with Project(tmp_path / f"p{was}.db") as project:
                with pytest.raises(InputError):
                    importing.import_paths(project, [bad])
            assert gc.isenabled() is was
        finally:
            gc.enable()
