"""The SQL of team work: the project's id, reading another project file, writing a
merge and taking it back, annotators' spans, and review status.

Another analyst's file is opened through a connection of its own, read-only, and
closed after reading. The open project is never opened a second time: closing a
second descriptor of the same file would drop this process's POSIX locks on it.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.core.doc_facts import facts
from annotator.core.model import Document, Label, ProjectError, Span
from annotator.core.store.project import BUSY_TIMEOUT_MS, Project
from annotator.core.store.schema import SCHEMA_VERSION

REVIEW_STATUSES = ("not_started", "in_review", "reviewed")
_NEEDED_TABLES = {"documents", "spans", "labels"}
_DOC_COLUMNS = ("id", *Document.META, "text", "sha256", "source", "imported_at", "status")


# -- this project ---------------------------------------------------------------
def project_id(project: Project) -> str:
    row = project.conn.execute(
        "SELECT value FROM project_info WHERE key = 'project_id'").fetchone()
    return row[0]


def annotators(project: Project) -> list[str]:
    """Everyone who has spans in the project, by name."""
    return [r[0] for r in project.conn.execute(
        "SELECT DISTINCT annotator FROM spans ORDER BY 1")]


def known_annotators(project: Project) -> list[str]:
    """Every name in the annotators table, with spans or not."""
    return [r[0] for r in project.conn.execute("SELECT name FROM annotators")]


def delete_unused_annotators(project: Project, names) -> None:
    project.conn.executemany(
        "DELETE FROM annotators WHERE name = ? AND NOT EXISTS "
        "(SELECT 1 FROM spans WHERE annotator = annotators.name)", [(n,) for n in names])


def span_bounds_of(project: Project, doc_id: str, annotators: list[str] | None):
    """Like Project.span_bounds, for the given annotators only (None: everyone)."""
    if annotators is None:
        return project.span_bounds(doc_id)
    marks = ",".join("?" * len(annotators))
    return project.conn.execute(
        f'SELECT id, start, "end", label FROM spans WHERE doc_id = ? AND annotator IN ({marks}) '
        'ORDER BY start, "end", label, id', (doc_id, *annotators)).fetchall()


def span_annotators(project: Project, doc_id: str) -> dict[int, str]:
    """span id -> annotator, for one document."""
    return dict(project.conn.execute(
        "SELECT id, annotator FROM spans WHERE doc_id = ?", (doc_id,)))


def sha_index(project: Project) -> dict[str, str]:
    return dict(project.conn.execute("SELECT sha256, id FROM documents"))


def span_keys(project: Project) -> set[tuple]:
    """(doc_id, start, end, label, annotator) of every span: what UNIQUE guards."""
    return set(project.conn.execute(
        'SELECT doc_id, start, "end", label, annotator FROM spans'))


def documents_meta(project: Project, doc_ids) -> dict[str, dict]:
    cols = ", ".join(Document.META)
    out = {}
    for row in project.conn.execute(f"SELECT id, {cols} FROM documents"):
        if row[0] in doc_ids:
            out[row[0]] = dict(zip(Document.META, row[1:]))
    return out


# -- another project file, read-only ----------------------------------------------
@dataclass(frozen=True)
class SourceProject:
    """Everything a merge takes from another project file."""
    path: str
    project_id: str | None
    labels: tuple[Label, ...]
    documents: tuple[Document, ...]
    spans: tuple[Span, ...]


def read_source(path: str | Path) -> SourceProject:
    """Read another project file whole, or raise ProjectError naming it; never writes."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise ProjectError(f"{name}: no such project file")
    mode = "ro" if Path(name + "-wal").exists() else "ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode={mode}", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.DatabaseError as e:
        raise ProjectError(f"{name}: cannot open ({e})") from e
    try:
        return _read(conn, name)
    except sqlite3.DatabaseError as e:
        raise ProjectError(f"{name}: not an annotator project (not an SQLite database, "
                           f"or damaged: {e}); nothing was merged") from e
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, name: str) -> SourceProject:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version > SCHEMA_VERSION:
        raise ProjectError(f"{name} was made by a newer annotator (schema {version}; this "
                           f"version reads up to {SCHEMA_VERSION}); nothing was merged")
    if version == 0 or not _NEEDED_TABLES <= tables:
        raise ProjectError(f"{name}: not an annotator project; nothing was merged")
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        detail = "; ".join(check.replace("*** in database main ***", "").split())
        raise ProjectError(f"{name}: the file is damaged ({detail}); nothing was merged")
    pid = None
    if "project_info" in tables:
        row = conn.execute("SELECT value FROM project_info WHERE key='project_id'").fetchone()
        pid = row[0] if row else None
    labels = tuple(Label(n, c, k, d or "", o) for n, c, k, d, o in conn.execute(
        "SELECT name, colour, key, description, sort_order FROM labels ORDER BY sort_order, name"))
    cur = conn.execute(f"SELECT {', '.join(_DOC_COLUMNS)} FROM documents ORDER BY rowid")
    documents = tuple(Document(**dict(zip(_DOC_COLUMNS, row))) for row in cur)
    cur = conn.execute('SELECT id, doc_id, start, "end", label, text, annotator, speaker, note, '
                       'created, updated FROM spans ORDER BY doc_id, start, "end", label, id')
    spans = tuple(Span(*row) for row in cur)
    return SourceProject(name, pid, labels, documents, spans)


