"""Nothing is lost: a program killed mid-burst keeps every edit it acknowledged."""
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core import Project

WORKER = Path(__file__).resolve().parent.parent / "helpers" / "crash_worker.py"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [1, 150, 600])
def test_sigkill_mid_burst_keeps_every_acknowledged_span(tmp_path, kill_after):
    db = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, str(WORKER), str(db)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    acked = []
    try:
        assert proc.stdout.readline().strip() == "ready"
        while len(acked) < kill_after:
            line = proc.stdout.readline()
            assert line, "worker stopped early"
            acked.append(int(line))
        proc.send_signal(signal.SIGKILL)
        # Lines already in the pipe were acknowledged too.
        acked += [int(x) for x in proc.stdout.read().split()]
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # The raw file first (no annotator code involved), then through the project.
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT id FROM spans")}
    conn.close()
    assert set(acked) <= stored
    assert len(stored) - len(acked) <= 1          # at most the one in flight
    with Project(db) as p:
        assert p.integrity_check() == "ok"
        text = p.document("doc").text
        for s in p.spans("doc"):
            assert text[s.start:s.end] == s.text
