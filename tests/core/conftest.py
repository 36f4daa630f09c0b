"""Helpers for the core tests: a full dump of a project, to prove nothing changed."""
import pytest


def dump_project(project) -> dict:
    """Every row of every table (FTS shadow tables included) and the schema version."""
    conn = project.conn
    out = {"user_version": conn.execute("PRAGMA user_version").fetchone()[0]}
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for name in tables:
        rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
        out[name] = sorted(rows, key=repr)
    out["schema"] = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"),
                           key=repr)
    return out


@pytest.fixture
def dump():
    return dump_project
