"""Issue 8's lock hazard, end to end: a file dialog that lists the project's folder
must not cost the window its SQLite locks, so another program reading (or writing)
the project cannot delete the live write-ahead log under it. Every span the window
acknowledged must be in the file after the window is killed."""
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

WORKER = Path(__file__).resolve().parent / "lock_worker.py"


def stored_span_ids(db) -> set[int]:
    # A plain read-only look at the file, after the window's process is dead.
    conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM spans")}
    finally:
        conn.close()


def other_program(kind: str, db: Path, tmp_path: Path) -> list[str]:
    if kind == "list":
        return ["list", "--db", str(db)]
    extra = tmp_path / "extra.txt"
    extra.write_text("Another article, imported by a second program.", encoding="utf-8")
    return ["import", "--db", str(db), str(extra)]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kind", ["list", "import"])
def test_a_file_dialog_on_the_project_folder_loses_no_acknowledged_tag(tmp_path, kind):
    folder = tmp_path / "proj"
    folder.mkdir()
    db = folder / "project.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1",
           "ANNOTATOR_SETTINGS": str(tmp_path / "settings.ini")}
    proc = subprocess.Popen([sys.executable, str(WORKER), str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)
    acked, lines = [], []
    try:
        assert proc.stdout.readline().strip() == "cancelled"
        before = stored_span_ids(db)
        done = subprocess.run([sys.executable, "-m", "annotator",
                               *other_program(kind, db, tmp_path)],
                              env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        proc.stdin.write("go\n")
        proc.stdin.flush()
        while (line := proc.stdout.readline().strip()) != "tagged":
            assert line, "worker stopped early"
            lines.append(line)
            if line.isdigit():
                acked.append(int(line))
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert before == set()
    assert acked, f"the window acknowledged no tag: {lines}"
    stored = stored_span_ids(db)
    assert set(acked) <= stored, f"acknowledged {sorted(acked)}, in the file {sorted(stored)}"