# -- writing a merge (inside the caller's transaction) ------------------------------
def insert_merge(project: Project, merge_id: int | None, source_file: str,
                 source_project: str | None, merged_at: str) -> int:
    cur = project.conn.execute(
        "INSERT INTO merges (id, source_file, source_project, merged_at) VALUES (?,?,?,?)",
        (merge_id, source_file, source_project, merged_at))
    return cur.lastrowid


def delete_merge(project: Project, merge_id: int) -> None:
    project.conn.execute("DELETE FROM merges WHERE id = ?", (merge_id,))


def insert_labels(project: Project, labels) -> None:
    project._write_labels(list(labels))


def delete_unused_labels(project: Project, names) -> list[str]:
    """Delete these labels; returns the ones still used by spans (not deleted)."""
    used = []
    for name in names:
        if project.conn.execute("SELECT 1 FROM spans WHERE label = ? LIMIT 1",
                                (name,)).fetchone():
            used.append(name)
        else:
            project.conn.execute("DELETE FROM labels WHERE name = ?", (name,))
    return used


def insert_documents(project: Project, documents) -> None:
    """New documents with their facts, indexed for search in one statement."""
    with project.bulk_documents():
        project.conn.executemany(
            f"INSERT INTO documents ({', '.join(_DOC_COLUMNS)}) "
            f"VALUES ({','.join('?' * len(_DOC_COLUMNS))})",
            [tuple(getattr(d, c) for c in _DOC_COLUMNS) for d in documents])
        project.conn.executemany("INSERT INTO document_facts VALUES (?,?,?,?,?,?)",
                                 [(d.id, *facts(d.text)) for d in documents])


def delete_documents(project: Project, doc_ids) -> None:
    project.conn.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in doc_ids])


def documents_with_spans_besides(project: Project, doc_ids, span_ids) -> list[str]:
    """Documents among doc_ids that hold spans other than span_ids."""
    keep = set(span_ids)
    out = []
    for doc_id in doc_ids:
        ids = {r[0] for r in project.conn.execute("SELECT id FROM spans WHERE doc_id = ?",
                                                  (doc_id,))}
        if ids - keep:
            out.append(doc_id)
    return out


def insert_spans(project: Project, spans, merge_id: int) -> list[int]:
    """Insert spans (id None: a new one) and record which merge brought them."""
    conn, ids = project.conn, []
    for who in {s.annotator for s in spans}:
        project.ensure_annotator(who)
    for s in spans:
        cur = conn.execute(
            'INSERT INTO spans (id, doc_id, start, "end", label, text, annotator, speaker, '
            "note, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (s.id, s.doc_id, s.start, s.end, s.label, s.text, s.annotator, s.speaker, s.note,
             s.created, s.updated))
        ids.append(cur.lastrowid)
    conn.executemany("INSERT INTO span_sources (span_id, merge_id) VALUES (?, ?)",
                     [(i, merge_id) for i in ids])
    return ids


def existing_span_ids(project: Project, span_ids) -> set[int]:
    found = set()
    for i in span_ids:
        if project.conn.execute("SELECT 1 FROM spans WHERE id = ?", (i,)).fetchone():
            found.add(i)
    return found


def delete_spans(project: Project, span_ids) -> None:
    project.conn.executemany("DELETE FROM spans WHERE id = ?", [(i,) for i in span_ids])


