"""The project file rules (issue 8): commands that only read never create or change
a file, and say plainly when the file is missing, empty or in a read-only folder."""
import contextlib
import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from annotator.core import Editor, Project, ProjectError, resources
from helpers.project import run_cli as run

SAMPLE = str(resources.sample_corpus_dir())
READERS = [["list"], ["stats"], ["labels"], ["compare", "--event", "x"],
           ["export", "-o", "-"]]


@pytest.fixture(autouse=True)
def _no_real_user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env-default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def folder_state(folder: Path) -> dict:
    """Every file in the folder with its sha256: what "nothing was written" means."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def project_db(tmp_path, capsys):
    folder = tmp_path / "proj"
    folder.mkdir()
    db = folder / "p.db"
    assert run(capsys, "import", SAMPLE, "--db", db, "-q")[0] == 0
    with Project(db) as p:
        Editor(p, "t").add_span(p.document_ids()[0], 0, 5, "claim")
    return db


@pytest.mark.parametrize("argv", READERS, ids=lambda a: a[0])
def test_a_reading_command_never_creates_a_missing_project(tmp_path, capsys, argv):
    db = tmp_path / "typo.db"
    code, _, err = run(capsys, *argv, "--db", db)
    assert code == 1 and "no such project file" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", READERS, ids=lambda a: a[0])
def test_a_reading_command_refuses_an_empty_file_and_leaves_it_empty(tmp_path, capsys, argv):
    db = tmp_path / "empty.db"
    db.touch()
    code, _, err = run(capsys, *argv, "--db", db)
    assert code == 1 and "empty file" in err
    assert folder_state(tmp_path) == {"empty.db": hashlib.sha256(b"").hexdigest()}


@pytest.mark.parametrize("argv", READERS, ids=lambda a: a[0])
def test_a_reading_command_writes_no_byte_and_no_side_file(project_db, capsys, argv):
    before = folder_state(project_db.parent)
    code, _, err = run(capsys, *argv, "--db", project_db)
    assert code == 0 or "no documents" in err or "event" in err, err
    assert folder_state(project_db.parent) == before


def test_a_reading_command_reads_while_the_window_has_the_project_open(project_db, capsys):
    with Project(project_db) as window:
        Editor(window, "w").add_span(window.document_ids()[0], 6, 9, "claim")
        code, out, _ = run(capsys, "stats", "--db", project_db)
    assert code == 0 and "2 spans" in out


def test_a_writing_command_may_create_its_project(tmp_path, capsys):
    db = tmp_path / "new.db"
    assert run(capsys, "import", SAMPLE, "--db", db, "-q")[0] == 0
    assert run(capsys, "list", "--db", db)[1].splitlines()[-1] == "5 document(s)"


def test_an_older_project_is_not_upgraded_by_a_reading_command(project_db, capsys):
    import sqlite3
    conn = sqlite3.connect(project_db)
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    before = folder_state(project_db.parent)
    code, _, err = run(capsys, "list", "--db", project_db)
    assert code == 1 and "older annotator" in err and "upgrade" in err
    assert folder_state(project_db.parent) == before


@contextlib.contextmanager
def read_only(folder: Path):
    """The folder made read-only for real: a read-only bind mount when running as root
    (root ignores permission bits), chmod otherwise."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)],
                             capture_output=True).returncode == 0
    if mounted and subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)],
                                  capture_output=True).returncode == 0:
        try:
            yield
        finally:
            subprocess.run(["umount", str(folder)], check=True)
        return
    if mounted:
        subprocess.run(["umount", str(folder)], check=True)
    pytest.skip("cannot make a read-only folder here (root without mount)")


def test_a_read_only_folder_is_named_and_reading_still_works(project_db, capsys):
    before = folder_state(project_db.parent)
    with read_only(project_db.parent):
        code, out, _ = run(capsys, "list", "--db", project_db)
        assert code == 0 and out.splitlines()[-1] == "5 document(s)"
        code, _, err = run(capsys, "import", SAMPLE, "--db", project_db)
        assert code == 1 and "is read-only" in err and str(project_db.parent) in err
        with pytest.raises(ProjectError, match="read-only"):
            Project(project_db)
    assert folder_state(project_db.parent) == before
