"""Rolling backups of a project through SQLite's online backup API, and restoring one.

A backup reads through an SQLite connection, never a file copy (opening the project
file outside SQLite in a process that has it open drops SQLite's locks, see
store.guard). The window backs up through its own connection, from a thread, in
steps of STEP_PAGES with a pause between them: a tag waits at most one step for the
connection, and the window's own commits reach the backup copy as they happen
instead of restarting it. Backups live in the user data folder, one folder per
project (the last KEEP), or wherever $ANNOTATOR_BACKUPS says.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from annotator.core.model import ProjectError
from annotator.core.store import opening
from annotator.core.store.health import quick_check

KEEP = 5
EVERY_S = 30 * 60            # of editing: the window backs up at most this often
ENV_BACKUPS = "ANNOTATOR_BACKUPS"
BUSY_MS = 5000
_NAME = re.compile(r"\d{8}-\d{6}-\d{3}\.db")
# The window's background backups: ~1 ms of copying a step, then a pause, so the
# disk is never flooded (a 150 MB project takes a few seconds; bench/bench_safety.py).
STEP_PAGES = 64
PAUSE_S = 0.004


class _Stopped(Exception):
    """Raised from the progress callback to abandon a backup (project closing)."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    size: int


def backup_folder(project_path: str | Path) -> Path:
    """Where a project's rolling backups go: named after the file, keyed by its full path."""
    if os.environ.get(ENV_BACKUPS):
        root = Path(os.environ[ENV_BACKUPS])
    else:
        import platformdirs
        root = Path(platformdirs.user_data_dir("annotator", appauthor=False)) / "backups"
    resolved = str(Path(project_path).resolve())
    key = hashlib.sha256(resolved.encode()).hexdigest()[:10]
    return root / f"{Path(project_path).stem}-{key}"


def backups(project_path: str | Path) -> list[Backup]:
    """This project's rolling backups, newest first."""
    folder = backup_folder(project_path)
    found = [p for p in folder.glob("*.db") if _NAME.fullmatch(p.name)] if folder.is_dir() else []
    return [Backup(p, datetime.strptime(p.name[:15], "%Y%m%d-%H%M%S"), p.stat().st_size)
            for p in sorted(found, reverse=True)]


