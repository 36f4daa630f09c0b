"""The comparison's queries (core.compare holds no SQL): documents, spans and stored
figures of the compared documents, and the per-outlet aggregation of a whole project.

Per-outlet figures across a project are aggregated inside SQLite: a 20,000-article
project must not ship its texts or 200,000 span rows into Python. The per-document
figures (characters, words, headline and lead bounds) were stored at import
(document_facts, core.doc_facts). Characters under a label count overlapping spans
once: per document and label, in start order, a span adds only what reaches past the
furthest end before it (a window function).
"""
from __future__ import annotations

from dataclasses import fields
from operator import itemgetter
from typing import TYPE_CHECKING, Iterator

from annotator.core.doc_facts import facts
from annotator.core.model import Document, Span

if TYPE_CHECKING:
    from annotator.core.store.project import Project

_DOCS = "temp.compare_docs"
# One row per document of the summary: its outlet and stored bounds (a TEMP table
# that never touches the project file), so each span needs one lookup, not two.
_FILL_DOCS = """
INSERT INTO {docs}
SELECT d.id, d.rowid, coalesce(d.outlet, :no_outlet), f.chars, f.words, f.head_end,
       f.lead_start, f.lead_end
FROM documents d JOIN document_facts f ON f.doc_id = d.id {where}
"""
_MISSING = """
SELECT d.id, d.rowid, coalesce(d.outlet, :no_outlet), d.text FROM documents d {where}
{conj} NOT EXISTS (SELECT 1 FROM document_facts f WHERE f.doc_id = d.id)
"""
# Per span: the furthest end reached by the spans of its document and label before
# it (in start order); it adds only what reaches past that, so overlaps count once.
_AGGREGATE = """
SELECT outlet, label, speaker, count(*), sum(head), sum(lead),
       sum(max(0, "end" - max(start, coalesce(reach, start))))
FROM (SELECT m.outlet, s.label, s.speaker, s.start, s."end",
             s.start < m.head_end AS head,
             s.start >= m.head_end AND s.start >= m.lead_start
                 AND s.start < m.lead_end AS lead,
             max(s."end") OVER (PARTITION BY s.doc_id, s.label ORDER BY s.start
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
      FROM spans s JOIN {docs} m ON m.doc_id = s.doc_id)
GROUP BY outlet, label, speaker
"""


def _rows_for(project: "Project", sql: str, ids: list[str]) -> Iterator[tuple]:
    for k in range(0, len(ids), 500):                   # bound the SQL variables
        part = ids[k:k + 500]
        yield from project.conn.execute(sql.format(",".join("?" * len(part))), part)


def documents(project: "Project", ids: list[str]) -> dict[str, Document]:
    """The documents with these ids, by id, in one query per 500 (not one each)."""
    cols = ", ".join(f'"{f.name}"' for f in fields(Document))
    return {row[0]: Document(*row) for row in _rows_for(
        project, f"SELECT {cols} FROM documents WHERE id IN ({{}})", ids)}


def spans(project: "Project", ids: list[str]) -> dict[str, list[Span]]:
    """Each document's spans in Project.spans' order, in one query per 500 documents.
    Sorted here: SQLite would sort all rows in a temporary B-tree; Python's str order
    is SQLite's BINARY (UTF-8 byte) order."""
    cols = ", ".join(f'"{f.name}"' for f in fields(Span))
    out: dict[str, list[Span]] = {i: [] for i in ids}
    for row in sorted(_rows_for(project, f"SELECT {cols} FROM spans WHERE doc_id IN ({{}})",
                                ids), key=itemgetter(1, 2, 3, 4, 0)):
        out[row[1]].append(Span(*row))
    return out


def stored_facts(project: "Project", ids: list[str]) -> dict[str, tuple]:
    """The figures import stored for these documents (core.doc_facts), by id."""
    return {r[0]: r[1:] for r in _rows_for(
        project, "SELECT doc_id, chars, words, head_end, lead_start, lead_end "
                 "FROM document_facts WHERE doc_id IN ({})", ids)}


def outlet_rows(project: "Project", event: str | None, no_outlet: str
                ) -> tuple[list[tuple], list[tuple]]:
    """([(doc id, outlet, chars, words)] in import order,
        [(outlet, label, speaker, count, in headline, in lead, chars)]) of every
    document, or of one event's. Documents written without stored figures (not
    through import) are computed from their text here; the file is left as it was."""
    conn = project.conn
    params = {"no_outlet": no_outlet, "event": event}
    where = "WHERE d.event = :event" if event else ""
    conn.execute(f"DROP TABLE IF EXISTS {_DOCS}")
    try:
        conn.execute(f"CREATE TEMP TABLE {_DOCS} (doc_id TEXT PRIMARY KEY, pos INT, "
                     "outlet TEXT, chars INT, words INT, head_end INT, lead_start INT, "
                     "lead_end INT)")
        conn.execute(_FILL_DOCS.format(docs=_DOCS, where=where), params)
        missing = [(doc_id, pos, outlet, *facts(text)) for doc_id, pos, outlet, text in
                   conn.execute(_MISSING.format(where=where, conj="AND" if where else "WHERE"),
                                params)]
        conn.executemany(f"INSERT INTO {_DOCS} VALUES (?,?,?,?,?,?,?,?)", missing)
        docs = conn.execute(f"SELECT doc_id, outlet, chars, words FROM {_DOCS} "
                            "ORDER BY pos").fetchall()
        rows = conn.execute(_AGGREGATE.format(docs=_DOCS)).fetchall()
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {_DOCS}")
    return docs, rows
