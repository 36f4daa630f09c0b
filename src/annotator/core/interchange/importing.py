"""Corpus import: read, check and write in one stream and one transaction.

An import is all or nothing: any bad file, line or span raises `InputError`
naming it, the transaction rolls back, and the project is left as it was. Records
are written in batches as they are read, so one input file at a time is in memory.
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from annotator.core.edits import Changes, Operation, default_annotator
from annotator.core.interchange import decoding, jsonio, registry
from annotator.core.interchange.decoding import (InputError, normalise_newlines, path_text,
                                                 special_kind)
from annotator.core.interchange.records import (DocRecord, Origin, ReadContext, SpanRecord,
                                                Warnings, show)
from annotator.core.labels import add_label, validate_label_name
from annotator.core.model import STATUSES, Document, ValidationError
from annotator.core.store import interchange_queries as queries
from annotator.core.store.interchange_queries import NewSpan
from annotator.core.store.project import Project, now

__all__ = ["Cancelled", "DocRecord", "ImportRecords", "ImportReport", "SpanRecord",
           "import_paths", "import_records", "read_paths"]

META_FIELDS = Document.META
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
PROGRESS_EVERY = 250
BATCH_CHARS = 4_000_000          # text written per batch: bounds memory, keeps inserts bulk

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
    warnings: Warnings = field(default_factory=Warnings)
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
    ctx = ReadContext()
    try:
        return list(iter_records(paths, ctx, outlet=outlet, event=event, manifest=manifest,
                                 fmt=fmt))
    finally:
        if warnings is not None:
            warnings.extend(ctx.warnings)


def iter_records(paths: Iterable[str | Path], ctx: ReadContext, *, outlet: str | None = None,
                 event: str | None = None, manifest: str | Path | None = None,
                 fmt: str = "auto") -> Iterator[DocRecord]:
    """The records of every input, one file in memory at a time; InputError on the
    first bad one. ctx collects warnings and says how far into a file reading is."""
    chosen = None if fmt == "auto" else registry.reader_format(fmt)
    if manifest:
        ctx.manifest.update(_read_manifest(Path(manifest)))
    walk = registry.folder_suffixes()
    read: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        files = _files(path, chosen, walk, ctx, manifest_given=bool(manifest))
        if files is None:                               # a folder in an annotation format
            folder_format = chosen if chosen and chosen.read_folder else registry.for_folder(path)
            records = folder_format.read_folder(path, ctx)
        else:
            records = _read_files(files, chosen, ctx, read)
        for record in records:
            for key, value in (("outlet", outlet), ("event", event)):
                if value is not None:
                    record.meta[key] = value
            yield record
    _check_manifest_used(ctx.manifest, read, ctx.warnings)


def _files(path: Path, chosen, walk: set[str], ctx: ReadContext, *,
           manifest_given: bool) -> list[Path] | None:
    """The files to read for one input path, or None for an annotation folder."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path_text(path)}: no such file or folder") from None
    except OSError as e:
        raise InputError(f"{path_text(path)}: cannot read ({e.strerror})") from e
    if stat.S_ISDIR(mode):
        if (chosen.read_folder if chosen else registry.for_folder(path)):
            return None
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in walk)
        for name in MANIFEST_NAMES:
            if (path / name).is_file() and not manifest_given:
                ctx.manifest.update(_read_manifest(path / name))
        if not files:
            raise InputError(f"{path_text(path)}: folder holds no "
                             f"{' or '.join(sorted(walk))} files")
        return files
    kind = special_kind(mode)
    if kind:
        raise InputError(f"{path_text(path)}: is {kind}, not a file or folder to import")
    return [path]


def _read_files(files: list[Path], chosen, ctx: ReadContext, read: set[Path]):
    for f in files:
        read.add(f.resolve())
        with contextlib.suppress(OSError):
            ctx.position, ctx.file_bytes = 0.0, f.stat().st_size
        yield from _read_file(f, chosen, ctx)
        ctx.done_bytes += ctx.file_bytes
        ctx.position, ctx.file_bytes = 0.0, 0


def _read_file(path: Path, chosen: registry.Format | None, ctx: ReadContext):
    """One file in the chosen format, or as its name says. A format read one JSON
    object at a time leaves whole files to their own format: `--format doccano` on
    a folder still reads its .txt files as plain text."""
    fmt = chosen or registry.for_file(path)
    if not fmt.read_file:
        fmt = registry.whole_file_format(path) or fmt
    if fmt.read_file:
        yield from fmt.read_file(path, ctx)
        return
    content, warn = decoding.read_text(path)
    ctx.warnings.decoded(warn)
    size, found = max(len(content), 1), False
    for item in jsonio.items(content, path):
        origin = Origin(path, item.line)
        parse = chosen or registry.for_object(item.value, origin.where)
        try:
            records = parse.read_object(item.value, origin, ctx)
        except RecursionError as e:                 # a deep but parseable meta field...
            raise InputError(f"{origin.where}: JSON nested too deeply to read") from e
        ctx.position = item.end / size
        for record in records:
            found = True
            yield record
    if not found:
        raise InputError(f"{path_text(path)}: no documents in it")


