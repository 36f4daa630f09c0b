"""Round trip: export -> import into a fresh project -> export again gives the same
bytes, for jsonl (everything), doccano, label-studio and brat (the fields each
carries), on text with emoji, U+20000, combining marks and a CRLF source."""
import json
from pathlib import Path

import pytest

from annotator.core.edits import Editor
from annotator.core.interchange.exporting import export
from annotator.core.interchange.importing import import_paths
from annotator.core.interchange import registry
from annotator.core.labels import SetLabels
from annotator.core.model import Label
from annotator.core.store.project import Project

from helpers.paths import ANNOTATED_SAMPLE as FIXTURE
# (id, text, [(phrase, label, speaker, note)]) — phrases chosen to sit on the
# characters that break UTF-16 and byte offsets.
TRICKY = [
    ("emoji", "Crowd 👍🏽 cheered; the 👨‍👩‍👧 family said: “no comment”.\nLast 🎉.",
     [("👍🏽 cheered", "claim", "crowd", None), ("👨‍👩‍👧 family", "background", None, "ZWJ"),
      ("“no comment”", "denial", "family", "quote\nwith break\tand tab \\n")]),
    ("astral", "Rare 𠀀 character and 𠀁𠀂 twice, then plain.",
     [("𠀀 character", "claim", None, None), ("𠀁𠀂", "accusation", "=SUM(A1)", None)]),
    ("combining", "Cafe\u0301 owner said he\u0301llo; Zu\u0308rich denied it.",
     [("Cafe\u0301", "background", None, None), ("Zu\u0308rich denied it", "denial", "Zu\u0308rich", None),
      ("he\u0301llo", "claim", None, None)]),
]
CRLF_SOURCE = "Headline here\r\n\r\nThe minister said the talks failed.\r\nThe opposition denied it.\r\n"


def build(tmp_path) -> Project:
    """A project holding the annotated sample corpus, the tricky texts, and a CRLF .txt."""
    src = tmp_path / "src"
    src.mkdir()
    lines = [json.dumps({"id": i, "text": t, "meta": {"outlet": "Tricky", "event": "e"}})
             for i, t, _ in TRICKY]
    (src / "tricky.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (src / "crlf.txt").write_bytes(CRLF_SOURCE.encode("utf-8"))
    project = Project(tmp_path / "origin.db")
    labels = [*project.labels(), Label("cold war framing", "#123456", "w", "a frame\twith tab", 9)]
    Editor(project).run(SetLabels(tuple(labels)))
    import_paths(project, [FIXTURE, src / "tricky.jsonl", src / "crlf.txt"])
    ed = Editor(project, annotator="tester")
    for doc_id, _, spans in TRICKY:
        text = project.document(doc_id).text
        for phrase, label, speaker, note in spans:
            start = text.index(phrase)
            ed.add_span(doc_id, start, start + len(phrase), label, speaker=speaker, note=note)
    text = project.document("crlf").text
    assert "\r" not in text
    start = text.index("the talks")
    ed.add_span("crlf", start, text.index("denied") + 6, "claim", speaker="minister")  # spans a line break
    ed.set_status("crlf", "done")
    second = Editor(project, annotator="Second Annotator")     # the same span, again
    text = project.document("emoji").text
    (_, fam), (_, crowd) = SECOND
    start = text.index(fam)
    second.add_span("emoji", start, start + len(fam), "background", note="mine")
    second.add_span("emoji", 0, len(crowd), "cold war framing", speaker="crowd")
    return project


SECOND = [("emoji", "👨‍👩‍👧 family"), ("emoji", "Crowd")]


def read_all(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes()
                for p in sorted(path.rglob("*")) if p.is_file()}
    return {path.name: path.read_bytes()}


@pytest.mark.parametrize("fmt, name", [("jsonl", "a.jsonl"), ("doccano", "a.jsonl"),
                                       ("label-studio", "a.json"), ("brat", "a")])
def test_export_import_export_is_byte_identical(tmp_path, fmt, name):
    with build(tmp_path) as origin:
        first = tmp_path / "one" / name
        first.parent.mkdir()
        export(origin, fmt, first)
    with Project(tmp_path / "fresh.db") as fresh:
        report = import_paths(fresh, [first], fmt=fmt, annotator="tester")
        assert len(report.added) == 9 and report.spans_added > 50
        second = tmp_path / "two" / name
        second.parent.mkdir()
        export(fresh, fmt, second)
    assert read_all(first.parent).keys() == read_all(second.parent).keys()   # sidecars too
    assert read_all(first.parent) == read_all(second.parent)


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "label-studio", "brat"])
def test_round_trip_loses_nothing_the_format_carries(tmp_path, fmt):
    """What the registry says a format holds (the README's table) comes back."""
    carries = registry.get(fmt).carries
    out = tmp_path / "out" / {"brat": "x", "label-studio": "x.json"}.get(fmt, "x.jsonl")
    out.parent.mkdir()
    with build(tmp_path) as origin:
        export(origin, fmt, out)
        before = held(origin, carries)
    with Project(tmp_path / "fresh.db") as fresh:
        import_paths(fresh, [out], fmt=fmt, annotator="someone-else")   # no --add-labels
        assert held(fresh, carries) == before