def update_meta(project: Project, doc_id: str, values: dict) -> None:
    if values:
        sets = ", ".join(f'"{k}" = ?' for k in values if k in Document.META)
        project.conn.execute(f"UPDATE documents SET {sets} WHERE id = ?",
                             (*(values[k] for k in values if k in Document.META), doc_id))


def merges(project: Project) -> list[dict]:
    return project._dicts(
        "SELECT m.id, m.source_file, m.source_project, m.merged_at, "
        "(SELECT count(*) FROM span_sources s WHERE s.merge_id = m.id) AS spans "
        "FROM merges m ORDER BY m.id")


def span_source(project: Project, span_id: int) -> dict | None:
    rows = project._dicts(
        "SELECT m.source_file, m.source_project, m.merged_at FROM span_sources s "
        "JOIN merges m ON m.id = s.merge_id WHERE s.span_id = ?", (span_id,))
    return rows[0] if rows else None


# -- review -------------------------------------------------------------------------
def review_status(project: Project, doc_id: str) -> str:
    row = project.conn.execute("SELECT status FROM review_status WHERE doc_id = ?",
                               (doc_id,)).fetchone()
    return row[0] if row else "not_started"


def set_review_status(project: Project, doc_id: str, status: str, reviewer: str,
                      stamp: str) -> None:
    if status == "not_started":
        project.conn.execute("DELETE FROM review_status WHERE doc_id = ?", (doc_id,))
    else:
        project.conn.execute(
            "INSERT INTO review_status (doc_id, status, reviewer, updated) VALUES (?,?,?,?) "
            "ON CONFLICT (doc_id) DO UPDATE SET status = excluded.status, "
            "reviewer = excluded.reviewer, updated = excluded.updated",
            (doc_id, status, reviewer, stamp))


def review_counts(project: Project) -> dict[str, int]:
    """Documents per review status (every status present, zero when none)."""
    counts = dict(project.conn.execute("SELECT status, count(*) FROM review_status GROUP BY 1"))
    total = project.document_count()
    return {"not_started": total - sum(counts.values()),
            "in_review": counts.get("in_review", 0), "reviewed": counts.get("reviewed", 0)}


def doc_lengths(project: Project, doc_ids=None) -> dict[str, int]:
    """Code-point length of each document (from document_facts: no text read)."""
    rows = project.conn.execute("SELECT doc_id, chars FROM document_facts")
    lengths = dict(rows)
    return lengths if doc_ids is None else {d: lengths[d] for d in doc_ids if d in lengths}


def agreement_units(project: Project, doc_ids, annotators=None, labels=None):
    """(doc_id, start, end, label, annotator) of the chosen documents' spans."""
    clauses, params = [], []
    for col, values in (("doc_id", doc_ids), ("annotator", annotators), ("label", labels)):
        if values is not None:
            clauses.append(f"{col} IN ({','.join('?' * len(values))})")
            params.extend(values)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return project.conn.execute(
        f'SELECT doc_id, start, "end", label, annotator FROM spans {where} '
        'ORDER BY doc_id, start', params).fetchall()


def reviewers(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute(
        "SELECT DISTINCT reviewer FROM review_status ORDER BY 1")]


def documents_coded_by_all(project: Project, annotators) -> list[str]:
    """Documents in which each of `annotators` made at least one span, in import order."""
    marks = ",".join("?" * len(annotators))
    return [r[0] for r in project.conn.execute(
        f"SELECT d.id FROM documents d WHERE (SELECT count(DISTINCT annotator) FROM spans s "
        f"WHERE s.doc_id = d.id AND s.annotator IN ({marks})) = ? ORDER BY d.rowid",
        (*annotators, len(set(annotators))))]


def documents_to_review(project: Project, reviewer: str) -> list[str]:
    """Documents with spans by at least two people other than the reviewer."""
    return [r[0] for r in project.conn.execute(
        "SELECT s.doc_id FROM spans s JOIN documents d ON d.id = s.doc_id "
        "WHERE s.annotator != ? GROUP BY s.doc_id "
        "HAVING count(DISTINCT s.annotator) >= 2 ORDER BY min(d.rowid)", (reviewer,))]


def doc_ids_of_event(project: Project, event: str) -> list[str]:
    return [r[0] for r in project.conn.execute(
        "SELECT id FROM documents WHERE event = ? ORDER BY rowid", (event,))]

