"""Killing the window mid-burst loses nothing it showed as done."""
import signal
import subprocess
from pathlib import Path

import pytest

from helpers.kill_burst import acknowledged_then_killed, assert_acknowledged_kept

WORKER = Path(__file__).resolve().parent / "window_worker.py"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [1, 120])
def test_sigkill_during_keyboard_tagging_keeps_every_acknowledged_span(tmp_path, kill_after):
    db = tmp_path / "kill.db"
    env = {"QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_SETTINGS": str(tmp_path / "settings.ini")}
    acked, _ = acknowledged_then_killed(WORKER, db, kill_after, env=env,
                                        stderr=subprocess.DEVNULL)
    assert_acknowledged_kept(db, "doc", acked)
