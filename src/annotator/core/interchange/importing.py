"""Corpus import: read and check everything first, then write in one transaction.

An import is all or nothing: any bad file, line or span raises `InputError`
naming it, and the project is left as it was.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from annotator.core.interchange import decoding
from annotator.core.interchange.decoding import InputError, normalise_newlines, offset_mapper
from annotator.core.doc_facts import facts
from annotator.core.edits import Changes, Operation, default_annotator
from annotator.core.model import STATUSES, Document, ValidationError, check_offsets
from annotator.core.store.project import Project, now

META_FIELDS = Document.META
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
TEXT_SUFFIXES = {".txt"}
PROGRESS_EVERY = 250

Progress = Callable[[int, int], "bool | None"]   # (done, total); False cancels


class Cancelled(InputError):
    """The user cancelled; nothing was written."""


@dataclass
class SpanRecord:
    start: int
    end: int
    label: str
    text: str | None = None
    annotator: str | None = None
    speaker: str | None = None
    note: str | None = None
    origin: str | None = None        # "file.ann:7" when the span has its own line


@dataclass
class DocRecord:
    """One document to import, with where it came from for error messages."""
    text: str
    origin: str                      # "file.jsonl:12" or "file.txt"
    id: str | None = None
    meta: dict = field(default_factory=dict)
    source: str | None = None
    spans: list[SpanRecord] = field(default_factory=list)


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)   # (origin, existing id)
    spans_added: int = 0
    warnings: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> str:
        parts = [f"imported {len(self.added)} document(s)"]
        if self.spans_added:
            parts.append(f"{self.spans_added} span(s)")
        if self.duplicates:
            parts.append(f"skipped {len(self.duplicates)} already in the project")
        return ", ".join(parts)


# -- reading ------------------------------------------------------------------
def read_paths(paths: Iterable[str | Path], *, outlet: str | None = None,
               event: str | None = None, manifest: str | Path | None = None,
               warnings: list[str] | None = None, fmt: str = "auto") -> list[DocRecord]:
    """Read every input into records, or raise InputError on the first bad one."""
    from annotator.core.interchange import readers  # annotation formats (Label Studio, doccano, brat, ...)
    warnings = warnings if warnings is not None else []
    meta_by_file = _read_manifest(Path(manifest)) if manifest else {}
    records: list[DocRecord] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and readers.is_annotation_folder(path, fmt):
            records.extend(readers.read_folder(path, warnings))
            continue
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and
                           p.suffix.lower() in TEXT_SUFFIXES | {".jsonl"})
            for name in MANIFEST_NAMES:
                if (path / name).is_file() and not manifest:
                    meta_by_file.update(_read_manifest(path / name))
            if not files:
                raise InputError(f"{path}: folder holds no .txt or .jsonl files")
        elif path.is_file():
            files = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        for f in files:
            records.extend(_read_file(f, meta_by_file, warnings, fmt))
    _check_manifest_used(meta_by_file, records, warnings)
    for r in records:
        for key, value in (("outlet", outlet), ("event", event)):
            if value is not None:
                r.meta[key] = value
    return records


def _read_file(path: Path, meta_by_file: dict, warnings: list[str],
               fmt: str = "auto") -> list[DocRecord]:
    suffix = path.suffix.lower()
    if fmt == "txt" or (suffix in TEXT_SUFFIXES and fmt != "brat"):
        text, warn = decoding.read_text(path)
        warnings.extend(warn)
        entry = meta_by_file.get(path.resolve(), {}) if meta_by_file else {}
        meta = {k: entry[k] for k in META_FIELDS if entry.get(k)}
        return [DocRecord(normalise_newlines(text), str(path), id=entry.get("id") or path.stem,
                          meta=meta, source=str(path))]
    from annotator.core.interchange import readers
    return readers.read_file(path, fmt, warnings)


def record_from_object(obj, where: str, *, default_id: str, source: str) -> DocRecord:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: missing 'text' (a non-empty string)")
    meta_in = obj.get("meta") or {}
    if not isinstance(meta_in, dict):
        raise InputError(f"{where}: 'meta' must be an object")
    meta = {k: str(meta_in[k]) for k in META_FIELDS if meta_in.get(k) not in (None, "")}
    doc_id = obj.get("id")
    if doc_id in (None, ""):
        doc_id = default_id
    spans = obj.get("spans") or []
    if not isinstance(spans, list):
        raise InputError(f"{where}: 'spans' must be a list")
    record = DocRecord(normalise_newlines(text), where, id=str(doc_id), meta=meta,
                       source=source)
    to_stored = offset_mapper(text)   # offsets were given against the text with CRLFs
    for i, s in enumerate(spans, 1):
        span = _span_record(s, f"{where} span {i}")
        if "\r" in text:
            _check_int_offsets(span, f"{where} span {i}")
            span.start, span.end = to_stored(span.start), to_stored(span.end)
        record.spans.append(span)
    return record


def _check_int_offsets(span: "SpanRecord", where: str) -> None:
    if type(span.start) is not int or type(span.end) is not int:
        raise InputError(f"{where}: offsets must be integers, got {span.start!r}, {span.end!r}")


def _span_record(s, where: str) -> SpanRecord:
    if not isinstance(s, dict):
        raise InputError(f"{where}: a span must be an object")
    try:
        start, end, label = s["start"], s["end"], s["label"]
    except KeyError as e:
        raise InputError(f"{where}: missing {e.args[0]!r}") from e
    return SpanRecord(start, end, str(label), s.get("text"), _opt_str(s.get("annotator")),
                      _opt_str(s.get("speaker")), _opt_str(s.get("note")))


def _opt_str(value) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _read_manifest(path: Path) -> dict[Path, dict]:
    """Manifest rows keyed by the resolved path of the file they describe."""
    text, _ = decoding.read_text(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{e.lineno}: malformed JSON ({e.msg})") from e
        rows = data.get("documents") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise InputError(f'{path}: expected a list of entries or {{"documents": [...]}}')
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    out = {}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not row.get("file"):
            raise InputError(f"{path}: entry {n} has no 'file'")
        target = (path.parent / row["file"]).resolve()
        if not target.is_file():
            raise InputError(f"{path}: entry {n} names {row['file']!r}, which does not exist")
        out[target] = {k: str(v).strip() for k, v in row.items() if k and v is not None}
    return out


def _check_manifest_used(meta_by_file: dict, records: list[DocRecord],
                         warnings: list[str]) -> None:
    # Importing one file of a described folder is fine; say what was left out.
    if not meta_by_file:
        return
    read = {Path(r.source).resolve() for r in records if r.source}
    unused = [t for t in meta_by_file if t not in read]
    if unused:
        warnings.append(f"manifest describes {len(unused)} file(s) not imported, "
                        f"e.g. {unused[0]}")


# -- writing ------------------------------------------------------------------
def import_paths(project: Project, paths, *, outlet=None, event=None, manifest=None,
                 progress: Progress | None = None, annotator: str | None = None,
                 fmt: str = "auto", add_labels: bool = False) -> ImportReport:
    warnings: list[str] = []
    records = read_paths(paths, outlet=outlet, event=event, manifest=manifest,
                         warnings=warnings, fmt=fmt)
    report = import_records(project, records, progress=progress, annotator=annotator,
                            add_labels=add_labels)
    report.warnings[:0] = warnings
    return report


def import_records(project: Project, records: list[DocRecord], *,
                   progress: Progress | None = None, annotator: str | None = None,
                   add_labels: bool = False) -> ImportReport:
    """Write records in one transaction. Spans attach to the document with the same text."""
    report = ImportReport()
    annotator = annotator or default_annotator()
    stamp = now()
    total = len(records)
    with project.transaction():
        labels = {l.name for l in project.labels()}
        taken = set(project.document_ids())
        # One read of the known hashes beats a query per record on big imports.
        known_sha: dict[str, str] = dict(project.conn.execute(
            "SELECT sha256, id FROM documents"))
        rows, fact_rows, span_rows, touched = [], [], [], set()
        for i, r in enumerate(records):
            utf8 = r.text.encode("utf-8")
            sha = hashlib.sha256(utf8).hexdigest()
            existing = known_sha.get(sha)
            if existing:
                report.duplicates.append((r.origin, existing))
                doc_id = existing
            else:
                doc_id = _unique_id(r.id or sha[:12], taken)
                if r.id and doc_id != r.id:
                    report.warnings.append(f"{r.origin}: id {r.id!r} is taken by another "
                                           f"document; stored as {doc_id!r}")
                known_sha[sha] = doc_id
                status = r.meta.get("status") or "new"
                if status not in STATUSES:
                    raise InputError(f"{r.origin}: status {status!r} is not one of "
                                     f"{', '.join(STATUSES)}")
                rows.append((doc_id, *map(r.meta.get, META_FIELDS), r.text, sha,
                             r.source, stamp, status))
                fact_rows.append((doc_id, *facts(r.text, utf8)))
                report.added.append(doc_id)
            text, size = r.text, len(r.text)
            for s in r.spans:
                start, end = s.start, s.end
                # the usual span passes this one test; any other is checked in full
                if not (type(start) is int and type(end) is int and 0 <= start < end <= size
                        and s.text is None and s.label in labels):
                    _check_span(s, r, labels, add_labels, project)
                span_rows.append((doc_id, start, end, s.label, text[start:end],
                                  s.annotator or annotator, s.speaker or None, s.note or None,
                                  stamp, stamp))
            if r.spans:
                touched.add(doc_id)
            if progress and i % PROGRESS_EVERY == 0 and progress(i, total) is False:
                raise Cancelled("import cancelled; nothing was imported")
        with project.bulk_documents():
            project.conn.executemany(
                f"INSERT INTO documents (id, {', '.join(META_FIELDS)}, text, sha256, source, "
                "imported_at, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            project.conn.executemany(
                "INSERT INTO document_facts VALUES (?,?,?,?,?,?)", fact_rows)
        report.spans_added = _insert_spans(project, span_rows)
        if progress and progress(total, total) is False:
            raise Cancelled("import cancelled; nothing was imported")
    report.changes = Changes(description="Import", documents_added=frozenset(report.added),
                             span_docs=frozenset(touched) - frozenset(report.added))
    return report


def _unique_id(wanted: str, taken: set[str]) -> str:
    doc_id, n = wanted, 2
    while doc_id in taken:
        doc_id, n = f"{wanted}-{n}", n + 1
    taken.add(doc_id)
    return doc_id


def _where(s: SpanRecord, r: DocRecord) -> str:
    return f"{s.origin or r.origin} span {s.start}-{s.end}"          # only on errors


def _check_span(s: SpanRecord, r: DocRecord, labels, add_labels, project) -> None:
    """Offsets, text and label of a span, each with its own message; a label new to
    the project is added when add_labels says so."""
    start, end = s.start, s.end
    if not (type(start) is int and type(end) is int and 0 <= start < end <= len(r.text)):
        try:                                  # the slow path, for its message
            check_offsets(r.text, start, end)
        except ValidationError as e:
            raise InputError(f"{_where(s, r)}: {e}") from e
    piece = r.text[start:end]
    if s.text is not None and s.text != piece and normalise_newlines(s.text) != piece:
        raise InputError(f"{_where(s, r)}: span text {s.text!r} does not match the document "
                         f"({piece!r} at those offsets)")
    if s.label not in labels:
        if not add_labels:
            raise InputError(f"{_where(s, r)}: label {s.label!r} is not in the project's label "
                             f"set ({', '.join(sorted(labels))}); use --add-labels to create it")
        from annotator.core.labels import add_label
        add_label(project, s.label)
        labels.add(s.label)


def _insert_spans(project: Project, rows: list[tuple]) -> int:
    for who in {row[5] for row in rows}:
        project.ensure_annotator(who)
    before = project.conn.total_changes
    project.conn.executemany(
        'INSERT OR IGNORE INTO spans (doc_id, start, "end", label, text, annotator, speaker, '
        "note, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    return project.conn.total_changes - before


@dataclass(frozen=True)
class ImportRecords(Operation):
    """An import as one operation for the window's single change path. It is not
    undoable (the Editor keeps no step for it); `reports` receives the ImportReport."""
    records: tuple[DocRecord, ...]
    annotator: str | None = None
    progress: Progress | None = None
    reports: list = field(default_factory=list)
    description = "Import"

    def apply(self, project):
        report = import_records(project, list(self.records), progress=self.progress,
                                annotator=self.annotator)
        self.reports.append(report)
        return report.changes, None
