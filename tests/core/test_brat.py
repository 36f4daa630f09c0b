"""brat standoff that brat's own parser accepts, read back with nothing lost: labels
as brat types, spans across lines as fragments, one note line per span, two
annotators' same span twice, and attribution corpora's E/R lines as speakers."""
from pathlib import Path

import pytest

from annotator import cli
from annotator.core.edits import Editor
from annotator.core.labels import SetLabels
from annotator.core.interchange import brat_standoff as standoff
from annotator.core.interchange.decoding import InputError
from annotator.core.interchange.exporting import export
from annotator.core.interchange.importing import import_paths
from annotator.core.model import Label
from annotator.core.store.project import Project

TEXT = "The minister said\nthe talks failed.\tCritics denied it."


def annotated(path: Path) -> Project:
    project = Project(path)
    import_paths(project, [_txt(path.parent / "src" / "doc.txt", TEXT)])
    labels = [*project.labels(), Label("cold war framing", "#123456", "w", "a frame", 99),
              Label("Zürich|x", "#abcdef", None, "", 100)]
    Editor(project, annotator="tester").run(SetLabels(tuple(labels)))
    start = TEXT.index("said")
    for who in ("alice", "bob"):           # the same span by two annotators
        Editor(project, annotator=who).add_span("doc", start, TEXT.index("failed") + 6, "claim",
                                                speaker="the minister",
                                                note="a\tb\nc | d \\ e ␤ \u2028 end")
    Editor(project, annotator="alice").add_span("doc", 0, 12, "cold war framing")
    Editor(project, annotator="alice").add_span("doc", 13, 17, "Zürich|x", note="speaker: x")
    return project