def make_backup(project_path: str | Path, output: str | Path | None = None,
                *, keep: int = KEEP, durable: bool = True,
                source: sqlite3.Connection | None = None, pages: int = -1,
                pause_s: float = 0.0, stop: threading.Event | None = None) -> Path | None:
    """Copy the project, as committed now, into `output` or the rolling folder
    (keeping the last `keep`). Written to a temporary name and renamed, so a backup
    that exists is whole. `durable=False` (the window's background backups) skips
    the fsync: flushing 150 MB at once stalls the editor's own commits behind it.

    `source`: the project's open connection to read through (else a read-only one
    of our own), copied `pages` at a time with `pause_s` between steps; setting
    `stop` abandons the backup (nothing is written, None is returned)."""
    project_path = str(project_path)
    if output is None:
        folder = backup_folder(project_path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now()
        target = folder / f"{stamp:%Y%m%d-%H%M%S}-{stamp.microsecond // 1000:03d}.db"
    else:
        target = Path(output)
        if target.is_dir():
            raise ProjectError(f"{target}: is a folder; give a file name for the backup")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        src = source or opening.connect_readonly(project_path, BUSY_MS)
    except sqlite3.Error as e:
        raise ProjectError(opening.open_error(project_path, e)) from e

    def progress(_status, remaining, _total):
        if stop is not None and stop.is_set():
            raise _Stopped
        if remaining and pause_s:
            time.sleep(pause_s)           # releases the GIL and the connection

    try:
        dst = sqlite3.connect(tmp)
        try:
            if not durable:
                dst.execute("PRAGMA synchronous = OFF")
            # Our own connection: one step, one read snapshot, never restarted.
            src.backup(dst, pages=pages, progress=progress, sleep=0.005)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        if durable:
            with open(tmp, "rb+") as f:   # a backup, not a project: fine to open here
                os.fsync(f.fileno())
        os.replace(tmp, target)
    except _Stopped:
        return None
    except sqlite3.Error as e:
        raise ProjectError(opening.save_error(str(target), e)) from e
    finally:
        if source is None:
            src.close()
        if tmp.exists():
            tmp.unlink()
    if output is None:
        for old in backups(project_path)[keep:]:
            old.path.unlink(missing_ok=True)
    return target


def restore(project_path: str | Path, backup: str | Path) -> Path:
    """Put a backup's content into the project, after backing up what is there now.

    Refused while any program has the project open: the restore takes SQLite's
    exclusive lock first, which fails if a window or command holds the file.
    Returns the backup made of the state before the restore.
    """
    project_path, backup = str(project_path), Path(backup)
    try:
        src = opening.connect_readonly(str(backup), BUSY_MS)
    except sqlite3.Error as e:
        raise ProjectError(f"{backup}: cannot read this backup ({e})") from e
    try:
        verdict = quick_check(src)
        if verdict != "ok":
            raise ProjectError(f"{backup}: this backup is damaged too ({verdict}); "
                               "choose an older one")
        before = _keep_current(project_path)
        dst = sqlite3.connect(project_path, isolation_level=None, timeout=0.2)
        try:
            try:
                dst.execute("PRAGMA locking_mode = EXCLUSIVE")
                dst.execute("BEGIN EXCLUSIVE")
                dst.execute("COMMIT")       # the lock stays held in this mode
            except sqlite3.OperationalError as e:
                raise ProjectError(
                    f"{project_path}: the project is open in another program (the window, "
                    "or a command still running); close it, then restore. Nothing was "
                    "changed.") from e
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.DatabaseError as e:
        raise ProjectError(opening.save_error(project_path, e)) from e
    finally:
        src.close()
    return before


def _keep_current(project_path: str) -> Path | None:
    """Back up what the project holds before it is overwritten; a damaged file, which
    the backup API may not read, is copied byte for byte beside the backups (only
    `annotator restore` calls this, in a process that has no project open)."""
    if not Path(project_path).exists():
        return None
    try:
        return make_backup(project_path, keep=KEEP + 1)
    except ProjectError:
        folder = backup_folder(project_path)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"damaged-{datetime.now():%Y%m%d-%H%M%S}.db"
        shutil.copyfile(project_path, target)
        return target


class Backups:
    """The window's rolling backups: on open, then at most every EVERY_S of editing,
    each from a thread through the project's own connection in small paced steps
    (see the module note), so tagging is never held up for more than one step."""

    def __init__(self, project, *, every_s: float = EVERY_S,
                 pages: int = STEP_PAGES, pause_s: float = PAUSE_S):
        self.project = project
        self.every_s = every_s
        self.pages, self.pause_s = pages, pause_s
        self.last = 0.0
        self.thread: threading.Thread | None = None
        self.error: str | None = None
        self._stop = threading.Event()
        project.before_close(self.stop)

    def due(self) -> bool:
        return time.monotonic() - self.last >= self.every_s

    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self) -> bool:
        """Start a backup in the background unless one is running; True if started."""
        p = self.project
        if p.path == ":memory:" or p.readonly or self.running():
            return False
        self.last = time.monotonic()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(p.conn,),
                                       name="annotator-backup", daemon=True)
        self.thread.start()
        return True

    def _run(self, conn: sqlite3.Connection) -> None:
        try:
            make_backup(self.project.path, durable=False, source=conn, pages=self.pages,
                        pause_s=self.pause_s, stop=self._stop)
            self.error = None
        except (ProjectError, OSError, sqlite3.Error) as e:
            self.error = f"backup failed: {e}"

    def wait(self, timeout: float | None = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)

    def stop(self) -> None:
        """Abandon a running backup (within one step): called before the project's
        connection is closed or replaced."""
        self._stop.set()
        self.wait()
