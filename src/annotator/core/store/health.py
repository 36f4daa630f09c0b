"""Noticing a damaged project file: SQLite's quick_check, now or in the background."""
from __future__ import annotations

import sqlite3
import threading

from annotator.core.store import opening


def quick_check(conn: sqlite3.Connection) -> str:
    """"ok", or the first problems PRAGMA quick_check reports (O(file size), no index
    cross-check: the cheap half of integrity_check)."""
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as e:
        return str(e)
    problems = [r[0] for r in rows]
    if problems == ["ok"]:
        return "ok"
    text = " ".join(" ".join(problems).replace("*** in database main ***", "").split())
    return text or "quick_check failed"


class BackgroundCheck:
    """quick_check on its own read-only connection in a thread: the window shows at
    once, and the store waits for the verdict before acknowledging its first write.
    (A second SQLite connection in this process is safe: SQLite shares its locks
    between its own connections; only opens outside SQLite are a hazard.)"""

    def __init__(self, path: str):
        self.path = path
        self.verdict: str | None = None
        self._thread = threading.Thread(target=self._run, name="annotator-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = opening.connect_readonly(self.path, 5000)
        except sqlite3.Error as e:
            self.verdict = str(e)
            return
        try:
            self.verdict = quick_check(conn)
        finally:
            conn.close()

    def result(self, timeout: float | None = None) -> str | None:
        """The verdict, waiting up to `timeout` seconds (None: until done)."""
        self._thread.join(timeout)
        return self.verdict
