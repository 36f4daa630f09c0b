"""Acceptance checks of the CLI as a user runs it (real subprocesses): a locked
project, a file from a newer annotator, and piping output into `head`."""
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

BIN = [sys.executable, "-m", "annotator"]
ROOT = Path(__file__).resolve().parents[2]


def cli(*args, **kw):
    return subprocess.run([*BIN, *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, **kw)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The sample corpus imported by the CLI, once per module (and xdist worker)."""
    path = tmp_path_factory.mktemp("acceptance") / "acc.db"
    assert cli("import", "sample_corpus", "--db", path, "--quiet").returncode == 0
    assert not path.with_name("acc.db-wal").exists()      # all of it is in the one file
    return path


@pytest.fixture
def db(imported, tmp_path):
    """A copy of the imported project for each test."""
    path = tmp_path / "acc.db"
    shutil.copyfile(imported, path)
    return path


def counts(path):
    c = sqlite3.connect(path)
    try:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("documents", "spans", "labels"))
    finally:
        c.close()


# The CLI with a 0.2 s busy timeout instead of 5 s: the same failure, sooner.
IMPATIENT = [sys.executable, "-c", "import sys; import annotator.core.store.project as p; "
             "assert p.BUSY_TIMEOUT_MS; p.BUSY_TIMEOUT_MS = 200; "
             "from annotator.cli import main; sys.exit(main())"]


def test_write_to_a_locked_project_is_one_line_and_changes_nothing(db, tmp_path):
    new = tmp_path / "new.txt"
    new.write_text("A new article, never seen.\n")
    before = counts(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        out = subprocess.run([*IMPATIENT, "import", new, "--db", db], capture_output=True,
                             text=True, timeout=120, cwd=ROOT)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "locked" in lines[0]
    assert counts(db) == before
    assert cli("import", new, "--db", db).returncode == 0      # and it works once free
    assert counts(db)[0] == before[0] + 1


@pytest.mark.parametrize("command", [["list"], ["import", "sample_corpus"], ["stats"],
                                     ["labels", "--load", "resources/labels.json"]])
def test_newer_schema_is_refused_by_every_command_and_file_untouched(db, command):
    c = sqlite3.connect(db)
    c.execute("PRAGMA user_version = 99")
    c.commit()
    c.close()
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    out = cli(*command, "--db", db)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "newer" in lines[0], out.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def _into_closed_pipe(*args):
    """stdout whose reader is gone, as after `| head -1` has read its line."""
    r, w = os.pipe()
    os.close(r)
    try:
        return subprocess.run([*BIN, *map(str, args)], stdout=w, stderr=subprocess.PIPE,
                              text=True, timeout=120, cwd=ROOT)
    finally:
        os.close(w)


def _stopped_quietly(out) -> None:
    """Exit 0 and nothing on stderr: no 'Broken pipe' error line, no traceback, no
    'Exception ignored' message from the interpreter's exit flush."""
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and "error" not in out.stderr.lower(), out.stderr
    assert out.stderr.strip() == "", out.stderr


def test_export_to_a_closed_stdout_stops_quietly(db):
    _stopped_quietly(_into_closed_pipe("export", "-o", "-", "--db", db))


@pytest.mark.parametrize("command", [["stats"], ["list"],
                                     ["compare", "--event", "nato-sg-response-2025-06"]])
def test_reading_commands_into_a_closed_stdout_stop_quietly(db, command):
    _stopped_quietly(_into_closed_pipe(*command, "--db", db))


@pytest.mark.parametrize("flag", ["--event", "--outlet"])
def test_export_filter_matching_nothing_keeps_the_earlier_file(db, tmp_path, flag):
    out = tmp_path / "results.jsonl"
    assert cli("export", "-o", out, "--db", db).returncode == 0
    good = out.read_bytes()
    assert good
    run = cli("export", "-o", out, flag, "nato-sg-respons-2025-06", "--db", db)
    assert out.read_bytes() == good
    assert run.returncode != 0 and len(run.stderr.strip().splitlines()) == 1
