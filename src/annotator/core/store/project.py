"""Project: one SQLite file opened through sqlite-utils, and the queries on it.

Writes happen only inside `Project.transaction()`, called by the operations in
`edits` and by `importing`; every other method here only reads.
"""
from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from annotator.core import resources
from annotator.core.model import Document, Label, NotFound, ProjectError, Span
from annotator.core.store.schema import FTS_COLUMNS, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
# FULL: each commit is fsynced, so an acknowledged tag survives a power cut too,
# not only a crash of the program; costs ~0.5 ms an edit on this machine.
SYNCHRONOUS = "FULL"
CACHE_KIB = 32 * 1024     # page cache; SQLite's 2 MB default thrashes on big imports
_DOC_LIST_COLUMNS = "id, outlet, title, author, published, event, language, status"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _span(row: dict) -> Span:
    return Span(**row)


class Project:
    """An open project file. Use as a context manager or call close()."""

    def __init__(self, path: str | Path = ":memory:", *, create: bool = True):
        self.path = str(path)
        if self.path != ":memory:":
            p = Path(self.path)
            if not p.exists() and not create:
                raise ProjectError(f"{self.path}: no such project file")
            if p.is_dir():
                raise ProjectError(f"{self.path}: is a folder, not a project file")
        conn = None
        try:
            if self.path != ":memory:" and Path(self.path).is_file():
                # Check a file that exists through a read-only connection, so a
                # newer or foreign file is not touched (not even checkpointed). With
                # no -wal file the main file is the whole truth: open it immutable so
                # SQLite does not even create -wal/-shm side files.
                mode = "ro" if Path(self.path + "-wal").exists() else "ro&immutable=1"
                probe = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode={mode}",
                                        uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
                try:
                    self._check_version(probe)
                finally:
                    probe.close()
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None)
            self._check_version(conn)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            self.conn = conn
            self._migrate()
        except sqlite3.DatabaseError as e:
            if conn is not None:
                conn.close()
            raise ProjectError(_open_error(self.path, e)) from e
        except BaseException:
            if conn is not None:
                conn.close()
            raise

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
                self._write_labels(resources.default_labels())

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
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
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """BEGIN IMMEDIATE ... COMMIT; rolls back on any error. Nests as a savepoint."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise ProjectError(f"{self.path}: project is locked by another program ({e})") from e
        try:
            yield self.db
        except BaseException as e:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.DatabaseError):     # disk full, I/O error, ...
                raise ProjectError(f"{self.path}: could not save ({e}); "
                                   "nothing was changed") from e
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise ProjectError(f"{self.path}: could not save ({e}); nothing was changed") from e

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A connection reading one consistent state of the project (for exports).

        A file project gets a read transaction on a second, read-only connection
        with the same timeout and cache, so a long read neither sees half of a
        concurrent edit nor holds up the window's writes.
        """
        if self.path == ":memory:" or self.conn.in_transaction:
            yield self.conn
            return
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
            conn.execute("PRAGMA query_only = ON")
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

    # -- labels --------------------------------------------------------------
    def labels(self) -> list[Label]:
        rows = self.conn.execute(
            "SELECT name, colour, key, description, sort_order FROM labels "
            "ORDER BY sort_order, name")
        return [Label(n, c, k, d or "", o) for n, c, k, d, o in rows]

    def _write_labels(self, labels: list[Label]) -> None:
        self.db["labels"].upsert_all(
            [{"name": l.name, "colour": l.colour, "key": l.key,
              "description": l.description, "sort_order": l.order} for l in labels],
            pk="name",
        )

    # -- documents -----------------------------------------------------------
    def document(self, doc_id: str) -> Document:
        rows = self._dicts("SELECT * FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise NotFound(f"no document {doc_id!r} in this project")
        return Document(**rows[0])

    def document_text(self, doc_id: str) -> str:
        """Just the text (what every span edit checks offsets against)."""
        return self._document_field(doc_id, "text")

    def document_status(self, doc_id: str) -> str:
        return self._document_field(doc_id, "status")

    def _document_field(self, doc_id: str, column: str):
        row = self.conn.execute(f"SELECT {column} FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id!r} in this project")
        return row[0]

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY rowid")]

    def document_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document_rows(self, *, search: str | None = None, outlet: str | None = None,
                      event: str | None = None, status: str | None = None,
                      limit: int | None = None, offset: int = 0) -> list[dict]:
        """Document metadata and span counts, never the text: fast on big projects."""
        where, params = self._doc_filter(search, outlet, event, status)
        sql = (f"SELECT {_DOC_LIST_COLUMNS}, "
               "(SELECT count(*) FROM spans s WHERE s.doc_id = d.id) AS spans "
               f"FROM documents d {where} ORDER BY d.rowid")
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return self._dicts(sql, params)

    def count_documents(self, *, search=None, outlet=None, event=None, status=None) -> int:
        where, params = self._doc_filter(search, outlet, event, status)
        return self.conn.execute(f"SELECT count(*) FROM documents d {where}", params).fetchone()[0]

    def _doc_filter(self, search, outlet, event, status) -> tuple[str, list]:
        clauses, params = [], []
        if search:
            clauses.append("d.rowid IN (SELECT rowid FROM documents_fts "
                           "WHERE documents_fts MATCH ?)")
            params.append(_fts_query(search))
        for col, value in (("outlet", outlet), ("event", event), ("status", status)):
            if value is not None:
                clauses.append(f"d.{col} = ?")
                params.append(value)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def distinct(self, column: str) -> list[str]:
        if column not in ("outlet", "event", "language", "status"):
            raise ValueError(column)
        return [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT {column} FROM documents WHERE {column} IS NOT NULL ORDER BY 1")]

    # -- spans ---------------------------------------------------------------
    def spans(self, doc_id: str) -> list[Span]:
        return [_span(r) for r in self._dicts(
            'SELECT * FROM spans WHERE doc_id = ? ORDER BY start, "end", label, id', (doc_id,))]

    def span_bounds(self, doc_id: str) -> list[tuple[int, int, int, str]]:
        """(id, start, end, label) of a document's spans in span order, as plain tuples.

        What the window needs to draw every span; about six times faster than
        spans() on a 10,000-span article because no text or records are built.
        """
        return self.conn.execute(
            'SELECT id, start, "end", label FROM spans WHERE doc_id = ? '
            'ORDER BY start, "end", label, id', (doc_id,)).fetchall()

    def span(self, span_id: int) -> Span:
        rows = self._dicts("SELECT * FROM spans WHERE id = ?", (span_id,))
        if not rows:
            raise NotFound(f"no span {span_id} in this project")
        return _span(rows[0])

    def span_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM spans").fetchone()[0]

    def speakers(self) -> list[str]:
        """Speakers already used, most frequent first (for completion)."""
        return [r[0] for r in self.conn.execute(
            "SELECT speaker FROM spans WHERE speaker IS NOT NULL AND speaker != '' "
            "GROUP BY speaker ORDER BY count(*) DESC, speaker")]

    def label_counts(self, doc_id: str) -> dict[str, int]:
        return dict(self.conn.execute(
            "SELECT label, count(*) FROM spans WHERE doc_id = ? GROUP BY label", (doc_id,)))

    def stats(self) -> dict[str, list[tuple]]:
        q = self.conn.execute
        return {
            "label": list(q("SELECT label, count(*) FROM spans GROUP BY label ORDER BY 2 DESC, 1")),
            "outlet": list(q(
                "SELECT coalesce(d.outlet, '(none)'), count(DISTINCT d.id), count(s.id) "
                "FROM documents d LEFT JOIN spans s ON s.doc_id = d.id "
                "GROUP BY 1 ORDER BY 1")),
            "annotator": list(q(
                "SELECT annotator, count(*), count(DISTINCT doc_id) FROM spans "
                "GROUP BY annotator ORDER BY 2 DESC, 1")),
            "status": list(q("SELECT status, count(*) FROM documents GROUP BY status ORDER BY 1")),
        }

    def ensure_annotator(self, name: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO annotators(name, created) VALUES (?, ?)", (name, now()))

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


def _open_error(path: str, e: sqlite3.DatabaseError) -> str:
    msg = str(e)
    if "locked" in msg or "busy" in msg:
        return f"{path}: project is locked by another program ({msg}); try again"
    if "not a database" in msg or "malformed" in msg:
        return f"{path}: not an annotator project (not an SQLite database, or damaged)"
    return f"{path}: cannot open project ({msg})"


def _fts_query(text: str) -> str:
    """Quote each word so user input is never read as FTS syntax; prefix-match the last."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
