"""Annotations in from other tools (Prodigy, doccano, Label Studio, brat), and every
kind of bad annotation input: one clear error naming file, line and span, and the
project left exactly as it was."""
import json

import pytest

from annotator.core.interchange.decoding import InputError
from annotator.core.interchange.importing import import_paths

TEXT = "The minister denied the report. Critics accused him of lying."
#       0   4        13     20  24     31 32      40      48  52 55 61
DENIED, REPORT, ACCUSED = (13, 19), (24, 30), (40, 47)


def jsonl(path, *objs):
    path.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n",
                    encoding="utf-8")
    return path


def spans_of(project, doc_id):
    return [(s.start, s.end, s.label, s.text, s.annotator, s.speaker, s.note)
            for s in project.spans(doc_id)]


# -- formats in -----------------------------------------------------------------------
def test_prodigy_jsonl_skips_rejected_examples(project, tmp_path):
    path = jsonl(tmp_path / "prodigy.jsonl",
                 {"text": TEXT, "_input_hash": 1, "answer": "accept",
                  "tokens": [{"text": "The", "start": 0, "end": 3, "id": 0}],
                  "spans": [{"start": 13, "end": 19, "label": "denial", "token_start": 2,
                             "token_end": 2}]},
                 {"text": "Another text entirely.", "answer": "reject",
                  "spans": [{"start": 0, "end": 7, "label": "claim"}]})
    report = import_paths(project, [path], annotator="anna")
    assert report.added == ["prodigy-1"]
    assert spans_of(project, "prodigy-1") == [(13, 19, "denial", "denied", "anna", None, None)]
    assert any("reject" in w for w in report.warnings)


def test_doccano_label_list_form(project, tmp_path):
    path = jsonl(tmp_path / "doccano.jsonl",
                 {"id": 7, "text": TEXT, "label": [[13, 19, "denial"], [40, 47, "accusation"]],
                  "outlet": "Paper", "Comments": []})
    import_paths(project, [path], annotator="anna")
    assert project.document("7").outlet == "Paper"
    assert [s[:4] for s in spans_of(project, "7")] == [
        (13, 19, "denial", "denied"), (40, 47, "accusation", "accused")]


def test_doccano_entities_form_reports_relations(project, tmp_path):
    path = jsonl(tmp_path / "doccano.jsonl",
                 {"id": 3, "text": TEXT, "relations": [{"id": 1, "from_id": 1, "to_id": 2,
                                                        "type": "targets"}],
                  "entities": [{"id": 1, "label": "denial", "start_offset": 13, "end_offset": 19},
                               {"id": 2, "label": "claim", "start_offset": 24, "end_offset": 30}]})
    report = import_paths(project, [path], fmt="doccano")
    assert [s[:3] for s in spans_of(project, "3")] == [(13, 19, "denial"), (24, 30, "claim")]
    assert any("relation" in w for w in report.warnings)


def test_label_studio_export_with_annotators_and_other_results(project, tmp_path):
    tasks = [{"id": 11, "data": {"text": TEXT, "outlet": "Wire"},
              "annotations": [
                  {"id": 1, "completed_by": {"id": 1, "email": "ann@example.org"},
                   "result": [
                       {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
                        "value": {"start": 13, "end": 19, "text": "denied",
                                  "labels": ["denial", "claim"]}},
                       {"id": "b", "from_name": "sentiment", "to_name": "text",
                        "type": "choices", "value": {"choices": ["neg"]}}]},
                  {"id": 2, "was_cancelled": True, "result": [
                      {"value": {"start": 0, "end": 3, "text": "The", "labels": ["claim"]}}]}],
              "predictions": [{"result": []}]}]
    path = tmp_path / "project-1.json"
    path.write_text(json.dumps(tasks, indent=2), encoding="utf-8")
    report = import_paths(project, [path])
    assert report.added == ["task-11"]
    assert project.document("task-11").outlet == "Wire"
    assert [s[:5] for s in spans_of(project, "task-11")] == [
        (13, 19, "claim", "denied", "ann@example.org"),
        (13, 19, "denial", "denied", "ann@example.org")]
    assert any("non-span" in w for w in report.warnings)
    assert any("prediction" in w for w in report.warnings)