def _read_manifest(path: Path) -> dict[Path, dict]:
    """Manifest rows keyed by the resolved path of the file they describe."""
    text, _ = decoding.read_text(path)
    name = path_text(path)
    if path.suffix.lower() == ".json":
        data = jsonio.loads(text, name)
        rows = data.get("documents") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise InputError(f'{name}: expected a list of entries or {{"documents": [...]}}')
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    out = {}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("file"), str) or \
                not row["file"]:
            raise InputError(f"{name}: entry {n} has no 'file'")
        target = (path.parent / row["file"]).resolve()
        if not target.is_file():
            raise InputError(f"{name}: entry {n} names {row['file']!r}, which does not exist")
        try:
            out[target] = {k: str(v).strip() for k, v in row.items() if k and v is not None}
        except RecursionError as e:
            raise InputError(f"{name}: entry {n} is nested too deeply to read") from e
    return out


def _check_manifest_used(meta_by_file: dict, read: set[Path], warnings) -> None:
    # Importing one file of a described folder is fine; say what was left out.
    unused = [t for t in meta_by_file if t not in read]
    if unused:
        warnings.add("files a manifest describes; not imported",
                     f"manifest describes {len(unused)} file(s) not imported, "
                     f"e.g. {path_text(unused[0])}")


# -- writing ------------------------------------------------------------------
def import_paths(project: Project, paths, *, outlet=None, event=None, manifest=None,
                 progress: Progress | None = None, annotator: str | None = None,
                 fmt: str = "auto", add_labels: bool = False) -> ImportReport:
    """Read and write in one stream and one transaction: one input file in memory at
    a time. `progress` gets (bytes read, bytes in all inputs) while parsing and
    writing alike; any error leaves the project as it was."""
    ctx = ReadContext()
    total = _input_bytes(paths)
    records = iter_records(paths, ctx, outlet=outlet, event=event, manifest=manifest,
                           fmt=fmt)
    if progress:
        records = _reporting(records, ctx, total, progress)
    report = import_records(project, records, annotator=annotator, add_labels=add_labels)
    report.warnings[:0] = ctx.warnings
    report.warnings.kinds.update(ctx.warnings.kinds)
    return report


def _input_bytes(paths) -> int:
    """The size of what an import will read (roughly: files with a readable ending)."""
    endings = {e for f in registry.readers() for e in (*f.suffixes, *f.folder_suffixes)}
    total = 0
    for raw in paths:
        path = Path(raw)
        with contextlib.suppress(OSError):
            files = path.rglob("*") if path.is_dir() else [path]
            total += sum(p.stat().st_size for p in files
                         if p.suffix.lower() in endings and p.is_file())
    return total


def _reporting(records: Iterator[DocRecord], ctx: ReadContext, total: int,
               progress: Progress) -> Iterator[DocRecord]:
    """Records passed through, reporting (bytes read, total) at each percent."""
    total, shown = max(total, 1), -1
    for record in records:
        done = min(ctx.bytes_read(), total)
        if done * 100 // total != shown:
            shown = done * 100 // total
            if progress(done, total) is False:
                raise Cancelled("import cancelled; nothing was imported")
        yield record
    if progress(total, total) is False:
        raise Cancelled("import cancelled; nothing was imported")


def import_records(project: Project, records: Iterable[DocRecord], *,
                   progress: Progress | None = None, annotator: str | None = None,
                   add_labels: bool = False) -> ImportReport:
    """Write records in one transaction, in batches as they come (records may be a
    stream). Spans attach to the document with the same text. `progress` gets
    (records done, records in all) when records is a list."""
    report = ImportReport()
    annotator = annotator or default_annotator()
    stamp = now()
    total = len(records) if isinstance(records, (list, tuple)) else 0
    with project.transaction():
        batch = _Batch(project, annotator, stamp, add_labels, report)
        for i, r in enumerate(records):
            batch.add(r)
            if progress and i % PROGRESS_EVERY == 0 and progress(i, total) is False:
                raise Cancelled("import cancelled; nothing was imported")
        batch.flush()
        if progress and progress(total, total) is False:
            raise Cancelled("import cancelled; nothing was imported")
    report.changes = Changes(description="Import", documents_added=frozenset(report.added),
                             span_docs=frozenset(batch.touched) - frozenset(report.added))
    return report


