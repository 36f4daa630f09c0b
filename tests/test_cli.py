"""The command line, in-process through cli.main() and once as `python -m annotator`."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import cli
from annotator.core import Editor, Project, resources
from helpers.project import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(resources.sample_corpus_dir())


@pytest.fixture(autouse=True)
def _no_real_user_data(tmp_path, monkeypatch):
    # Never touch the real default project, even if a test forgets --db.
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env-default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def one_line_error(code, err):
    assert code != 0
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error: "), err
    return lines[0]


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "x.db"
    code, out, _ = run(capsys, "import", SAMPLE, "--db", path)
    assert code == 0 and out.strip() == "imported 5 document(s)"
    return path


def test_import_then_list_shows_the_manifest(db, capsys):
    code, out, _ = run(capsys, "list", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "event", "outlet", "status", "spans", "published", "title"]
    rows = lines[2:-1]
    assert len(rows) == 5 and lines[-1] == "5 document(s)"
    assert {r.split()[1] for r in rows} == {"nato-sg-response-2025-06",
                                            "vilnius-communique-2023-07"}
    first = next(r for r in rows if r.startswith("000"))
    # 000 has no headline: listed under its first words
    assert "The Diplomatic Insight" in first and "Beijing (TDI): China on Thursday" in first
    second = next(r for r in rows if r.startswith("001"))
    assert "unknown outlet (001)" in second and "Beijing Accuses NATO of Stirring" in second
    last = next(r for r in rows if r.startswith("004"))
    assert "July 12, 2023" in last and "unknown outlet (004)" in last


def test_import_again_skips_and_options_before_the_command(db, capsys, tmp_path):
    code, out, err = run(capsys, "--db", db, "import", SAMPLE)
    assert code == 0 and "imported 0 document(s), skipped 5 already in the project" in out
    assert not (tmp_path / "env-default.db").exists()     # --db before the command counts
    assert err.count("skipped") == 5
    code, out, _ = run(capsys, "--db", db, "list", "--event", "vilnius-communique-2023-07")
    assert code == 0 and out.splitlines()[-1] == "2 document(s)"
    code, out, _ = run(capsys, "list", "--db", db, "--search", "Rutte")
    assert out.splitlines()[-1] == "3 document(s)"


def test_import_with_outlet_and_event(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("An article.", encoding="utf-8")
    code, _, _ = run(capsys, "import", tmp_path / "a.txt", "--db", tmp_path / "p.db",
                     "--outlet", "Daily", "--event", "e1")
    assert code == 0
    with Project(tmp_path / "p.db") as p:
        assert (p.document("a").outlet, p.document("a").event) == ("Daily", "e1")


def test_stats(db, capsys):
    with Project(db) as p:
        ed = Editor(p, "alice")
        ed.add_span("000", 0, 5, "claim")
        ed.add_span("000", 6, 10, "claim")
        ed.add_span("003", 0, 5, "denial")
    code, out, _ = run(capsys, "stats", "--db", db)
    assert code == 0
    assert out.startswith("5 documents, 3 spans")
    assert re.search(r"^claim\s+2$", out, re.M) and re.search(r"^denial\s+1$", out, re.M)
    assert re.search(r"^The Diplomatic Insight\s+1\s+2$", out, re.M)
    assert re.search(r"^alice\s+3\s+2$", out, re.M)


def test_stats_outlets_gives_the_per_outlet_profiles(db, capsys):
    """`stats --outlets`: outlet_summary's figures (counts, share, rate, position)."""
    with Project(db) as p:
        text = p.document("001").text
        ed = Editor(p, "alice")
        ed.add_span("001", 0, 7, "claim")                        # headline "Beijing"
        start = text.index("China has issued")
        ed.add_span("001", start, start + 16, "claim")           # in the lead
        ed.add_span("003", 0, 5, "denial")
    code, out, _ = run(capsys, "stats", "--outlets", "--db", db)
    assert code == 0 and out.startswith("5 outlets")
    row = next(line for line in out.splitlines() if line.startswith("unknown outlet (001)"))
    words = len(text.split())
    assert f"2 ({100 * 23 / len(text):.1f}%, {2000 / words:.1f})" in row
    assert re.search(r"^unknown outlet \(001\)\s+1/1/0\s+0/0/0", out, re.M)   # headline/lead
    code, out, _ = run(capsys, "stats", "--outlets", "--event", "vilnius-communique-2023-07",
                       "--db", db)
    assert out.startswith("2 outlets") and "unknown outlet (003)" in out
    assert "The Diplomatic Insight" not in out