def _txt(path: Path, text: str) -> Path:
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_labels_notes_and_annotators_survive_a_round_trip(tmp_path):
    with annotated(tmp_path / "a.db") as origin:
        export(origin, "brat", tmp_path / "one")
        labels = [(l.name, l.colour, l.key, l.description) for l in origin.labels()]
    ann = (tmp_path / "one" / "doc.ann").read_text(encoding="utf-8").splitlines()
    types = [line.split("\t")[1].split(" ")[0] for line in ann if line.startswith("T")]
    assert types == ["cold_war_framing", "Z_rich_x", "claim", "claim"]
    assert ann[4] == "T3\tclaim 13 17;18 34\tsaid the talks failed"    # split at the break
    notes = [line for line in ann if line.startswith("#")]
    assert len(notes) == 4                                     # one note line per span
    assert "\t" not in notes[2].split("\t", 2)[2]              # the note's tab is escaped
    with Project(tmp_path / "b.db") as fresh:
        report = import_paths(fresh, [tmp_path / "one"], annotator="nobody")
        assert report.labels_added == ["cold war framing", "Zürich|x"]   # no --add-labels
        assert [(l.name, l.colour, l.key, l.description)          # colours, keys, order
                for l in fresh.labels()] == labels
        got = [(s.start, s.end, s.label, s.annotator, s.speaker, s.note)
               for s in fresh.spans("doc")]
        export(fresh, "brat", tmp_path / "two")
    note = "a\tb\nc | d \\ e ␤ \u2028 end"
    assert sorted(got) == sorted([
        (0, 12, "cold war framing", "alice", None, None),
        (13, 17, "Zürich|x", "alice", None, "speaker: x"),
        (13, 34, "claim", "alice", "the minister", note),
        (13, 34, "claim", "bob", "the minister", note)])
    for name in ("doc.ann", "doc.txt", "annotation.conf", "visual.conf"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_the_cli_count_is_the_count_in_the_files(tmp_path, capsys):
    annotated(tmp_path / "a.db").close()
    assert cli.main(["export", "--db", str(tmp_path / "a.db"), "--format", "brat",
                     "-o", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    written = sum(line.startswith("T") for line in
                  (tmp_path / "out" / "doc.ann").read_text(encoding="utf-8").splitlines())
    assert f"{written} span(s)" in printed and written == 4


@pytest.mark.parametrize("value", ["plain", "a | b", "back\\slash", "tab\there", "line\nbreak",
                                   "\u2424 and \u2409 signs", "cr\r\u2028\u0085", "\\| \\\\ |",
                                   "ends with \\", "speaker: inside"])
def test_note_form_is_reversible(value):
    line = standoff.note_text(value, value, "ann")
    assert not any(c in line for c in standoff.LINE_BREAKS + "\t")
    assert standoff.parse_note(line) == {"speaker": value, "note": value, "annotator": "ann"}


def test_someone_elses_note_is_kept_as_the_note():
    assert standoff.parse_note("speaker: x | who knows") == {"note": "speaker: x | who knows"}
    assert standoff.parse_note("Check this") == {"note": "Check this"}


def test_types_are_unique_and_brat_safe():
    types = standoff.brat_types(["a b", "a_b", "A-B", "1st", "ü", "claim"])
    assert types["a_b"] == "a_b" and types["claim"] == "claim" and types["A-B"] == "A-B"
    assert types["a b"] == "a_b_2" and types["1st"] == "L_1st" and types["ü"] == "label"
    assert len({t.lower() for t in types.values()}) == 6


def test_fragments_skip_every_line_break():
    text = "ab\n\ncd\u2028ef\n"
    assert standoff.fragments(text, 0, len(text)) == [(0, 2), (4, 6), (7, 9)]


POLNEAR = ("T10\tSource 0 12\tThe minister\n"
           "T11\tCue 13 17\tsaid\n"
           "T12\tContent 18 34\tthe talks failed\n"
           "T13\tAttribution 13 17\tsaid\n"
           "E4\tAttribution:T13 Content:T12 Cue:T11 Source:T10\n"
           "T14\tContent 36 53\tCritics denied it\n"
           "T15\tAttribution-no-source 36 43\tCritics\n"
           "E5\tAttribution-no-source:T15 Content:T14\n"
           "T16\tSource 36 43\tCritics\n"
           "T17\tQuote 44 50\tdenied\n"
           "R1\tSaidBy Arg1:T17 Arg2:T16\n"
           "A1\tFactual T12\n")


def test_attribution_events_give_content_its_speaker(project, tmp_path):
    folder = tmp_path / "polnear"
    _txt(folder / "a.txt", TEXT)
    (folder / "a.ann").write_text(POLNEAR, encoding="utf-8")
    report = import_paths(project, [folder], add_labels=True, annotator="x")
    got = {(s.label, s.text): s.speaker for s in project.spans("a")}
    assert got[("Content", "the talks failed")] == "The minister"
    assert got[("Quote", "denied")] == "Critics"                  # an R line, by its labels
    assert got[("Content", "Critics denied it")] is None           # no source: nothing mapped
    assert got[("Source", "The minister")] is None                 # the source stays a span
    assert any("2 E/R line(s) gave a content span" in w for w in report.warnings)
    assert any("skipped 1 A line" in w for w in report.warnings)
    assert any("skipped 1 E line" in w for w in report.warnings)


def test_discontinuous_fragments_apart_stay_apart_and_breaks_join(project, tmp_path):
    folder = tmp_path / "b"
    _txt(folder / "a.txt", TEXT)
    (folder / "a.ann").write_text("T1\tclaim 4 12;18 21\tminister the\n"
                                  "T2\tdenial 13 17;18 21\tsaid the\n", encoding="utf-8")
    report = import_paths(project, [folder], annotator="x")
    assert sorted((s.start, s.end) for s in project.spans("a")) == [(4, 12), (13, 21),
                                                                     (18, 21)]
    assert any("a.ann:1: discontinuous span imported as 2 spans" in w for w in report.warnings)


@pytest.mark.parametrize("line", ["T1\tclaim 4\tminister", "E1\tno colon here", "X1\tfoo",
                                  "T1\tclaim 4 12\tnot the text"])
def test_a_malformed_line_stops_the_import_at_its_line(project, tmp_path, dump, line):
    folder = tmp_path / "b"
    _txt(folder / "a.txt", TEXT)
    (folder / "a.ann").write_text(f"T9\tclaim 0 3\tThe\n{line}\n", encoding="utf-8")
    before = dump(project)
    with pytest.raises(InputError, match=r"a\.ann:2: "):
        import_paths(project, [folder], annotator="x")
    assert dump(project) == before
