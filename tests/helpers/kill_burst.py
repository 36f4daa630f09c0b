"""Kill a tagging burst mid-way and check that nothing acknowledged was lost.

A worker script takes a project path, prints "ready", then one span id a line,
each only after its edit was committed. Shared by the core and window kill tests.
"""
import os
import signal
import subprocess
import sys

from annotator.core import Project


def acknowledged_then_killed(worker, db, kill_after: int, env=None, stderr=None):
    """Run `worker` on `db`, SIGKILL it after `kill_after` acknowledgements.

    Returns (acknowledged span ids, the worker's return code). Ids already in the
    pipe when the kill lands were acknowledged too, so they are read and counted.
    """
    proc = subprocess.Popen([sys.executable, str(worker), str(db)], stdout=subprocess.PIPE,
                            stderr=stderr, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
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
    return acked, proc.returncode


def assert_acknowledged_kept(db, doc_id: str, acked) -> set:
    """The project passes integrity_check, holds every acknowledged span, and every
    stored span's text is its slice of the document. Returns the stored ids."""
    with Project(db) as p:
        assert p.integrity_check() == "ok"
        text = p.document(doc_id).text
        spans = p.spans(doc_id)
        stored = {s.id for s in spans}
        assert set(acked) <= stored
        for s in spans:
            assert text[s.start:s.end] == s.text
    return stored