def test_labels_show_and_load(db, tmp_path, capsys):
    code, out, _ = run(capsys, "labels", "--db", db)
    assert code == 0 and re.search(r"^1\s+c\s+claim\s+#ffd54f", out, re.M)
    js = tmp_path / "l.json"
    js.write_text(json.dumps([{"name": "claim", "colour": "#ff0000", "key": "C"},
                              {"name": "denial", "color": "#00ff00"},
                              {"name": "accusation"}, {"name": "background"},
                              {"name": "quote", "key": "q"}]), encoding="utf-8")
    code, out, _ = run(capsys, "labels", "--db", db, "--load", js)
    assert code == 0 and "loaded 5 label(s)" in out and re.search(r"^5\s+q\s+quote", out, re.M)
    toml = tmp_path / "l.toml"
    toml.write_text('[[labels]]\nname = "claim"\ncolour = "#123456"\nkey = "x"\n'
                    '[[labels]]\nname = "denial"\n[[labels]]\nname = "accusation"\n'
                    '[[labels]]\nname = "background"\n', encoding="utf-8")
    code, out, _ = run(capsys, "labels", "--db", db, "--load", toml)
    assert code == 0
    with Project(db) as p:
        assert [(l.name, l.key) for l in p.labels()][0] == ("claim", "x")
        assert "quote" not in {l.name for l in p.labels()}


@pytest.mark.parametrize("content, suffix, message", [
    ("{not json", ".json", r"l\.json: malformed JSON"),
    ("name = [", ".toml", r"l\.toml: malformed TOML"),
    ('[{"name": "a", "key": "ab"}]', ".json", r"key must be one letter"),
    ('[{"name": "a", "colour": "red"}]', ".json", r"colour must be like"),
    ('[{"name": "a", "colour": "#zz;a:b"}]', ".json", r"colour must be like"),
    ('[{"name": "a"}, {"name": "a"}]', ".json", r"listed twice"),
    ("[]", ".json", r"non-empty list"),
])
def test_bad_label_file_is_one_line(db, tmp_path, capsys, content, suffix, message):
    path = tmp_path / f"l{suffix}"
    path.write_text(content, encoding="utf-8")
    with Project(db) as p:
        before = p.labels()
    code, _, err = run(capsys, "labels", "--db", db, "--load", path)
    assert code == 1 and re.search(message, one_line_error(code, err))
    with Project(db) as p:
        assert p.labels() == before


def test_label_set_must_keep_used_labels(db, tmp_path, capsys):
    with Project(db) as p:
        Editor(p, "a").add_span("000", 0, 5, "background")
    path = tmp_path / "l.json"
    path.write_text('[{"name": "claim"}]', encoding="utf-8")
    code, _, err = run(capsys, "labels", "--db", db, "--load", path)
    assert "leaves out background" in one_line_error(code, err)


@pytest.mark.parametrize("argv, message", [
    (["import", "{tmp}/nope.txt"], r"nope\.txt: no such file or folder"),
    (["import", "{tmp}/empty.txt"], r"empty\.txt: empty file"),
    (["list", "--db", "{tmp}/missing.db"], r"missing\.db: no such project file"),
    (["labels", "--db", "{tmp}/missing.db"], r"missing\.db: no such project file"),
    (["stats", "--db", "{tmp}/garbage.db"], r"garbage\.db: not an annotator project"),
])
def test_errors_are_one_line_without_traceback(tmp_path, capsys, argv, message):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbage.db").write_bytes(b"\x01\x02 not a database " * 100)
    argv = [a.format(tmp=tmp_path) for a in argv]
    if "--db" not in argv:
        argv += ["--db", str(tmp_path / "p.db")]
    code, _, err = run(capsys, *argv)
    assert code == 1 and re.search(message, one_line_error(code, err))
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(tmp_path, where):
    argv = ["import", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "p.db")]
    argv = ["--debug", *argv] if where == "before" else [*argv, "--debug"]
    with pytest.raises(Exception, match="no such file or folder"):
        cli.main(argv)


def test_default_project_from_env_is_seeded_once(tmp_path, capsys, monkeypatch):
    path = tmp_path / "sub" / "default.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(path))
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.splitlines()[-1] == "5 document(s)"
    assert path.exists()
    code, out, _ = run(capsys, "stats")
    assert out.startswith("5 documents, 0 spans")


def test_default_project_lives_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    path = cli.default_db_path()
    assert path.name == "project.db" and "annotator" in path.parts
    if sys.platform.startswith("linux"):
        assert path.is_relative_to(tmp_path / "data")


def test_readme_lists_every_subcommand():
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    commands = sorted(sub.choices)
    assert {"import", "list", "stats", "labels"} <= set(commands)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in commands if f"annotator {c}" not in readme]
    assert not missing, f"README.md does not mention: {missing}"


def _subprocess(*argv, env=None):
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, argv)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_python_dash_m(tmp_path):
    db = tmp_path / "m.db"
    out = _subprocess("import", SAMPLE, "--db", db)
    assert out.returncode == 0 and "imported 5 document(s)" in out.stdout
    out = _subprocess("list", "--db", db)
    assert out.returncode == 0 and out.stdout.splitlines()[-1] == "5 document(s)"
    bad = _subprocess("import", tmp_path / "nope.txt", "--db", db)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and "nope.txt" in bad.stderr
    debug = _subprocess("import", tmp_path / "nope.txt", "--db", db, "--debug")
    assert debug.returncode != 0 and "Traceback" in debug.stderr
    assert _subprocess("--version").stdout.startswith("annotator ")
