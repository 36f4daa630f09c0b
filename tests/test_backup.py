"""Backups, restore and damaged projects (issue 8), through the CLI and the core."""
import hashlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core import Editor, Project, ProjectError, resources
from annotator.core.interchange.importing import import_paths
from annotator.core.store import backup
from helpers.project import dump_file as dump
from helpers.project import run_cli as run

SAMPLE = str(resources.sample_corpus_dir())


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env-default.db"))
    monkeypatch.setenv(backup.ENV_BACKUPS, str(tmp_path / "backups"))


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "p.db"
    with Project(path) as p:
        import_paths(p, [SAMPLE])
        Editor(p, "t").add_span(p.document_ids()[0], 0, 5, "claim")
    return path


def damage(path: Path, page: int = 7) -> None:
    with open(path, "r+b") as f:           # a page in the middle, the header intact
        f.seek(4096 * (page - 1))
        f.write(b"\xff" * 4096)


def test_backup_then_restore_brings_back_the_content(db, capsys):
    saved = dump(db)
    code, out, _ = run(capsys, "backup", "--db", db)
    assert code == 0 and "backed up" in out
    with Project(db) as p:
        Editor(p, "t").add_span(p.document_ids()[1], 0, 4, "denial")
    assert dump(db) != saved
    code, out, _ = run(capsys, "restore", "--db", db)
    assert code == 0 and "1 backup(s)" in out
    code, out, _ = run(capsys, "restore", "--db", db, "1")
    assert code == 0 and "restored" in out
    assert dump(db) == saved
    with Project(db) as p:
        assert p.integrity_check() == "ok"
    assert len(backup.backups(db)) == 2           # the state before the restore is kept


def test_backup_to_a_file_is_a_whole_single_file_project(db, tmp_path, capsys):
    out = tmp_path / "copy.db"
    assert run(capsys, "backup", "--db", db, "-o", out)[0] == 0
    assert not Path(f"{out}-wal").exists() and dump(out) == dump(db)


def test_only_the_last_five_are_kept(db):
    made = [backup.make_backup(db) for _ in range(7)]
    kept = [b.path for b in backup.backups(db)]
    assert kept == sorted(made, reverse=True)[:5]


def test_restore_is_refused_while_the_project_is_open_elsewhere(db, capsys):
    backup.make_backup(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys,time; from annotator.core import Project; "
         "p=Project(sys.argv[1]); p.labels(); print('open', flush=True); time.sleep(60)",
         str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with Project(db) as p:
            Editor(p, "t").add_span(p.document_ids()[2], 0, 4, "denial")
        before = dump(db)
        code, _, err = run(capsys, "restore", "--db", db, "1")
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and "open in another program" in err and err.count("\n") == 1
    assert dump(db) == before


def test_a_damaged_project_is_noticed_on_open_and_left_as_it_is(db, tmp_path, capsys):
    backup.make_backup(db)
    damage(db)                             # an index that listing does not read
    before = sha(db)
    out = tmp_path / "out.jsonl"
    for argv in (["import", SAMPLE], ["export", "-o", out], ["compare"]):
        code, _, err = run(capsys, *argv, "--db", db)
        assert code == 1 and "is damaged" in err and "annotator restore" in err, err
        assert err.count("\n") == 1 and "internal error" not in err
    assert sha(db) == before and not out.exists()
    code, out, _ = run(capsys, "restore", "--db", db, "1")
    assert code == 0
    with Project(db) as p:
        assert p.integrity_check() == "ok" and p.span_count() == 1


def test_listing_skips_the_whole_file_check_but_reports_damage_it_reads(db, capsys):
    """list and stats only show what they read (no 0.25 s quick_check on 20,000
    articles): right output while the damage is elsewhere, one clear message when
    they read it."""
    documents = len(dump(db)["documents"])
    damage(db)                             # the documents' id index: not read by list
    code, out, _ = run(capsys, "list", "--db", db)
    assert code == 0 and out.endswith(f"\n{documents} document(s)\n")
    conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()
    conn.close()
    damage(db, page=root)
    before = sha(db)
    for argv in (["list"], ["stats"]):
        code, _, err = run(capsys, *argv, "--db", db)
        assert code == 1 and "is damaged" in err and "annotator restore" in err, err
        assert err.count("\n") == 1 and "internal error" not in err
    assert sha(db) == before


def test_background_check_refuses_the_first_write_of_a_damaged_project(db):
    damage(db)
    project = Project(db, check="background")
    try:
        with pytest.raises(ProjectError, match="is damaged"):
            Editor(project, "t").add_span("001", 0, 3, "claim")
        while project.checking:
            time.sleep(0.01)
        assert project.damaged and "is damaged" in project.damaged
    finally:
        project.close()


def test_a_backup_of_an_open_project_holds_every_committed_edit(db):
    with Project(db) as p:                 # as the window: open, editing
        editor = Editor(p, "t")
        editor.add_span(p.document_ids()[1], 0, 4, "denial")
        runner = backup.Backups(p)
        assert runner.start()
        runner.wait(30)
        assert runner.error is None
        editor.add_span(p.document_ids()[1], 5, 9, "denial")
    (newest, *_) = backup.backups(db)
    assert len(dump(newest.path)["spans"]) == 2


def test_edits_made_during_a_paced_backup_are_in_it(db):
    with Project(db) as p:                 # the window's way: its own connection, in steps
        runner = backup.Backups(p, pages=1, pause_s=0.02)
        assert runner.start()
        Editor(p, "t").add_span(p.document_ids()[1], 0, 4, "denial")
        assert runner.running()            # the edit landed mid-backup, not after it
        runner.wait(60)
        assert runner.error is None
    (newest,) = backup.backups(db)
    assert dump(newest.path) == dump(db)


def test_closing_the_project_stops_a_running_backup_cleanly(db):
    p = Project(db)
    runner = backup.Backups(p, pages=1, pause_s=0.02)
    assert runner.start()
    p.close()                              # the window switches project mid-backup
    assert not runner.running()
    assert backup.backups(db) == []
    assert not list(backup.backup_folder(db).glob(".*.tmp"))
