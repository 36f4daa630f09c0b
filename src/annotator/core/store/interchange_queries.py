"""The queries import and export run: documents and spans out in export order,
filters checked against the project, and bulk inserts for an import.

Rows cross into interchange as NamedTuples: named like any record, and built at
C speed (an export turns 200,000 span rows into records; a frozen dataclass
costs ~7 times as much per row and shows in bench/bench_export.py).
"""
from __future__ import annotations

import functools
import json
import operator
import sqlite3
from dataclasses import dataclass, fields
from typing import Iterator, NamedTuple

from annotator.core.doc_facts import facts
from annotator.core.model import NotFound
from annotator.core.store.project import Project

DOC_COLUMNS = "id, text, outlet, title, author, published, url, event, language, status"
# Filter name -> the column it narrows; document filters pick documents, span
# filters pick spans inside them (documents without a matching span are kept).
DOC_FILTERS = {"outlet": "d.outlet", "event": "d.event", "status": "d.status", "doc": "d.id"}
SPAN_FILTERS = {"label": "s.label", "annotator": "s.annotator"}


class ExportSpan(NamedTuple):
    start: int
    end: int
    label: str
    annotator: str
    speaker: str | None
    note: str | None
    id: int | None = None
    created: str | None = None
    updated: str | None = None


class ExportDocument(NamedTuple):
    """A document as exports write it, with its spans in export order."""
    id: str
    text: str
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    url: str | None
    event: str | None
    language: str | None
    status: str
    spans: list[ExportSpan]

    META = ("outlet", "title", "author", "published", "url", "event", "language", "status")

    def meta(self) -> dict:
        return {k: getattr(self, k) for k in self.META}


class ExportCount(NamedTuple):
    documents: int
    spans: int


@dataclass
class Filters:
    """Each field is a list of accepted values, or None (empty) for no restriction."""
    outlet: list[str] | None = None
    event: list[str] | None = None
    label: list[str] | None = None
    annotator: list[str] | None = None
    status: list[str] | None = None
    doc: list[str] | None = None

    def active(self) -> dict[str, list[str]]:
        return {f.name: list(v) for f in fields(self) if (v := getattr(self, f.name))}


# -- export ------------------------------------------------------------------------
def _where(filters: Filters, table: dict[str, str]) -> tuple[list[str], list]:
    clauses, params = [], []
    for name, values in filters.active().items():
        if name in table:
            clauses.append(f"{table[name]} IN ({','.join('?' * len(values))})")
            params.extend(values)
    return clauses, params


def iter_documents(conn: sqlite3.Connection, filters: Filters) -> Iterator[ExportDocument]:
    """Documents in id order with their spans, one document in memory at a time.

    `conn` is the project's connection or a Project.snapshot()."""
    if has_json(conn):
        return _grouped(conn, filters)
    return _merged(conn, filters)


