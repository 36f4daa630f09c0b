"""Nothing is lost: a program killed mid-burst keeps every edit it acknowledged."""
import signal
import sqlite3

import pytest

from helpers.kill_burst import acknowledged_then_killed, assert_acknowledged_kept
from helpers.paths import HELPERS

WORKER = HELPERS / "crash_worker.py"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [1, 150, 600])
def test_sigkill_mid_burst_keeps_every_acknowledged_span(tmp_path, kill_after):
    db = tmp_path / "crash.db"
    acked, returncode = acknowledged_then_killed(WORKER, db, kill_after)
    assert returncode == -signal.SIGKILL
    # The raw file first (no annotator code involved), then through the project.
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT id FROM spans")}
    conn.close()
    assert set(acked) <= stored
    assert len(stored) - len(acked) <= 1          # at most the one in flight
    assert assert_acknowledged_kept(db, "doc", acked) == stored
