"""Queries on the suggestions table (schema v6): the only SQL for suggestions.

Writes run inside the caller's transaction (core.suggest.ops).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import NamedTuple

from annotator.core.model import NotFound
from annotator.core.store.project import Project

STATES = ("open", "accepted", "rejected")
# Columns a suggestion carries, in table order after (id, doc_id).
FIELDS = ("start", "end", "text", "label", "kind", "speaker", "speaker_start",
          "speaker_end", "cue", "cue_start", "cue_end", "score")
_COLUMNS = ", ".join(f'"{c}"' for c in ("id", "doc_id", *FIELDS, "rules_version", "state"))


class StoredSuggestion(NamedTuple):
    """A NamedTuple, built at C speed: opening a long article reads thousands."""
    id: int
    doc_id: str
    start: int
    end: int
    text: str
    label: str
    kind: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    score: float
    rules_version: str
    state: str

    def as_json(self) -> dict:
        """The public shape (issue 14): no id, version or state."""
        return {"doc_id": self.doc_id, **{f: getattr(self, f) for f in FIELDS}}


_stored = functools.partial(tuple.__new__, StoredSuggestion)    # a row, as one


class SuggestionBound(NamedTuple):
    """What the article draws of a suggestion; the whole record is read when shown."""
    id: int
    start: int
    end: int
    label: str


_bound = functools.partial(tuple.__new__, SuggestionBound)


def open_bounds(project: Project, doc_id: str) -> list[SuggestionBound]:
    """A document's open suggestions in text order, bounds only: a quarter of the
    cost of whole records on a long article (3,000 suggestions: 4 ms, not 16)."""
    return list(map(_bound, project.conn.execute(
        'SELECT id, start, "end", label FROM suggestions WHERE doc_id = ? AND state = ? '
        'ORDER BY start, "end"', (doc_id, "open"))))


def find(project: Project, suggestion_id: int) -> StoredSuggestion | None:
    """The suggestion, or None if it is gone (deleted with its document elsewhere)."""
    row = project.conn.execute(f"SELECT {_COLUMNS} FROM suggestions WHERE id = ?",
                               (suggestion_id,)).fetchone()
    return None if row is None else _stored(row)


def stale(project: Project, version: str, doc_ids: Iterable[str] | None = None) -> list[str]:
    """Documents (all, or of doc_ids) not yet looked at by rules `version`."""
    sql = ("SELECT d.id FROM documents d LEFT JOIN suggestion_runs r ON r.doc_id = d.id "
           "WHERE (r.rules_version IS NULL OR r.rules_version != ?)")
    if doc_ids is None:
        return [r[0] for r in project.conn.execute(sql + " ORDER BY d.rowid", (version,))]
    wanted = list(dict.fromkeys(doc_ids))
    out: list[str] = []
    for i in range(0, len(wanted), 500):          # SQLite's variable limit
        chunk = wanted[i:i + 500]
        marks = ",".join("?" * len(chunk))
        out += [r[0] for r in project.conn.execute(
            f"{sql} AND d.id IN ({marks})", (version, *chunk))]
    order = {d: n for n, d in enumerate(wanted)}
    return sorted(out, key=order.__getitem__)


def texts(project: Project, doc_ids: list[str]) -> Iterable[tuple[str, str]]:
    """(doc_id, text) of each document, read one at a time."""
    for doc_id in doc_ids:
        row = project.conn.execute("SELECT text FROM documents WHERE id = ?",
                                   (doc_id,)).fetchone()
        if row is not None:
            yield doc_id, row[0]


def replace_open(project: Project, doc_id: str, version: str, rows: list[tuple]) -> None:
    """Drop the document's open suggestions and insert `rows` (values in FIELDS order),
    skipping any whose (start, end) was accepted or rejected before, or that an
    existing span already covers exactly; then record `version` for the document."""
    conn = project.conn
    conn.execute("DELETE FROM suggestions WHERE doc_id = ? AND state = 'open'", (doc_id,))
    taken = set(conn.execute('SELECT start, "end" FROM suggestions WHERE doc_id = ?',
                             (doc_id,)))
    taken |= set(conn.execute('SELECT start, "end" FROM spans WHERE doc_id = ?', (doc_id,)))
    conn.executemany(
        f"INSERT INTO suggestions ({_COLUMNS}) VALUES "
        f"(NULL, ?, {', '.join('?' * len(FIELDS))}, ?, 'open')",
        [(doc_id, *r, version) for r in rows if (r[0], r[1]) not in taken])
    conn.execute("INSERT OR REPLACE INTO suggestion_runs (doc_id, rules_version) "
                 "VALUES (?, ?)", (doc_id, version))


def for_documents(project: Project, doc_ids: Iterable[str] | None = None, *,
                  state: str | None = "open", min_score: float | None = None
                  ) -> list[StoredSuggestion]:
    """Suggestions in document then text order; all documents when doc_ids is None."""
    where, params = [], []
    if state is not None:
        where.append("state = ?")
        params.append(state)
    if min_score is not None:
        where.append("score >= ?")
        params.append(min_score)
    base = f"SELECT {_COLUMNS} FROM suggestions s"
    order = ' ORDER BY (SELECT rowid FROM documents WHERE id = s.doc_id), start, "end"'
    if doc_ids is None:
        sql = base + (" WHERE " + " AND ".join(where) if where else "") + order
        return list(map(_stored, project.conn.execute(sql, params)))
    out = []
    for doc_id in dict.fromkeys(doc_ids):
        sql = base + " WHERE " + " AND ".join(["doc_id = ?", *where]) + ' ORDER BY start, "end"'
        out += map(_stored, project.conn.execute(sql, (doc_id, *params)))
    return out


def get(project: Project, suggestion_id: int) -> StoredSuggestion:
    found = find(project, suggestion_id)
    if found is None:
        raise NotFound(f"no suggestion {suggestion_id} in this project")
    return found


def set_state(project: Project, suggestion_id: int, state: str) -> None:
    if state not in STATES:
        raise ValueError(state)
    project.conn.execute("UPDATE suggestions SET state = ? WHERE id = ?", (state, suggestion_id))


def count(project: Project, state: str = "open") -> int:
    return project.conn.execute("SELECT count(*) FROM suggestions WHERE state = ?",
                                (state,)).fetchone()[0]
