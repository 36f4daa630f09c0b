"""The rules for opening a project file, and what SQLite's errors mean to a user."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from annotator.core.model import ProjectError

DAMAGED = ("database disk image is malformed", "file is not a database",
           "database corruption")


def check_path(path: str, *, create: bool, readonly: bool) -> None:
    """Refuse what cannot be a project before SQLite creates or touches anything."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        if not create:
            raise ProjectError(f"{path}: no such project file") from None
        if not p.parent.is_dir():
            raise ProjectError(
                f"{path}: cannot open project (the folder {p.parent} does not exist)") from None
        return
    except OSError as e:
        raise ProjectError(f"{path}: cannot open project ({e.strerror})") from e
    if p.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if not p.is_file():
        raise ProjectError(f"{path}: not a regular file, so not a project file")
    if st.st_size == 0 and (readonly or not create):
        raise ProjectError(f"{path}: empty file (0 bytes), not an annotator project; "
                           "nothing was changed")


def check_writable(path: str) -> None:
    """A project is written through side files beside it (-wal, -shm): say plainly
    when its folder or the file itself cannot be written."""
    if path == ":memory:":
        return
    p = Path(path)
    folder = p.parent.resolve()
    if not _writable(folder):
        raise ProjectError(
            f"{path}: the folder {folder} is read-only, and annotator saves through files "
            f"beside the project ({p.name}-wal). Copy the project to a folder you can write "
            "to; commands that only read (list, stats, export, compare) still work here.")
    if p.exists() and not _writable(p):
        raise ProjectError(f"{path}: the project file is read-only; commands that only "
                           "read (list, stats, export, compare) still work")


def _writable(path: Path) -> bool:
    # os.access answers for the real user (root passes everything); the mount's
    # read-only flag is checked too.
    if not os.access(path, os.W_OK):
        return False
    try:
        return not (os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return True


def connect_readonly(path: str, busy_ms: int) -> sqlite3.Connection:
    """A connection that creates and changes nothing. With no -wal beside the file
    nobody has it open (a project is always in WAL mode), and the main file is the
    whole truth: open it immutable, as mode=ro alone would create -wal and -shm."""
    mode = "ro" if os.path.exists(path + "-wal") else "ro&immutable=1"
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True,
                           timeout=busy_ms / 1000, isolation_level=None)


def is_damaged(e: BaseException) -> bool:
    return isinstance(e, sqlite3.DatabaseError) and any(d in str(e) for d in DAMAGED)


def damaged_message(path: str, detail: str = "") -> str:
    why = f" ({detail})" if detail else ""
    why = " ".join(why.split())
    return (f"{path}: the project file is damaged{why}. Stop editing it and restore the "
            f"last good copy: `annotator restore --db {path}` lists the backups annotator "
            f"keeps, `annotator restore --db {path} 1` restores the newest (what the file "
            "holds now is backed up first).")


def open_error(path: str, e: sqlite3.DatabaseError) -> str:
    msg = str(e)
    if "locked" in msg or "busy" in msg:
        return f"{path}: project is locked by another program ({msg}); try again"
    if "not a database" in msg:
        return f"{path}: not an annotator project (not an SQLite database, or damaged)"
    if is_damaged(e):
        return damaged_message(path, msg)
    if "readonly" in msg or "read-only" in msg:
        return (f"{path}: cannot write to the project ({msg}); is its folder or the file "
                "read-only?")
    return f"{path}: cannot open project ({msg})"


def save_error(path: str, e: sqlite3.DatabaseError) -> str:
    if is_damaged(e):
        return damaged_message(path, str(e))
    msg = str(e)
    if "locked" in msg or "busy" in msg:
        return f"{path}: project is locked by another program ({msg}); nothing was changed"
    return f"{path}: could not save ({msg}); nothing was changed"