def held(project, carries):
    labels = [(l.name, l.colour, l.key, l.description) for l in project.labels()]
    docs = {}
    for doc_id in project.document_ids():
        d = project.document(doc_id)
        spans = sorted((s.start, s.end, s.label, s.text,
                        s.annotator if "annotator" in carries else None,
                        s.speaker if "speaker" in carries else None,
                        s.note if "notes" in carries else None,
                        (s.id, s.created, s.updated) if "ids" in carries else None)
                       for s in project.spans(doc_id))
        docs[doc_id] = (d.text, d.meta() if "meta" in carries else None,
                        d.status if "status" in carries else None, spans)
    return (labels if "labels" in carries else None), docs


def test_auto_detection_gives_the_same_round_trip(tmp_path):
    with build(tmp_path) as origin:
        for fmt, name in (("doccano", "d.jsonl"), ("label-studio", "l.json"), ("brat", "b")):
            export(origin, fmt, tmp_path / name)
    for fmt, name in (("doccano", "d.jsonl"), ("label-studio", "l.json"), ("brat", "b")):
        with Project(":memory:") as fresh:
            import_paths(fresh, [tmp_path / name], annotator="tester")     # fmt="auto"
            export(fresh, fmt, tmp_path / f"again-{name}")
        assert read_all(tmp_path / name).values() and \
            list(read_all(tmp_path / name).values()) == list(read_all(tmp_path / f"again-{name}").values())


def test_jsonl_round_trip_keeps_every_field(tmp_path):
    with build(tmp_path) as origin:
        export(origin, "jsonl", tmp_path / "a.jsonl")
        before = _state(origin)
    with Project(":memory:") as fresh:
        import_paths(fresh, [tmp_path / "a.jsonl"], annotator="someone-else")
        assert _state(fresh) == before


def _state(project):
    docs = {}
    for doc_id in project.document_ids():
        d = project.document(doc_id)
        docs[doc_id] = (d.text, d.meta(), d.status, [
            (s.start, s.end, s.label, s.text, s.annotator, s.speaker, s.note)
            for s in project.spans(doc_id)])
    return docs


def test_offsets_are_code_points_in_every_format(tmp_path):
    """Read the exports with the json module: text[start:end] is the phrase."""
    with build(tmp_path) as origin:
        for fmt, name in (("jsonl", "a.jsonl"), ("doccano", "d.jsonl"), ("label-studio", "l.json")):
            export(origin, fmt, tmp_path / name)
    astral = [json.loads(l) for l in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()
              if '"astral"' in l][0]
    assert [(s["start"], s["end"]) for s in astral["spans"]] == [(5, 16), (21, 23)]
    assert [astral["text"][s["start"]:s["end"]] for s in astral["spans"]] == ["𠀀 character", "𠀁𠀂"]
    doccano = {o["id"]: o for o in map(json.loads, (tmp_path / "d.jsonl").read_text("utf-8").splitlines())}
    for doc_id, _text, spans in TRICKY:
        extra = [p for d, p in SECOND if d == doc_id]
        assert sorted(doccano[doc_id]["text"][s:e] for s, e, _ in doccano[doc_id]["label"]) == \
            sorted([p for p, *_ in spans] + extra)
    tasks = {t["data"]["id"]: t for t in json.loads((tmp_path / "l.json").read_text("utf-8"))}
    for r in tasks["emoji"]["annotations"][0]["result"]:
        v = r["value"]
        if r["type"] != "labels":                     # per-region text areas: speaker, note
            assert r["from_name"] in ("speaker", "note") and isinstance(v["text"], list)
            continue
        assert tasks["emoji"]["data"]["text"][v["start"]:v["end"]] == v["text"]


def test_crlf_source_is_exported_with_lf_and_offsets_on_the_stored_text(tmp_path):
    with build(tmp_path) as origin:
        export(origin, "brat", tmp_path / "b")
        export(origin, "jsonl", tmp_path / "a.jsonl")
    raw = (tmp_path / "b" / "crlf.txt").read_bytes()
    assert b"\r" not in raw and raw.decode() == CRLF_SOURCE.replace("\r\n", "\n")
    ann = (tmp_path / "b" / "crlf.ann").read_text("utf-8").splitlines()
    assert ann[0] == "T1\tclaim 33 50;51 72\tthe talks failed. The opposition denied"
    assert ann[1] == "#1\tAnnotatorNotes T1\tspeaker: minister | annotator: tester"
    line = [json.loads(l) for l in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()
            if '"crlf"' in l][0]
    assert line["spans"][0]["text"] == "the talks failed.\nThe opposition denied"
    assert line["meta"]["status"] == "done"
