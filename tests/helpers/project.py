"""A project file's whole content, to prove a refused action changed nothing, the
CLI run in-process, and copies of prepared project files: one definition for every test."""
import shutil
import sqlite3
import uuid
from pathlib import Path

from annotator import cli


def dump_connection(conn) -> dict:
    """Every row of every table (FTS shadow tables included), the schema and its version."""
    out = {"user_version": conn.execute("PRAGMA user_version").fetchone()[0]}
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for name in tables:
        out[name] = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
    out["schema"] = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"),
                           key=repr)
    return out


def dump_file(path) -> dict:
    """dump_connection of a project file, read through a read-only connection of its own."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return dump_connection(conn)
    finally:
        conn.close()


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """`annotator ARGV...` in this process: exit code, stdout, stderr."""
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def copy_project(template, dest) -> Path:
    """`template` (a closed project file, its log folded in) copied to `dest` as a project
    of its own: a new project id, as a freshly created file would have."""
    dest = Path(dest)
    assert not Path(f"{template}-wal").exists()
    shutil.copyfile(template, dest)
    conn = sqlite3.connect(dest)
    try:
        with conn:
            conn.execute("UPDATE project_info SET value = ? WHERE key = 'project_id'",
                         (str(uuid.uuid4()),))
    finally:
        conn.close()
    return dest
