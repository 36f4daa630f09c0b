"""The team commands end to end: brat folders imported per annotator, then agreement."""
import json

import pytest

from annotator.cli import main

TEXT = "The minister said no. Police denied it."
OTHER = "A second article, with one claim in it."


def brat(folder, anns: dict[str, str]):
    folder.mkdir()
    for name, lines in anns.items():
        (folder / f"{name}.txt").write_text({"a": TEXT, "b": OTHER}[name], encoding="utf-8")
        (folder / f"{name}.ann").write_text(lines, encoding="utf-8")
    return folder


@pytest.fixture
def team_db(tmp_path):
    db = tmp_path / "team.db"
    folders = {
        "ann": {"a": "T1\tclaim 0 21\tThe minister said no.\nT2\tdenial 22 39\tPolice denied it.\n",
                "b": "T1\tclaim 0 16\tA second article\n"},
        "bob": {"a": "T1\tclaim 0 21\tThe minister said no.\nT2\tdenial 22 39\tPolice denied it.\n",
                "b": "T1\tclaim 0 16\tA second article\n"},
        "carol": {"a": "T1\tclaim 0 21\tThe minister said no.\n",
                  "b": "T1\tclaim 0 16\tA second article\n"},
    }
    for who, anns in folders.items():
        assert main(["import", "--db", str(db), "--annotator", who, "-q",
                     str(brat(tmp_path / who, anns))]) == 0
    return db


def test_agreement_json_on_brat_imports_by_several_annotators(team_db, capsys):
    capsys.readouterr()
    assert main(["agreement", "--db", str(team_db), "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["annotators"] == ["ann", "bob", "carol"] and got["documents"] == 2
    assert got["labels"]["claim"] == {"alpha_u": 1.0, "f1_exact": 1.0, "f1_overlap": 1.0}
    denial = got["labels"]["denial"]
    assert denial["f1_exact"] == pytest.approx(1 / 3, abs=1e-6)     # 1, 0, 0 over the pairs
    assert denial["alpha_u"] < 1.0
    assert [(p["a"], p["b"]) for p in got["pairs"]] == [("ann", "bob"), ("ann", "carol"),
                                                        ("bob", "carol")]
    assert got["pairs"][0]["f1_exact"] == 1.0
    assert set(got["overall"]) == {"alpha_u_micro", "alpha_u_macro", "f1_exact", "f1_overlap"}


def test_agreement_choices_and_file_output(team_db, tmp_path, capsys):
    out = tmp_path / "fig.csv"
    assert main(["agreement", "--db", str(team_db), "--annotators", "ann", "bob",
                 "--label", "denial", "--format", "csv", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "carol" not in text and "claim" not in text and "denial" in text
    assert main(["agreement", "--db", str(team_db), "--annotators", "ann", "zed"]) == 1
    assert "no annotator 'zed'" in capsys.readouterr().err
    assert main(["agreement", "--db", str(team_db), "--annotators", "ann"]) == 1
    assert "at least two annotators" in capsys.readouterr().err
    assert main(["agreement", "--db", str(team_db), "--doc", "nope"]) == 1
    assert "no document 'nope'" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == text          # failures wrote nothing


def test_export_and_compare_take_annotator(team_db, tmp_path):
    out = tmp_path / "carol.jsonl"
    assert main(["export", "--db", str(team_db), "--annotator", "carol", "-o", str(out)]) == 0
    spans = [s for line in out.read_text().splitlines() for s in json.loads(line)["spans"]]
    assert {s["annotator"] for s in spans} == {"carol"} and len(spans) == 2
    ids = {json.loads(line)["id"] for line in out.read_text().splitlines()}
    for who, denials in (("carol", 0), ("ann", 1)):
        report = tmp_path / f"{who}.csv"
        assert main(["compare", "--db", str(team_db), *(f"--doc={i}" for i in sorted(ids)),
                     "--annotator", who, "--format", "csv", "-o", str(report)]) == 0
        assert report.read_text().count("denial") >= denials
        if not denials:
            assert "denial" not in report.read_text()
    assert main(["compare", "--db", str(team_db), "--doc", sorted(ids)[0],
                 "--annotator", "zed"]) == 1
