"""Killing the window mid-burst loses nothing it showed as done."""
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core import Project

WORKER = Path(__file__).resolve().parent / "window_worker.py"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [1, 120])
def test_sigkill_during_keyboard_tagging_keeps_every_acknowledged_span(tmp_path, kill_after):
    db = tmp_path / "kill.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": "offscreen",
           "ANNOTATOR_SETTINGS": str(tmp_path / "settings.ini")}
    proc = subprocess.Popen([sys.executable, str(WORKER), str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    acked = []
    try:
        assert proc.stdout.readline().strip() == "ready"
        while len(acked) < kill_after:
            line = proc.stdout.readline()
            assert line, "worker stopped early"
            acked.append(int(line))
        proc.send_signal(signal.SIGKILL)
        acked += [int(x) for x in proc.stdout.read().split()]
    finally:
        proc.kill()
        proc.wait()
    with Project(db) as p:
        assert p.integrity_check() == "ok"
        stored = {s.id for s in p.spans("doc")}
        text = p.document("doc").text
        assert set(acked) <= stored
        for s in p.spans("doc"):
            assert s.text == text[s.start:s.end]