def test_brat_folder_with_discontinuous_spans_notes_and_relations(project, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_bytes(TEXT.replace(". ", ".\r\n").encode())   # a CRLF .txt
    (folder / "doc.ann").write_text(
        "T1\tdenial 13 19\tdenied\n"
        "T2\taccusation 33 40;41 48\tCritics accused\n"     # offsets count the CR
        "#1\tAnnotatorNotes T1\tspeaker: the minister\n"
        "#2\tAnnotatorNotes T2\tfree text from brat\n"
        "R1\tTargets Arg1:T2 Arg2:T1\n"
        "A1\tNegated T1\n", encoding="utf-8")
    (folder / "empty.txt").write_text("A document nobody annotated.")
    (folder / "annotation.conf").write_text("[entities]\ndenial\naccusation\n")
    report = import_paths(project, [folder], annotator="anna")
    assert sorted(report.added) == ["doc", "empty"]
    got = spans_of(project, "doc")
    assert got == [(13, 19, "denial", "denied", "anna", "the minister", None),
                   (32, 39, "accusation", "Critics", "anna", None, "free text from brat"),
                   (40, 47, "accusation", "accused", "anna", None, "free text from brat")]
    assert any("discontinuous" in w and "doc.ann:2" in w for w in report.warnings)
    assert any("skipped 1 R line" in w for w in report.warnings)
    assert any("skipped 1 A line" in w for w in report.warnings)


def test_one_ann_file_imports_its_pair(project, tmp_path):
    (tmp_path / "x.txt").write_text(TEXT)
    (tmp_path / "x.ann").write_text("T1\tdenial 13 19\tdenied\n")
    import_paths(project, [tmp_path / "x.ann"])
    assert [s[:3] for s in spans_of(project, "x")] == [(13, 19, "denial")]


def test_spans_attach_to_the_document_with_the_same_text(project, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    import_paths(project, [tmp_path / "a.txt"])
    path = jsonl(tmp_path / "d.jsonl", {"text": TEXT, "label": [[13, 19, "denial"]]})
    report = import_paths(project, [path])
    assert report.added == [] and report.spans_added == 1
    assert [s[:3] for s in spans_of(project, "a")] == [(13, 19, "denial")]


def test_add_labels_creates_unknown_labels(project, tmp_path):
    path = jsonl(tmp_path / "d.jsonl", {"text": TEXT, "label": [[13, 19, "hedge"]]})
    import_paths(project, [path], add_labels=True)
    assert "hedge" in [l.name for l in project.labels()]


# -- bad input: one clear error, nothing changed ---------------------------------------------
def _brat(tmp_path, ann, txt=TEXT):
    folder = tmp_path / "brat"
    folder.mkdir()
    if txt is not None:
        (folder / "doc.txt").write_text(txt)
    (folder / "doc.ann").write_text(ann)
    return folder


BAD = {
    "jsonl-offsets-out-of-range": (
        lambda p: jsonl(p / "a.jsonl", {"text": "fine"}, {"text": TEXT, "spans": [
            {"start": 13, "end": 19, "label": "denial"}, {"start": 50, "end": 99, "label": "claim"}]}),
        ["a.jsonl:2", "span 50-99", "outside"]),
    "jsonl-text-mismatch": (
        lambda p: jsonl(p / "a.jsonl", {"text": TEXT, "spans": [
            {"start": 13, "end": 19, "label": "denial", "text": "denies"}]}),
        ["a.jsonl:1", "span 13-19", "'denies'", "does not match"]),
    "jsonl-unknown-label": (
        lambda p: jsonl(p / "a.jsonl", {"text": "other"}, {"text": "x"}, {"text": TEXT, "spans": [
            {"start": 13, "end": 19, "label": "hedge"}]}),
        ["a.jsonl:3", "span 13-19", "'hedge'", "--add-labels"]),
    "jsonl-malformed-line": (
        lambda p: (p / "a.jsonl").write_text('{"text": "ok"}\n{"text": "broken\n') and p / "a.jsonl",
        ["a.jsonl:2", "malformed JSON"]),
    "doccano-out-of-range": (
        lambda p: jsonl(p / "d.jsonl", {"text": TEXT, "label": [[13, 19, "denial"], [-1, 4, "claim"]]}),
        ["d.jsonl:1", "span -1-4"]),
    "doccano-not-a-triple": (
        lambda p: jsonl(p / "d.jsonl", {"text": TEXT, "label": ["positive"]}),
        ["d.jsonl:1", "span 1", "classification"]),
    "label-studio-text-mismatch": (
        lambda p: (p / "t.json").write_text(json.dumps([
            {"data": {"text": "Fine text."}},
            {"data": {"text": TEXT}, "annotations": [{"result": [
                {"type": "labels", "value": {"start": 13, "end": 19, "text": "DENIED",
                                             "labels": ["denial"]}}]}]}], indent=1)) and p / "t.json",
        ["t.json:7", "annotation 1 result 1", "span 13-19", "does not match"]),
    "label-studio-malformed": (
        lambda p: (p / "t.json").write_text('[\n{"data": {"text": "x"}},\n{"data": }\n]') and p / "t.json",
        ["t.json:3", "malformed JSON"]),
    "brat-ann-without-txt": (
        lambda p: _brat(p, "T1\tdenial 13 19\tdenied\n", txt=None),
        ["doc.ann", "no doc.txt"]),
    "brat-out-of-range": (
        lambda p: _brat(p, "T1\tdenial 13 19\tdenied\nT2\tclaim 60 70\tgone\n"),
        ["doc.ann:2", "span 60-70", "outside"]),
    "brat-text-mismatch": (
        lambda p: _brat(p, "T1\tdenial 13 19\tdenies\n"),
        ["doc.ann:1", "span 13-19", "does not match"]),
    "brat-malformed-line": (
        lambda p: _brat(p, "T1\tdenial 13 19\tdenied\nT2 claim 0 3 The\n"),
        ["doc.ann:2", "malformed T line"]),
    "brat-unknown-label": (
        lambda p: _brat(p, "T1\tdenial 13 19\tdenied\n\nT2\thedge 24 30\treport\n"),
        ["doc.ann:3", "span 24-30", "'hedge'"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_annotation_input_is_one_error_and_changes_nothing(sample_project, tmp_path, dump,
                                                              case):
    make, expected = BAD[case]
    before = dump(sample_project)
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        import_paths(sample_project, [path])
    message = str(info.value)
    for part in expected:
        assert part in message, message
    assert "\n" not in message.strip()
    assert dump(sample_project) == before


def test_cli_import_with_format_and_add_labels(tmp_path, capsys):
    from annotator import cli
    from annotator.core.edits import default_annotator
    path = jsonl(tmp_path / "d.jsonl", {"id": "x", "text": TEXT, "label": [[13, 19, "hedge"]]})
    db = str(tmp_path / "p.db")
    assert cli.main(["import", "--db", db, "--format", "doccano", str(path)]) == 1
    assert "--add-labels" in capsys.readouterr().err
    assert cli.main(["import", "--db", db, "--format", "doccano", "--add-labels", str(path)]) == 0
    assert "1 span(s)" in capsys.readouterr().out
    assert cli.main(["export", "--db", db, "--format", "brat", "-o", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b" / "x.ann").read_text() == ("T1\thedge 13 19\tdenied\n"
                                                     "#1\tAnnotatorNotes T1\tannotator: "
                                                     f"{default_annotator()}\n")
    assert "hedge" in (tmp_path / "b" / "annotation.conf").read_text()


# -- the format registry ----------------------------------------------------------------
def test_readme_format_table_is_the_registry():
    from pathlib import Path

    from annotator.core.interchange import registry
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- formats:", 1)[1].split("-->\n", 1)[1]
    table = table.split("<!-- /formats -->")[0]
    assert table == registry.readme_table()


def _format_choices(parser, command):
    import argparse
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if "--format" in a.option_strings)
    return list(action.choices)


def test_cli_format_choices_are_the_registry():
    from annotator import cli
    from annotator.core.interchange import registry
    parser = cli.build_parser()
    assert _format_choices(parser, "import") == ["auto", *registry.reader_names()]
    assert _format_choices(parser, "export") == registry.writer_names()
    assert set(registry.reader_names()) == {"jsonl", "prodigy", "doccano", "label-studio",
                                            "brat", "txt"}
    assert registry.writer_names() == ["jsonl", "spans-jsonl", "prodigy", "doccano", "label-studio",
                                       "brat", "csv"]


def test_a_format_registered_once_is_everywhere(project, tmp_path, monkeypatch):
    """What a new format module does (register one Format) is all the CLI, import
    auto-detection, export and the README table need."""
    from annotator import cli
    from annotator.core.interchange import registry
    from annotator.core.interchange.exporting import export
    from annotator.core.interchange.records import DocRecord
    from annotator.core.interchange.writing import Writer

    class Upper(Writer):
        def chunks(self, doc):
            yield doc.id + "\t" + doc.text.upper() + "\n"

    def read_file(path, ctx):
        doc_id, text = path.read_text(encoding="utf-8").split("\t", 1)
        return [DocRecord(text, str(path), id=doc_id, source=str(path))]
    toy = registry.Format("toy", "Toy", "ids and upper-case texts", "a toy format", order=99,
                          carries=("text",), suffixes=(".toy",), read_file=read_file,
                          writer=Upper, export_suffix=".toy")
    registry.all_formats()                                # the real ones first
    monkeypatch.setitem(registry._FORMATS, "toy", toy)
    (tmp_path / "a.toy").write_text("t1\tsmall text", encoding="utf-8")
    import_paths(project, [tmp_path / "a.toy"])
    assert project.document("t1").text == "small text"
    export(project, "toy", tmp_path / "out.toy")
    assert "t1\tSMALL TEXT\n" in (tmp_path / "out.toy").read_text(encoding="utf-8")
    parser = cli.build_parser()
    assert "toy" in _format_choices(parser, "import")
    assert "toy" in _format_choices(parser, "export")
    assert "| `toy` | yes | yes | `.toy` | a toy format | text |" in registry.readme_table()


def test_unknown_file_type_names_what_import_takes(project, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"doc\.pdf: unsupported file type \.pdf; import takes "
                                         r"\.ann, \.json, \.jsonl, \.ndjson, \.txt and folders"):
        import_paths(project, [path])
