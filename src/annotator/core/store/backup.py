"""Rolling backups of a project through SQLite's online backup API, and restoring one.

A backup reads through its own read-only connection (never a file copy: opening
the project file outside SQLite in a process that has it open drops SQLite's locks,
see store.guard). In WAL mode a reader never blocks the writer, so the window can
take one from a thread while the analyst tags. Backups live in the user data folder,
one folder per project (the last KEEP), or wherever $ANNOTATOR_BACKUPS says.
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
                *, keep: int = KEEP, durable: bool = True) -> Path:
    """Copy the project, as committed now, into `output` or the rolling folder
    (keeping the last `keep`). Written to a temporary name and renamed, so a backup
    that exists is whole. `durable=False` (the window's background backups) skips
    the fsync: flushing 150 MB at once stalls the editor's own commits behind it."""
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
        src = opening.connect_readonly(project_path, BUSY_MS)
    except sqlite3.Error as e:
        raise ProjectError(opening.open_error(project_path, e)) from e
    try:
        dst = sqlite3.connect(tmp)
        try:
            if not durable:
                dst.execute("PRAGMA synchronous = OFF")
            src.backup(dst)               # one step: one read snapshot, never restarted
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        if durable:
            with open(tmp, "rb+") as f:   # a backup, not a project: fine to open here
                os.fsync(f.fileno())
        os.replace(tmp, target)
    except sqlite3.Error as e:
        raise ProjectError(opening.save_error(str(target), e)) from e
    finally:
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
    each from a thread with its own connection, so tagging is never held up."""

    def __init__(self, project_path: str, *, every_s: float = EVERY_S):
        self.path = project_path
        self.every_s = every_s
        self.last = 0.0
        self.thread: threading.Thread | None = None
        self.error: str | None = None

    def due(self) -> bool:
        return time.monotonic() - self.last >= self.every_s

    def start(self) -> bool:
        """Start a backup in the background unless one is running; True if started."""
        if self.path == ":memory:" or (self.thread is not None and self.thread.is_alive()):
            return False
        self.last = time.monotonic()
        self.thread = threading.Thread(target=self._run, name="annotator-backup", daemon=True)
        self.thread.start()
        return True

    def _run(self) -> None:
        try:
            make_backup(self.path, durable=False)
            self.error = None
        except (ProjectError, OSError) as e:
            self.error = f"backup failed: {e}"

    def wait(self, timeout: float | None = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)
