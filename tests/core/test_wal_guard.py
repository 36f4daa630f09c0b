"""Defence in depth (issue 8): when another program deletes the live -wal under the
store (because something in this process dropped SQLite's locks), a change must not
be acknowledged unless it is in the project file."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core import Editor, Project, ProjectError
from annotator.core.interchange.importing import DocRecord, import_records

OTHER = """
import sys
from annotator.core import Editor, Project
p = Project(sys.argv[1])
if sys.argv[2] == "write":
    Editor(p, "other").add_span("doc", 0, 3, "denial")
p.close()
"""


def in_file(db) -> list[tuple]:
    """What another program sees in the file."""
    out = subprocess.run([sys.executable, "-c",
                          "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]);"
                          "print(c.execute('pragma integrity_check').fetchone()[0]);"
                          "[print(*r) for r in c.execute('select annotator, start, label "
                          "from spans order by id')]", str(db)],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "ok"
    return [tuple(line.split()) for line in out[1:] if line]


def drop_locks(db) -> None:
    """The hazard itself: this process opens and closes the project's files outside
    SQLite, which drops every POSIX lock SQLite holds on them."""
    for suffix in ("", "-wal", "-shm"):
        os.close(os.open(str(db) + suffix, os.O_RDONLY))


def other_program(db, what="read") -> None:
    subprocess.run([sys.executable, "-c", OTHER, str(db), what], check=True)


@pytest.fixture
def ours(tmp_path):
    db = tmp_path / "p.db"
    with Project(db) as p:
        import_records(p, [DocRecord("One two three. Four five six.", "t", id="doc")])
    p = Project(db)
    yield db, Editor(p, "ours")
    p.close()


@pytest.mark.parametrize("what", ["read", "write"])
def test_a_change_into_a_deleted_log_is_saved_again_before_it_is_acknowledged(ours, what):
    db, editor = ours
    editor.add_span("doc", 4, 7, "claim")
    drop_locks(db)
    other_program(db, what)
    assert not Path(f"{db}-wal").exists()      # the hazard happened: the live log is gone
    changes = editor.add_span("doc", 8, 13, "claim")
    assert changes.spans_added
    expected = [("ours", "4", "claim"), ("ours", "8", "claim")]
    if what == "write":
        expected.insert(1, ("other", "0", "denial"))
    assert in_file(db) == expected
    editor.add_span("doc", 15, 19, "claim")    # and editing goes on, saved
    assert in_file(db)[-1] == ("ours", "15", "claim")


def test_when_the_project_cannot_be_reopened_nothing_more_is_acknowledged(ours, monkeypatch):
    db, editor = ours
    editor.add_span("doc", 4, 7, "claim")
    drop_locks(db)
    other_program(db)

    def cannot(self):
        raise ProjectError("cannot reopen")
    monkeypatch.setattr(Project, "_connect", cannot)
    with pytest.raises(ProjectError, match="deleted or replaced.*NOT saved"):
        editor.add_span("doc", 8, 13, "claim")
    with pytest.raises(ProjectError, match="NOT saved"):
        editor.add_span("doc", 15, 19, "claim")
    assert in_file(db) == [("ours", "4", "claim")]


def test_an_idle_checkpoint_notices_a_replaced_log(ours):
    db, editor = ours
    editor.add_span("doc", 4, 7, "claim")
    drop_locks(db)
    other_program(db)
    with pytest.raises(ProjectError, match="write-ahead log"):
        editor.project.checkpoint()
    editor.project.reopen()
    editor.add_span("doc", 8, 13, "claim")
    assert [r[1] for r in in_file(db)] == ["4", "8"]


def test_idle_checkpoint_moves_the_log_into_the_file(ours):
    db, editor = ours
    editor.add_span("doc", 4, 7, "claim")
    editor.project.checkpoint()
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:            # the main file alone, ignoring the log, already holds the span
        assert conn.execute("select count(*) from spans").fetchone()[0] == 1
    finally:
        conn.close()