def has_json(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT json_array(1)")
        return True
    except sqlite3.OperationalError:
        return False


_SPAN_ORDER = operator.itemgetter(0, 1, 2, 3)   # (start, end, label, annotator) is unique


def _maker(record):
    """record._make without its Python frame: a third of the export's per-span cost."""
    return functools.partial(tuple.__new__, record)


def _grouped(conn, filters):
    """One row per document, its spans packed by SQLite into one JSON array.

    Ten times fewer rows cross into Python than one row per span; json.loads
    restores the exact values, and the output is still made by Python's json.
    """
    doc_clauses, doc_params = _where(filters, DOC_FILTERS)
    span_clauses, span_params = _where(filters, SPAN_FILTERS)
    doc_where = " WHERE " + " AND ".join(doc_clauses) if doc_clauses else ""
    rows = conn.execute(
        f"SELECT {DOC_COLUMNS}, (SELECT json_group_array(json_array("
        's.start, s."end", s.label, s.annotator, s.speaker, s.note, s.id, s.created, '
        "s.updated)) FROM spans s "
        f"WHERE s.doc_id = d.id{''.join(' AND ' + c for c in span_clauses)}) "
        f"FROM documents d{doc_where} ORDER BY d.id", span_params + doc_params)
    loads, span, document = json.loads, _maker(ExportSpan), _maker(ExportDocument)
    for row in rows:
        spans = loads(row[-1])
        spans.sort(key=_SPAN_ORDER)
        yield document((*row[:-1], list(map(span, spans))))


def _merged(conn, filters):
    """Without SQLite's JSON functions: two ordered cursors merged."""
    doc_clauses, doc_params = _where(filters, DOC_FILTERS)
    span_clauses, span_params = _where(filters, SPAN_FILTERS)
    doc_where = " WHERE " + " AND ".join(doc_clauses) if doc_clauses else ""
    docs = conn.execute(f"SELECT {DOC_COLUMNS} FROM documents d{doc_where} ORDER BY d.id",
                        doc_params)
    join = " JOIN documents d ON d.id = s.doc_id" if doc_clauses else ""
    clauses = doc_clauses + span_clauses
    spans = conn.execute(
        'SELECT s.doc_id, s.start, s."end", s.label, s.annotator, s.speaker, s.note, s.id, '
        "s.created, s.updated "
        f"FROM spans s{join}{' WHERE ' + ' AND '.join(clauses) if clauses else ''} "
        'ORDER BY s.doc_id, s.start, s."end", s.label, s.annotator', doc_params + span_params)
    pending = next(spans, None)
    for doc in docs:
        doc_id = doc[0]
        while pending is not None and pending[0] < doc_id:   # same BINARY order both sides
            pending = next(spans, None)
        own = []
        while pending is not None and pending[0] == doc_id:
            own.append(ExportSpan._make(pending[1:]))   # the slow path: no need to hurry
            pending = next(spans, None)
        yield ExportDocument._make((*doc, own))


def count_documents(conn: sqlite3.Connection, filters: Filters) -> int:
    clauses, params = _where(filters, DOC_FILTERS)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return conn.execute(f"SELECT count(*) FROM documents d{where}", params).fetchone()[0]


def count(project: Project, filters: Filters) -> ExportCount:
    """Documents and spans an export with these filters would write."""
    doc_clauses, doc_params = _where(filters, DOC_FILTERS)
    span_clauses, span_params = _where(filters, SPAN_FILTERS)
    clauses = doc_clauses + span_clauses
    spans = project.conn.execute(
        "SELECT count(*) FROM spans s JOIN documents d ON d.id = s.doc_id"
        f"{' WHERE ' + ' AND '.join(clauses) if clauses else ''}",
        doc_params + span_params).fetchone()[0]
    return ExportCount(count_documents(project.conn, filters), spans)


# Filter -> (does this value exist?, the values to suggest). A value the project
# has never seen is a typo, not an empty export that replaces a good file.
_KNOWN = {
    "doc": ("SELECT 1 FROM documents WHERE id = ?", None),
    "outlet": ("SELECT 1 FROM documents WHERE outlet = ?",
               "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1"),
    "event": ("SELECT 1 FROM documents WHERE event = ?",
              "SELECT DISTINCT event FROM documents WHERE event IS NOT NULL ORDER BY 1"),
    "label": ("SELECT 1 FROM labels WHERE name = ?", "SELECT name FROM labels ORDER BY sort_order"),
    "annotator": ("SELECT 1 FROM spans WHERE annotator = ? LIMIT 1",
                  "SELECT DISTINCT annotator FROM spans ORDER BY 1"),
}


def check_filters(project: Project, filters: Filters) -> None:
    """NotFound for a filter value the project has never seen, naming the known ones."""
    for name, values in filters.active().items():
        if name not in _KNOWN:
            continue
        exists, choices = _KNOWN[name]
        for value in values:
            if project.conn.execute(exists, (value,)).fetchone() is not None:
                continue
            if name == "doc":
                raise NotFound(f"no document {value!r} in this project")
            known = [r[0] for r in project.conn.execute(choices)]
            shown = ", ".join(known[:10]) + (", …" if len(known) > 10 else "")
            raise NotFound(f"no {name} {value!r} in this project"
                           + (f" (known: {shown})" if known else ""))


# -- import ------------------------------------------------------------------------
class NewSpan(NamedTuple):
    """A span an import adds, in the spans table's column order."""
    doc_id: str
    start: int
    end: int
    label: str
    text: str
    annotator: str
    speaker: str | None
    note: str | None
    created: str
    updated: str
    id: int | None = None         # the file's span id, kept when the project has it free


def known_hashes(project: Project) -> dict[str, str]:
    """sha256 -> document id: one read beats a query per record on big imports."""
    return dict(project.conn.execute("SELECT sha256, id FROM documents"))


class NewDocument(NamedTuple):
    """A document an import adds, in its insert's column order (built at C speed)."""
    id: str
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    url: str | None
    event: str | None
    language: str | None
    text: str
    sha256: str
    source: str | None
    imported_at: str
    status: str


def insert_documents(project: Project, docs: list[NewDocument]) -> None:
    """New documents with their derived figures; inside the caller's transaction.

    Rows go to executemany as plain tuples: sqlite3 binds a tuple subclass (a
    NamedTuple) one item at a time through the sequence protocol, 35 % slower."""
    with project.bulk_documents():
        project.conn.executemany(
            f"INSERT INTO documents ({', '.join(NewDocument._fields)}) "
            f"VALUES ({','.join('?' * len(NewDocument._fields))})", map(tuple, docs))
        project.conn.executemany(
            "INSERT INTO document_facts VALUES (?,?,?,?,?,?)",
            [(d.id, *facts(d.text)) for d in docs])


_ANNOTATOR, _SPAN_ID = operator.attrgetter("annotator"), operator.attrgetter("id")
_GIVEN = functools.partial(operator.is_not, None)


def insert_spans(project: Project, spans: list[NewSpan]) -> int:
    """Add spans, ignoring exact duplicates; returns how many were added."""
    for who in set(map(_ANNOTATOR, spans)):
        project.ensure_annotator(who)
    spans = _free_ids(project, spans)
    before = project.conn.total_changes
    project.conn.executemany(
        'INSERT OR IGNORE INTO spans (doc_id, start, "end", label, text, annotator, speaker, '
        "note, created, updated, id) VALUES (?,?,?,?,?,?,?,?,?,?,?)", map(tuple, spans))
    return project.conn.total_changes - before


def _free_ids(project: Project, spans: list[NewSpan]) -> list[NewSpan]:
    """A span keeps its file's id only where no span of the project (or of this
    batch) holds it: OR IGNORE would otherwise drop the span, not the id."""
    wanted = list(filter(_GIVEN, map(_SPAN_ID, spans)))
    if not wanted:
        return spans
    taken = set()
    for i in range(0, len(wanted), 900):
        chunk = wanted[i:i + 900]
        taken.update(r[0] for r in project.conn.execute(
            f"SELECT id FROM spans WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    out = []
    for s in spans:
        if s.id is not None:
            if s.id in taken:
                s = s._replace(id=None)
            else:
                taken.add(s.id)
        out.append(s)
    return out


def label_keys(project: Project) -> set[str]:
    return {r[0] for r in project.conn.execute("SELECT key FROM labels WHERE key IS NOT NULL")}


def table_names(project: Project) -> list[str]:
    """The project file's tables (for Datasette's metadata)."""
    return [r[0] for r in project.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