class _Batch:
    """Checked documents and spans waiting to be written; flushed every BATCH_CHARS."""

    def __init__(self, project: Project, annotator: str, stamp: str, add_labels: bool,
                 report: ImportReport):
        self.project, self.annotator, self.stamp = project, annotator, stamp
        self.add_labels, self.report = add_labels, report
        self.labels = {l.name for l in project.labels()}
        self.taken = set(project.document_ids())
        self.known_sha = queries.known_hashes(project)
        self.docs: list[Document] = []
        self.spans: list[NewSpan] = []
        self.chars = 0
        self.touched: set[str] = set()

    def add(self, r: DocRecord) -> None:
        report = self.report
        try:
            sha = hashlib.sha256(r.text.encode("utf-8")).hexdigest()
        except UnicodeEncodeError as e:
            raise InputError(f"{r.origin}: the text holds a lone surrogate at character "
                             f"{e.start:,}, which is not text") from e
        existing = self.known_sha.get(sha)
        if existing:
            report.duplicates.append(Duplicate(r.origin, existing))
            doc_id = existing
        else:
            doc_id = _unique_id(r.id or sha[:12], self.taken)
            if r.id and doc_id != r.id:
                report.warnings.add("ids taken; renamed",
                                    f"{r.origin}: id {r.id!r} is taken by another document; "
                                    f"stored as {doc_id!r}")
            self.known_sha[sha] = doc_id
            status = r.meta.get("status") or "new"
            if status not in STATUSES:
                raise InputError(f"{r.origin}: status {show(status)} is not one of "
                                 f"{', '.join(STATUSES)}")
            _check_fields(r, doc_id)
            self.docs.append(Document(doc_id, r.text, **{k: r.meta.get(k) for k in META_FIELDS},
                                      sha256=sha, source=r.source, imported_at=self.stamp,
                                      status=status))
            report.added.append(doc_id)
            self.chars += len(r.text)
        text, size, labels = r.text, len(r.text), self.labels
        for s in r.spans:
            start, end = s.start, s.end
            # the usual span passes this one test; any other is checked in full
            if not (type(start) is int and type(end) is int and 0 <= start < end <= size
                    and s.text is None and type(s.label) is str and s.label in labels
                    and _plain(s)):
                _check_span(s, r, labels, self.add_labels, self.project)
            self.spans.append(NewSpan(doc_id, start, end, s.label, text[start:end],
                                      s.annotator or self.annotator, s.speaker or None,
                                      s.note or None, self.stamp, self.stamp))
        if r.spans:
            self.touched.add(doc_id)
        if self.chars >= BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        queries.insert_documents(self.project, self.docs)
        self.report.spans_added += queries.insert_spans(self.project, self.spans)
        self.docs, self.spans, self.chars = [], [], 0


def _plain(s: SpanRecord) -> bool:
    """Speaker, note and annotator are absent or ASCII strings: storable as they are."""
    return all(v is None or (type(v) is str and v.isascii())
               for v in (s.speaker, s.note, s.annotator))


def _check_fields(r: DocRecord, doc_id) -> None:
    """Every text field of a new document can be stored: strings without lone
    surrogates (JSON "\\ud800" escapes decode to them)."""
    for name, value in (("id", doc_id), ("source", r.source),
                        *((k, r.meta.get(k)) for k in META_FIELDS)):
        if value is not None and not _storable(value):
            raise InputError(f"{r.origin}: {name} {show(value)} holds a lone surrogate, "
                             "which is not text")


def _storable(value) -> bool:
    if type(value) is not str:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unique_id(wanted: str, taken: set[str]) -> str:
    doc_id, n = wanted, 2
    while doc_id in taken:
        doc_id, n = f"{wanted}-{n}", n + 1
    taken.add(doc_id)
    return doc_id


def _where(s: SpanRecord, r: DocRecord) -> str:
    return f"{s.origin or r.origin} span {show(s.start)}-{show(s.end)}"    # only on errors


def _check_span(s: SpanRecord, r: DocRecord, labels, add_labels, project) -> None:
    """Offsets, text, label and text fields of a span, each with its own message; a
    label new to the project is added when add_labels says so."""
    start, end = s.start, s.end
    if type(start) is not int or type(end) is not int:
        raise InputError(f"{_where(s, r)}: offsets must be integers, got {show(start)}, "
                         f"{show(end)}")
    if not 0 <= start < end <= len(r.text):
        raise InputError(f"{_where(s, r)}: span is outside the text (0-{len(r.text)}) or "
                         "empty")
    piece = r.text[start:end]
    if s.text is not None and s.text != piece and (
            type(s.text) is not str or normalise_newlines(s.text) != piece):
        raise InputError(f"{_where(s, r)}: span text {show(s.text)} does not match the "
                         f"document ({show(piece)} at those offsets)")
    for name in ("speaker", "note", "annotator"):
        value = getattr(s, name)
        if value is not None and not _storable(value):
            raise InputError(f"{_where(s, r)}: {name} {show(value)} holds a lone surrogate "
                             "or is not a string")
    try:
        validate_label_name(s.label)
    except ValidationError as e:
        raise InputError(f"{_where(s, r)}: {e}") from e
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
