"""Noticing that the project's write-ahead log was deleted or replaced under us.

If any code in this process opens and closes the project file or its -wal/-shm
outside SQLite (a file dialog sniffing types, a copy, a hash), POSIX drops all of
SQLite's locks on it; another program then believes it is the last user, checkpoints
and deletes the live -wal, and every later commit of ours lands in a deleted file
(issue 8). The root fix keeps such opens out of the process (ui/file_dialogs.py);
this is the second line: after every commit the store compares the files it opened
with the ones on disk, by device and inode, and stops acknowledging on a mismatch.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import ProjectError


class LogReplaced(ProjectError):
    """The project file or its write-ahead log is no longer the one this connection writes."""


@dataclass(frozen=True)
class FileIdentity:
    main: tuple[int, int] | None
    wal: tuple[int, int] | None


def _ident(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def identity(path: str) -> FileIdentity:
    """stat() only: opening these files here is exactly the hazard."""
    return FileIdentity(_ident(path), _ident(path + "-wal"))


def replaced(path: str, opened: FileIdentity) -> str | None:
    """Why the files on disk are not the ones this connection opened, or None.
    Runs after every commit: two stat() calls, nothing else."""
    if _ident(path) != opened.main:
        return "the project file was deleted or replaced by another program"
    if opened.wal is not None and _ident(path + "-wal") != opened.wal:
        return ("its write-ahead log (-wal) was deleted or replaced by another program "
                "while this window had it open")
    return None


def release_orphan(conn: sqlite3.Connection, path: str) -> None:
    """Close a connection whose -wal was deleted under it without letting it
    checkpoint that orphaned log into the project file.

    On close SQLite checkpoints the log if it can take an EXCLUSIVE lock, and the
    orphaned log may hold pages older than what others have written since. A
    read-only connection opened first in this process holds a SHARED lock, so the
    close cannot take EXCLUSIVE; a read-only connection never checkpoints itself.
    """
    holder = None
    try:
        holder = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=1)
        holder.execute("SELECT count(*) FROM sqlite_master").fetchone()
        holder.execute("BEGIN")                    # keep a read snapshot while the other closes
        holder.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass
    try:
        conn.close()
    finally:
        if holder is not None:
            holder.close()
