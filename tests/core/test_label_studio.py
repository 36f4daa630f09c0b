"""Label Studio: one annotation per annotator, completed_by mapped both ways, speaker
and note as per-region text areas, the labelling config beside the export, JSON_MIN
and a file of any name read with --format label-studio."""
import json
import xml.etree.ElementTree as ET

import pytest

from annotator.core.edits import Editor
from annotator.core.interchange.exporting import export
from annotator.core.interchange.formats import label_studio as ls
from annotator.core.interchange.importing import import_paths
from annotator.core.labels import SetLabels
from annotator.core.model import Label
from annotator.core.store.project import Project

TEXT = "The minister said\nthe talks failed. Critics denied it."


def build(path):
    project = Project(path)
    src = path.parent / "doc.txt"
    src.write_text(TEXT, encoding="utf-8")
    import_paths(project, [src])
    labels = [*project.labels(), Label("cold war framing", "#123456", "w", "a frame", 9)]
    Editor(project, annotator="x").run(SetLabels(tuple(labels)))
    for who in ("alice", "Anna Müller.x@home"):           # same span, two annotators
        Editor(project, annotator=who).add_span("doc", 13, 34, "claim", speaker="the minister",
                                                note="first\nsecond")
    Editor(project, annotator="alice").add_span("doc", 0, 12, "cold war framing")
    return project


def test_one_annotation_per_annotator_and_a_lossless_round_trip(tmp_path):
    (tmp_path / "a").mkdir()
    with build(tmp_path / "a" / "a.db") as origin:
        report = export(origin, "label-studio", tmp_path / "one.json")
        labels = [(l.name, l.colour, l.key, l.description) for l in origin.labels()]
    assert report.spans == 3 and report.sidecars == [str(tmp_path / "one.label_config.xml")]
    (task,) = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    by = {a["completed_by"]["email"]: a["result"] for a in task["annotations"]}
    assert sorted(by) == ["Anna%20M%C3%BCller%2Ex%40home@annotator.local",
                          "alice@annotator.local"]
    assert sum(r["type"] == "labels" for rs in by.values() for r in rs) == report.spans
    speaker = [r for r in by["alice@annotator.local"] if r["from_name"] == "speaker"][0]
    labelled = [r for r in by["alice@annotator.local"] if r["value"].get("labels") == ["claim"]]
    assert speaker["id"] == labelled[0]["id"] and speaker["value"]["text"] == ["the minister"]
    with Project(tmp_path / "b.db") as fresh:
        import_paths(fresh, [tmp_path / "one.json"], annotator="nobody")
        assert [(l.name, l.colour, l.key, l.description) for l in fresh.labels()] == labels
        got = sorted((s.start, s.end, s.label, s.annotator, s.speaker, s.note)
                     for s in fresh.spans("doc"))
        export(fresh, "label-studio", tmp_path / "two.json")
    assert got == [(0, 12, "cold war framing", "alice", None, None),
                   (13, 34, "claim", "Anna Müller.x@home", "the minister", "first\nsecond"),
                   (13, 34, "claim", "alice", "the minister", "first\nsecond")]
    for a, b in (("one.json", "two.json"), ("one.label_config.xml", "two.label_config.xml")):
        assert (tmp_path / a).read_bytes() == (tmp_path / b).read_bytes()


def test_labelling_config_declares_labels_and_per_region_text_areas(tmp_path):
    (tmp_path / "a").mkdir()
    with build(tmp_path / "a" / "a.db") as origin:
        export(origin, "label-studio", tmp_path / "x.label-studio.json")
    root = ET.parse(tmp_path / "x.label-studio.label_config.xml").getroot()
    labels = {l.get("value"): l.attrib for l in root.iter("Label")}
    assert labels["cold war framing"] == {"value": "cold war framing", "background": "#123456",
                                          "hotkey": "w", "hint": "a frame"}
    (text,) = root.iter("Text")
    assert text.get("value") == "$text"
    areas = {a.get("name"): a.attrib for a in root.iter("TextArea")}
    assert areas["speaker"]["perRegion"] == areas["note"]["perRegion"] == "true"


@pytest.mark.parametrize("who, expected", [
    (7, "label-studio-user-7"), ({"id": 3, "email": "ann@paper.org"}, "ann@paper.org"),
    ({"id": 3}, "label-studio-user-3"), ("ann@paper.org", "ann@paper.org"),
    (ls.email("Zoë O'Neil. Jr"), "Zoë O'Neil. Jr"), (None, None)])
def test_completed_by_as_label_studio_writes_it(who, expected):
    assert ls.annotator_of(who) == expected


def task(**annotation):
    return {"id": 41, "data": {"text": TEXT},
            "annotations": [{"result": [
                {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 4, "end": 12, "text": "minister", "labels": ["claim"]},
                 "meta": {"text": ["a region note"]}}], **annotation}]}


def test_integer_user_id_and_region_meta(project, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task(completed_by=12)]), encoding="utf-8")
    import_paths(project, [path], annotator="me")
    (span,) = project.spans("task-41")
    assert (span.annotator, span.note, span.text) == ("label-studio-user-12", "a region note",
                                                      "minister")


def test_a_file_of_another_name_with_format_label_studio(project, tmp_path):
    path = tmp_path / "project-3-at-2024.txt"
    path.write_text(json.dumps([task(completed_by={"email": "a@b.c"})], indent=2),
                    encoding="utf-8")
    import_paths(project, [path], fmt="label-studio", annotator="me")
    assert [s.annotator for s in project.spans("task-41")] == ["a@b.c"]


def test_json_min_export_is_read(project, tmp_path):
    rows = [{"id": 5, "text": TEXT, "outlet": "Paper", "annotator": "ann@paper.org",
             "annotation_id": 9, "created_at": "2024-01-01T00:00:00Z", "lead_time": 3.2,
             "label": [{"start": 4, "end": 12, "text": "minister", "labels": ["claim"]},
                       {"start": 36, "end": 43, "text": "Critics", "labels": ["denial"]}]}]
    path = tmp_path / "min.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    import_paths(project, [path], annotator="me")                 # auto-detected
    doc = project.document("task-5")
    assert doc.outlet == "Paper"
    assert [(s.start, s.end, s.label, s.annotator) for s in project.spans("task-5")] == [
        (4, 12, "claim", "ann@paper.org"), (36, 43, "denial", "ann@paper.org")]
