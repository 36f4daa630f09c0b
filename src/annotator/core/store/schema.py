"""Table definitions and numbered migrations; PRAGMA user_version holds the number."""
from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.doc_facts import facts

if TYPE_CHECKING:       # a migration gets the Database; importing it costs start-up ~70 ms
    import sqlite_utils

SCHEMA_VERSION = 6
FTS_COLUMNS = ("title", "outlet", "author", "text")   # fixed by v1; change only with a migration


def _v1(db: sqlite_utils.Database) -> None:
    db["annotators"].create({"name": str, "created": str}, pk="name")
    db["labels"].create(
        {"name": str, "colour": str, "key": str, "description": str, "sort_order": int},
        pk="name",
        not_null={"colour"},
    )
    db.execute(
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            outlet TEXT, title TEXT, author TEXT, published TEXT, url TEXT,
            event TEXT, language TEXT,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            source TEXT,
            imported_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'in_progress', 'done'))
        )"""
    )
    db.execute(
        """CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            speaker TEXT,
            note TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            UNIQUE (doc_id, start, "end", label, annotator)
        )"""
    )
    db["spans"].create_index(["doc_id", "start"], index_name="spans_by_doc")
    db["spans"].create_index(["label"], index_name="spans_by_label")
    db["spans"].create_index(["speaker"], index_name="spans_by_speaker")
    db["documents"].create_index(["event", "outlet"], index_name="documents_by_event")
    db["documents"].enable_fts(list(FTS_COLUMNS), fts_version="FTS5", create_triggers=True)


def _v2(db: sqlite_utils.Database) -> None:
    """Search triggers that cost less; drop a redundant index.

    - sqlite-utils' update trigger fired on any UPDATE, so marking a document done
      re-tokenised its whole text; now it fires for the searchable columns only.
    - The insert trigger stands aside while `fts_deferred` has a row: a bulk import
      sets it inside its transaction and indexes all new rows in one INSERT ...
      SELECT before committing (Project.bulk_documents), so search is never stale.
    - UNIQUE (doc_id, start, "end", label, annotator) already serves "spans of a
      document in order"; the extra (doc_id, start) index only slowed writes.
    """
    cols = ", ".join(f'"{c}"' for c in FTS_COLUMNS)
    old = ", ".join(f'old."{c}"' for c in FTS_COLUMNS)
    new = ", ".join(f'new."{c}"' for c in FTS_COLUMNS)
    db.execute("CREATE TABLE fts_deferred (since_rowid INTEGER NOT NULL)")
    db.execute("DROP TRIGGER IF EXISTS documents_ai")
    db.execute(
        f"""CREATE TRIGGER documents_ai AFTER INSERT ON documents
          WHEN NOT EXISTS (SELECT 1 FROM fts_deferred) BEGIN
          INSERT INTO documents_fts (rowid, {cols}) VALUES (new.rowid, {new});
        END""")
    db.execute("DROP TRIGGER IF EXISTS documents_au")
    db.execute(
        f"""CREATE TRIGGER documents_au AFTER UPDATE OF {cols} ON documents BEGIN
          INSERT INTO documents_fts (documents_fts, rowid, {cols})
            VALUES ('delete', old.rowid, {old});
          INSERT INTO documents_fts (rowid, {cols}) VALUES (new.rowid, {new});
        END""")
    db.execute("DROP INDEX IF EXISTS spans_by_doc")


def _v3(db: sqlite_utils.Database) -> None:
    """Per-document figures derived from the text (core.doc_facts), filled at import,
    so a summary across 20,000 articles reads five integers per document instead of
    every text. A table of its own, not columns of documents: Document(**row) and the
    exports read documents' columns as they are. Existing documents are computed here.
    """
    db.execute(
        """CREATE TABLE document_facts (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            chars INTEGER NOT NULL,
            words INTEGER NOT NULL,
            head_end INTEGER NOT NULL,
            lead_start INTEGER NOT NULL,
            lead_end INTEGER NOT NULL
        ) WITHOUT ROWID""")
    rows = db.execute("SELECT id, text FROM documents")
    db.conn.executemany("INSERT INTO document_facts VALUES (?,?,?,?,?,?)",
                        ((doc_id, *facts(text)) for doc_id, text in rows))


def _v4(db: sqlite_utils.Database) -> None:
    """document_facts again, with the lead found past datelines, bylines, decks,
    captions and blank lines, and its bounds on characters of the lead (before, the
    lead of a text with one trailing blank line was the whole article)."""
    rows = db.execute("SELECT id, text FROM documents")
    db.conn.executemany("INSERT OR REPLACE INTO document_facts VALUES (?,?,?,?,?,?)",
                        ((doc_id, *facts(text)) for doc_id, text in rows))


def _v5(db: sqlite_utils.Database) -> None:
    """Teams: the project's own id (so a merged span can name the project it came
    from), the merges made and which spans each brought, and each document's review
    status. Tables of their own: Span(**row) and the exports read spans as they are.
    A document without a review_status row is not started.
    """
    import uuid
    from datetime import datetime, timezone
    stamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    db.execute("CREATE TABLE project_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.conn.executemany("INSERT INTO project_info VALUES (?, ?)",
                        [("project_id", str(uuid.uuid4())), ("created", stamp)])
    db.execute(
        """CREATE TABLE merges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source_file TEXT NOT NULL,
            source_project TEXT,
            merged_at TEXT NOT NULL
        )""")
    db.execute(
        """CREATE TABLE span_sources (
            span_id INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
            merge_id INTEGER NOT NULL REFERENCES merges(id) ON DELETE CASCADE
        )""")
    db.execute(
        """CREATE TABLE review_status (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('in_review', 'reviewed')),
            reviewer TEXT NOT NULL,
            updated TEXT NOT NULL
        ) WITHOUT ROWID""")


def _v6(db: sqlite_utils.Database) -> None:
    """Suggestions (issue 14): never spans until accepted. A rejected or accepted row
    stays, so the same content (doc_id, start, end) is not suggested again; open rows
    are remade when the rules change. `suggestion_runs` says which rules version last
    looked at a document, so an article with no suggestion is not re-run either.
    """
    db.execute(
        """CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            kind TEXT NOT NULL,
            speaker TEXT, speaker_start INTEGER, speaker_end INTEGER,
            cue TEXT, cue_start INTEGER, cue_end INTEGER,
            score REAL NOT NULL,
            rules_version TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'open'
                CHECK (state IN ('open', 'accepted', 'rejected')),
            UNIQUE (doc_id, start, "end")
        )""")
    db.execute(
        """CREATE TABLE suggestion_runs (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            rules_version TEXT NOT NULL
        ) WITHOUT ROWID""")


MIGRATIONS = {1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6}
assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))
