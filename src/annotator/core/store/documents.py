"""Document queries and the status write: a part of Project (core/store/project.py).
They never read the text unless asked for it, so lists stay fast on big projects."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from annotator.core.model import Document, NotFound

_DOC_LIST_COLUMNS = "id, outlet, title, author, published, event, language, status"


@dataclass(frozen=True, slots=True)
class TextAndStatus:
    text: str
    status: str


class DocumentRows:
    conn: sqlite3.Connection                         # provided by Project
    _dicts: Callable[..., list[dict]]                # (sql, params) -> rows as dicts

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

    def document_text_status(self, doc_id: str) -> TextAndStatus:
        """Both in one read: what tagging needs (offsets, and the new -> in progress rule)."""
        row = self.conn.execute("SELECT text, status FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id!r} in this project")
        return TextAndStatus(*row)

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
        """Document metadata and span counts, never the whole text: fast on big projects."""
        where, params = self._doc_filter(search, outlet, event, status)
        # snippet: why a document matched the search, the matched words in «»
        match = ("(SELECT snippet(documents_fts, -1, '«', '»', '…', 12) FROM documents_fts "
                 "WHERE documents_fts MATCH ? AND rowid = d.rowid)" if search else "NULL")
        if search:
            params = [_fts_query(search), *params]
        # opening: an untitled article's first characters, for model.display_title
        sql = (f"SELECT {_DOC_LIST_COLUMNS}, {match} AS snippet, "
               "(SELECT count(*) FROM spans s WHERE s.doc_id = d.id) AS spans, "
               "CASE WHEN coalesce(trim(d.title), '') = '' THEN substr(d.text, 1, 160) "
               "END AS opening "
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

    def document_meta(self, doc_id: str) -> dict:
        """A document's properties (Document.META) without its text."""
        rows = self._dicts(f"SELECT {', '.join(Document.META)} FROM documents WHERE id = ?",
                           (doc_id,))
        if not rows:
            raise NotFound(f"no document {doc_id!r} in this project")
        return rows[0]

    def set_document_meta(self, doc_id: str, values: dict) -> None:
        """Write properties (names from Document.META); the search triggers follow."""
        bad = set(values) - set(Document.META)
        if bad:
            raise ValueError(sorted(bad))
        sets = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(f"UPDATE documents SET {sets} WHERE id = ?", (*values.values(), doc_id))

    def set_status(self, doc_id: str, status: str) -> None:
        self.conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))

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


def _fts_query(text: str) -> str:
    """Quote each word so user input is never read as FTS syntax; prefix-match the last."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)

