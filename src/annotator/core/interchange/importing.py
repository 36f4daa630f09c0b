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
from typing import Callable, Iterable, NamedTuple

from annotator.core.edits import Changes, Operation, default_annotator
from annotator.core.interchange import decoding, jsonio, registry
from annotator.core.interchange.decoding import InputError, normalise_newlines
from annotator.core.interchange.records import DocRecord, Origin, ReadContext, SpanRecord
from annotator.core.labels import add_label
from annotator.core.model import STATUSES, Document, ValidationError, check_offsets
from annotator.core.store import interchange_queries as queries
from annotator.core.store.interchange_queries import NewSpan
from annotator.core.store.project import Project, now

__all__ = ["Cancelled", "DocRecord", "ImportRecords", "ImportReport", "SpanRecord",
           "import_paths", "import_records", "read_paths"]

META_FIELDS = Document.META
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
PROGRESS_EVERY = 250

Progress = Callable[[int, int], "bool | None"]   # (done, total); False cancels


class Cancelled(InputError):
    """The user cancelled; nothing was written."""


class Duplicate(NamedTuple):
    origin: str                   # the input record, "file.jsonl:3"
    existing: str                 # the id of the document with the same text


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
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
    chosen = None if fmt == "auto" else registry.reader_format(fmt)
    ctx = ReadContext(warnings if warnings is not None else [],
                      _read_manifest(Path(manifest)) if manifest else {})
    records: list[DocRecord] = []
    walk = registry.folder_suffixes()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            folder_format = (chosen if chosen and chosen.read_folder
                             else registry.for_folder(path) if chosen is None else None)
            if folder_format:
                records.extend(folder_format.read_folder(path, ctx))
                continue
            files = sorted(p for p in path.rglob("*") if p.is_file() and
                           p.suffix.lower() in walk)
            for name in MANIFEST_NAMES:
                if (path / name).is_file() and not manifest:
                    ctx.manifest.update(_read_manifest(path / name))
            if not files:
                raise InputError(f"{path}: folder holds no "
                                 f"{' or '.join(sorted(walk))} files")
        elif path.is_file():
            files = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        for f in files:
            records.extend(_read_file(f, chosen, ctx))
    _check_manifest_used(ctx.manifest, records, ctx.warnings)
    for r in records:
        for key, value in (("outlet", outlet), ("event", event)):
            if value is not None:
                r.meta[key] = value
    return records


def _read_file(path: Path, chosen: registry.Format | None, ctx: ReadContext) -> list[DocRecord]:
    """One file in the chosen format, or as its name says. A format read one JSON
    object at a time leaves whole files to their own format: `--format doccano` on
    a folder still reads its .txt files as plain text."""
    fmt = chosen or registry.for_file(path)
    if not fmt.read_file:
        fmt = registry.whole_file_format(path) or fmt
    if fmt.read_file:
        return fmt.read_file(path, ctx)
    content, warn = decoding.read_text(path)
    ctx.warnings.extend(warn)
    records = []
    for item in jsonio.items(content, path):
        origin = Origin(path, item.line)
        parse = chosen or registry.for_object(item.value, origin.where)
        records.extend(parse.read_object(item.value, origin, ctx))
    if not records:
        raise InputError(f"{path}: no documents in it")
    return records


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
        known_sha = queries.known_hashes(project)
        docs: list[Document] = []
        spans: list[NewSpan] = []
        touched = set()
        for i, r in enumerate(records):
            sha = hashlib.sha256(r.text.encode("utf-8")).hexdigest()
            existing = known_sha.get(sha)
            if existing:
                report.duplicates.append(Duplicate(r.origin, existing))
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
                docs.append(Document(doc_id, r.text, **{k: r.meta.get(k) for k in META_FIELDS},
                                     sha256=sha, source=r.source, imported_at=stamp,
                                     status=status))
                report.added.append(doc_id)
            text, size = r.text, len(r.text)
            for s in r.spans:
                start, end = s.start, s.end
                # the usual span passes this one test; any other is checked in full
                if not (type(start) is int and type(end) is int and 0 <= start < end <= size
                        and s.text is None and s.label in labels):
                    _check_span(s, r, labels, add_labels, project)
                spans.append(NewSpan(doc_id, start, end, s.label, text[start:end],
                                     s.annotator or annotator, s.speaker or None,
                                     s.note or None, stamp, stamp))
            if r.spans:
                touched.add(doc_id)
            if progress and i % PROGRESS_EVERY == 0 and progress(i, total) is False:
                raise Cancelled("import cancelled; nothing was imported")
        queries.insert_documents(project, docs)
        report.spans_added = queries.insert_spans(project, spans)
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
        add_label(project, s.label)
        labels.add(s.label)


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
