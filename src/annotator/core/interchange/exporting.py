"""Export: stream documents and spans out of the project into one of FORMATS.

Every export is deterministic (documents by id, spans by start, end, label,
annotator), streams from the database (one document in memory at a time) and is
atomic: files are written to a temporary name beside the target and renamed into
place, so a failed or cancelled export never leaves a partial file.
"""
from __future__ import annotations

import contextlib
import io
import json
import operator
import os
import sqlite3
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Callable, Iterator

from annotator.core.files import atomic_file
from annotator.core.interchange import brat
from annotator.core.interchange.export_formats import WRITERS, DocRow, SpanRow, preview_text
from annotator.core.model import AnnotatorError, NotFound, ValidationError
from annotator.core.store.project import Project

FORMATS = ("jsonl", "spans-jsonl", "doccano", "label-studio", "brat", "csv")
PROGRESS_EVERY = 100
WRITE_BATCH = 1 << 20
DOC_COLUMNS = "id, text, outlet, title, author, published, url, event, language, status"
# Filter name -> the column it narrows; document filters pick documents, span
# filters pick spans inside them (documents without a matching span are kept).
DOC_FILTERS = {"outlet": "d.outlet", "event": "d.event", "status": "d.status", "doc": "d.id"}
SPAN_FILTERS = {"label": "s.label", "annotator": "s.annotator"}

Progress = Callable[[int, int], "bool | None"]   # (done, total); False cancels


class ExportCancelled(AnnotatorError):
    """The user cancelled; nothing was written."""


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


@dataclass
class ExportReport:
    format: str
    output: str
    documents: int = 0
    spans: int = 0
    files: int = 0

    def summary(self) -> str:
        where = "standard output" if self.output == "-" else self.output
        files = f" ({self.files} files)" if self.files else ""
        return (f"exported {self.documents} document(s), {self.spans} span(s) "
                f"as {self.format} to {where}{files}")


# -- reading the project -------------------------------------------------------
def _where(filters: Filters, table: dict[str, str]) -> tuple[list[str], list]:
    clauses, params = [], []
    for name, values in filters.active().items():
        if name in table:
            clauses.append(f"{table[name]} IN ({','.join('?' * len(values))})")
            params.extend(values)
    return clauses, params


@contextlib.contextmanager
def _snapshot(project: Project) -> Iterator[sqlite3.Connection]:
    """A connection reading one consistent state of the project.

    A file project gets its own read transaction on a second connection, so the
    export neither sees half of a concurrent edit nor holds the window's writes.
    """
    if project.path == ":memory:" or project.conn.in_transaction:
        yield project.conn
        return
    conn = sqlite3.connect(project.path, isolation_level=None, timeout=5)
    try:
        conn.execute("BEGIN")
        yield conn
    finally:
        conn.close()


def iter_documents(conn: sqlite3.Connection, filters: Filters
                   ) -> Iterator[tuple[DocRow, list[SpanRow]]]:
    """(document, its spans) in id order, one document in memory at a time."""
    if _has_json(conn):
        return _grouped(conn, filters)
    return _merged(conn, filters)


def _has_json(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT json_array(1)")
        return True
    except sqlite3.OperationalError:
        return False


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
        's.start, s."end", s.label, s.annotator, s.speaker, s.note)) FROM spans s '
        f"WHERE s.doc_id = d.id{''.join(' AND ' + c for c in span_clauses)}) "
        f"FROM documents d{doc_where} ORDER BY d.id", span_params + doc_params)
    loads = json.loads
    for row in rows:
        spans = loads(row[-1])
        spans.sort(key=_SPAN_ORDER)   # (start, end, label, annotator) is unique
        yield row[:-1], spans


_SPAN_ORDER = operator.itemgetter(0, 1, 2, 3)


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
        'SELECT s.doc_id, s.start, s."end", s.label, s.annotator, s.speaker, s.note '
        f"FROM spans s{join}{' WHERE ' + ' AND '.join(clauses) if clauses else ''} "
        'ORDER BY s.doc_id, s.start, s."end", s.label, s.annotator', doc_params + span_params)
    pending = next(spans, None)
    for doc in docs:
        doc_id = doc[0]
        while pending is not None and pending[0] < doc_id:   # same BINARY order both sides
            pending = next(spans, None)
        own = []
        while pending is not None and pending[0] == doc_id:
            own.append(pending[1:])
            pending = next(spans, None)
        yield doc, own


