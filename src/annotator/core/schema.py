"""Table definitions and numbered migrations; PRAGMA user_version holds the number."""
from __future__ import annotations

import sqlite_utils

SCHEMA_VERSION = 1


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
    db["documents"].enable_fts(
        ["title", "outlet", "author", "text"], fts_version="FTS5", create_triggers=True
    )


MIGRATIONS = {1: _v1}
assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))
