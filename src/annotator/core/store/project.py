"""Project: one SQLite file opened through sqlite-utils: opening, transactions,
checkpoints. Its queries are in labels.py, documents.py and spans.py (mixins).

Writes happen only inside `Project.transaction()`, called by the operations in
`edits` and by `importing`; every other method here only reads.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from annotator.core import resources
from annotator.core.model import ProjectError
from annotator.core.store import guard, health, opening
from annotator.core.store.documents import DocumentRows
from annotator.core.store.labels import LabelRows
from annotator.core.store.schema import FTS_COLUMNS, MIGRATIONS, SCHEMA_VERSION
from annotator.core.store.spans import SpanRows

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
# FULL: each commit is fsynced, so an acknowledged tag survives a power cut too,
# not only a crash of the program; costs ~0.5 ms an edit on this machine.
SYNCHRONOUS = "FULL"
CACHE_KIB = 32 * 1024     # page cache; SQLite's 2 MB default thrashes on big imports
SIDE_FILES = ("", "-wal", "-shm", "-journal")     # the project file and SQLite's own


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Project(LabelRows, DocumentRows, SpanRows):
    """An open project file. Use as a context manager or call close()."""

    def __init__(self, path: str | Path = ":memory:", *, create: bool = True,
                 readonly: bool = False, check: str = "now"):
        """Open (or with `create`, make) a project file.

        `readonly` is for commands that only read (list, stats, export, compare):
        the file must exist and be a current project; nothing is created, migrated,
        checkpointed or written, and it works in a read-only folder.
        `check`: run PRAGMA quick_check "now", in the "background" (the window:
        ~0.8 s on 20,000 articles; writes wait for its verdict), or "off".
        """
        self.path = str(path)
        self.readonly = readonly
        self._refusal: ProjectError | None = None     # why writes are refused now
        self._files = None
        self._closers: list[Callable[[], None]] = []
        if self.path != ":memory:":
            opening.check_path(self.path, create=create and not readonly,
                               readonly=readonly)
        self._pending_check: health.BackgroundCheck | None = None
        self._check_applied = False
        self.conn = self._connect()
        if not readonly and self.path != ":memory:":
            self._files = guard.identity(self.path)
        if self.path != ":memory:" and check == "now":
            self._verdict(health.quick_check(self.conn), close=True)
        elif self.path != ":memory:" and check == "background":
            self._pending_check = health.BackgroundCheck(self.path)

    def _verdict(self, verdict: str, *, close: bool = False) -> None:
        if verdict == "ok":
            return
        if close:
            self.conn.close()
        self._refusal = ProjectError(opening.damaged_message(self.path, verdict))
        raise self._refusal

    def _connect(self) -> sqlite3.Connection:
        conn = None
        try:
            if self.readonly or (self.path != ":memory:" and Path(self.path).is_file()):
                # Check a file that exists through a read-only connection, so a
                # newer or foreign file is not touched (not even checkpointed).
                probe = opening.connect_readonly(self.path, BUSY_TIMEOUT_MS)
                try:
                    self._check_version(probe)
                except BaseException:
                    probe.close()
                    raise
                if self.readonly:
                    conn = probe
                    self._pragmas(conn)
                    return conn
                probe.close()
            opening.check_writable(self.path)
            # check_same_thread off: the window's backup thread reads through this
            # connection (store.backup; SQLite serializes the two).
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
            self._check_version(conn)
            self._pragmas(conn)
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            self.conn = conn
            self._migrate()
            return conn
        except sqlite3.DatabaseError as e:
            if conn is not None:
                conn.close()
            raise ProjectError(opening.open_error(self.path, e)) from e
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    @staticmethod
    def _pragmas(conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")

    def reopen(self) -> None:
        """A fresh connection after the files were replaced under the old one
        (see store.guard); the old one is closed without checkpointing."""
        self._run_closers()
        guard.release_orphan(self.conn, self.path)
        self.__dict__.pop("db", None)            # the sqlite-utils view of the old one
        try:
            self.conn = self._connect()
        except ProjectError:
            # Writes stay refused (_refusal); reads go on, so what is in the
            # file can still be seen and exported.
            self.conn = opening.connect_readonly(self.path, BUSY_TIMEOUT_MS)
            raise
        self._refusal = None
        self._files = guard.identity(self.path)

    @property
    def checking(self) -> bool:
        """The open-time check still runs in the background."""
        check = self._pending_check
        return check is not None and check.verdict is None

    @property
    def damaged(self) -> str | None:
        """The background check's verdict if it found damage (None: fine or not done)."""
        check = self._pending_check
        verdict = check.verdict if check is not None else None
        return None if verdict in (None, "ok") else opening.damaged_message(self.path, verdict)

    def _verify_files(self) -> None:
        if self._files is None:
            return
        why = guard.replaced(self.path, self._files)
        if why is not None:
            self._refusal = guard.LogReplaced(
                f"{self.path}: {why}; this change was NOT saved. "
                "Reopen the project (File ▸ Open Recent) to go on.")
            raise self._refusal

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the project file without waiting for anyone
        (PASSIVE): run when the window is idle, so a -wal deleted from outside loses
        as little as possible."""
        if self.readonly or self.path == ":memory:" or self.conn.in_transaction:
            return
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.OperationalError:
            pass                                   # busy: the next idle moment will do
        self._verify_files()

    # -- opening -------------------------------------------------------------
    def _check_version(self, conn: sqlite3.Connection) -> None:
        # Read before any write so a newer or foreign file is left untouched. One
        # statement, so the version and the table list come from one snapshot even
        # while another program is creating the project.
        version, tables = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT group_concat(name, char(31)) FROM "
            " (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name))"
        ).fetchone()
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{self.path} was made by a newer annotator (schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}). Upgrade annotator to open it; "
                "the file was not changed."
            )
        if version == 0 and tables:
            raise ProjectError(
                f"{self.path} is an SQLite file but not an annotator project "
                f"(it has tables {', '.join(tables.split(chr(31))[:5])}); not changed."
            )
        if self.readonly and version < SCHEMA_VERSION:
            raise ProjectError(
                f"{self.path} was made by an older annotator (schema {version}; this one "
                f"uses {SCHEMA_VERSION}). This command only reads and does not upgrade it: "
                "open it once in the window or with `annotator import` to upgrade it.")

    def _migrate(self) -> None:
        if self.schema_version == SCHEMA_VERSION:
            return
        with self.transaction():
            # Read again under the write lock: another process may have just created it.
            version = self.schema_version
            for n in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[n](self.db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if version == 0:
                self.write_labels(resources.default_labels())

    def is_own_file(self, path: str | Path) -> bool:
        """Whether `path` is this project's file or one of its side files (-wal, -shm,
        -journal), by device and inode, so links count too. Only stat(): an open()
        and close() of these files in this process would drop SQLite's locks."""
        if self.path == ":memory:":
            return False
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return False
        for suffix in SIDE_FILES:
            try:
                own = os.stat(self.path + suffix)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino):
                return True
        return False

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def before_close(self, fn: Callable[[], None]) -> None:
        """Call `fn` before the connection is closed or replaced (a background
        backup reading through it stops first)."""
        self._closers.append(fn)

    def _run_closers(self) -> None:
        for fn in self._closers:
            fn()

    def close(self) -> None:
        self._run_closers()
        if isinstance(self._refusal, guard.LogReplaced):
            guard.release_orphan(self.conn, self.path)
        else:
            self.conn.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @cached_property
    def db(self) -> "sqlite_utils.Database":
        """The sqlite-utils view of the connection, built on first use: importing
        sqlite-utils costs ~180 ms of start-up, and reads go through `conn`."""
        import sqlite_utils
        return sqlite_utils.Database(self.conn)

    # -- transactions --------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; rolls back on any error. Nests as a savepoint.
        Writes go through `conn` (or `db`, built on first use: not on every edit)."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        if self.readonly:
            raise ProjectError(f"{self.path}: opened read-only; nothing can be changed")
        if self._pending_check is not None and not self._check_applied:
            self._check_applied = True            # the first write waits for the verdict
            self._verdict(self._pending_check.result())
        if self._refusal is not None:
            raise type(self._refusal)(*self._refusal.args)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise ProjectError(opening.open_error(self.path, e)) from e
        try:
            yield
        except BaseException as e:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.DatabaseError):     # disk full, I/O error, ...
                raise ProjectError(opening.save_error(self.path, e)) from e
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise ProjectError(opening.save_error(self.path, e)) from e
        self._verify_files()

    @contextlib.contextmanager
    def errors(self) -> Iterator[None]:
        """SQLite's "database disk image is malformed" (and kin), wherever it comes
        from, as one ProjectError saying the file is damaged and how to recover."""
        try:
            yield
        except sqlite3.DatabaseError as e:
            if not opening.is_damaged(e):
                raise
            raise ProjectError(opening.damaged_message(self.path, str(e))) from e

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A connection reading one consistent state of the project (for exports).

        A read-only project reads in a transaction on its own connection; a file
        project open for writing gets one on a second, read-only connection with the
        same pragmas, so a long read neither sees half of a concurrent edit nor holds
        up the window's writes.
        """
        if self.path == ":memory:" or self.conn.in_transaction:
            yield self.conn
            return
        if self.readonly:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            return
        conn = opening.connect_readonly(self.path, BUSY_TIMEOUT_MS)
        try:
            self._pragmas(conn)
            conn.execute("BEGIN")
            yield conn
        finally:
            conn.close()

    def _dicts(self, sql: str, params=()) -> list[dict]:
        # Plain cursor, not db.query(): that wraps every read in a savepoint.
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur]

    @contextlib.contextmanager
    def bulk_documents(self) -> Iterator[None]:
        """Index documents inserted in this block for search in one statement at its end.

        Only inside a transaction: the deferral and the catch-up commit together or
        roll back together, so the search index never misses a document.
        """
        if not self.conn.in_transaction:
            raise RuntimeError("bulk_documents() needs an open transaction")
        since = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()[0]
        self.conn.execute("INSERT INTO fts_deferred (since_rowid) VALUES (?)", (since,))
        yield
        cols = ", ".join(FTS_COLUMNS)
        self.conn.execute(f"INSERT INTO documents_fts (rowid, {cols}) "
                          f"SELECT rowid, {cols} FROM documents WHERE rowid > ?", (since,))
        self.conn.execute("DELETE FROM fts_deferred")

    def ensure_annotator(self, name: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO annotators(name, created) VALUES (?, ?)", (name, now()))

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]