def _count(conn: sqlite3.Connection, filters: Filters) -> int:
    clauses, params = _where(filters, DOC_FILTERS)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return conn.execute(f"SELECT count(*) FROM documents d{where}", params).fetchone()[0]


def count(project: Project, filters: Filters | None = None) -> tuple[int, int]:
    """(documents, spans) an export with these filters would write."""
    filters = filters or Filters()
    doc_clauses, doc_params = _where(filters, DOC_FILTERS)
    span_clauses, span_params = _where(filters, SPAN_FILTERS)
    clauses = doc_clauses + span_clauses
    spans = project.conn.execute(
        "SELECT count(*) FROM spans s JOIN documents d ON d.id = s.doc_id"
        f"{' WHERE ' + ' AND '.join(clauses) if clauses else ''}",
        doc_params + span_params).fetchone()[0]
    return _count(project.conn, filters), spans


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


def _check_filters(project: Project, filters: Filters) -> None:
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


def _counted(items, total: int, report: ExportReport, progress: Progress | None):
    """Pass documents through, counting them and reporting progress."""
    for i, (doc, spans) in enumerate(items):
        if progress and i % PROGRESS_EVERY == 0 and progress(i, total) is False:
            raise ExportCancelled("export cancelled; nothing was written")
        report.documents += 1
        report.spans += len(spans)
        yield doc, spans
    if progress and progress(total, total) is False:
        raise ExportCancelled("export cancelled; nothing was written")


# -- writing ---------------------------------------------------------------------
def export(project: Project, fmt: str, output: str | Path, filters: Filters | None = None,
           *, progress: Progress | None = None) -> ExportReport:
    """Write the filtered project as `fmt` to `output` (a file, a folder for brat, or -)."""
    if fmt not in FORMATS:
        raise ValidationError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    filters = filters or Filters()
    _check_filters(project, filters)
    output = str(output)
    report = ExportReport(fmt, output)
    labels = [l.name for l in project.labels()]
    with _snapshot(project) as conn:
        docs = _counted(iter_documents(conn, filters), _count(conn, filters), report, progress)
        if fmt == "brat":
            if output == "-":
                raise ValidationError("brat writes a folder of files; give -o FOLDER")
            report.files = brat.write_folder(Path(output), docs, labels)
        elif output == "-":
            _write_stdout(fmt, docs)
        else:
            _write_file(Path(output), fmt, docs)
    return report


def _write_stream(out, fmt: str, docs) -> None:
    writer = WRITERS[fmt]()
    out.write(writer.header())
    batch, size = [], 0              # about a megabyte a write, not a write a line
    for doc, spans in docs:
        for chunk in writer.chunks(doc, spans):
            batch.append(chunk)
            size += len(chunk)
        if size >= WRITE_BATCH:
            out.write("".join(batch))
            batch, size = [], 0
    out.write("".join(batch))
    out.write(writer.footer())


def _write_stdout(fmt: str, docs) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:                      # a text-only stream (tests, IDEs)
        _write_stream(sys.stdout, fmt, docs)
        return
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        _write_stream(out, fmt, docs)
        out.flush()
    except BrokenPipeError:                 # `annotator export -o - | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        with contextlib.suppress(ValueError, OSError):
            out.detach()


def _write_file(path: Path, fmt: str, docs) -> None:
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; {fmt} export writes one file")
    if not path.parent.is_dir():
        raise ValidationError(f"{path.parent}: no such folder")
    bom = "\ufeff" if fmt == "csv" else ""    # so spreadsheets read the file as UTF-8
    with atomic_file(path) as out:
        out.write(bom)
        _write_stream(out, fmt, docs)


# -- the dialog's preview --------------------------------------------------------
def preview(project: Project, fmt: str, filters: Filters | None = None,
            limit: int = 3) -> str:
    """The first `limit` documents' records, formatted for reading (not the file bytes)."""
    if fmt not in FORMATS:
        raise ValidationError(f"unknown export format {fmt!r}")
    filters = filters or Filters()
    labels = [l.name for l in project.labels()]
    items = []
    with _snapshot(project) as conn:
        for item in iter_documents(conn, filters):
            items.append(item)
            if len(items) >= limit:
                break
    return preview_text(fmt, items, labels)
