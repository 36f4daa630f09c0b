"""Corpus import: read, check and write in one stream and one transaction.

An import is all or nothing: any bad file, line or span raises `InputError`
naming it, the transaction rolls back, and the project is left as it was. Records
are written in batches as they are read, so one input file at a time is in memory.
"""
from __future__ import annotations

import functools
import hashlib
import operator
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, NamedTuple

from annotator.core.gcpause import cyclic_gc_paused
from annotator.core.edits import Changes, Operation, default_annotator
from annotator.core.interchange.decoding import InputError, normalise_newlines
from annotator.core.interchange.reading import input_bytes, iter_records, read_paths
from annotator.core.interchange.records import (DocRecord, ReadContext, SpanRecord, Warnings,
                                                show)
from annotator.core.labels import add_label, validate_label_name
from annotator.core.model import STATUSES, Document, Label, ValidationError
from annotator.core.store import interchange_queries as queries
from annotator.core.store.interchange_queries import NewDocument, NewSpan
from annotator.core.store.project import Project, now

__all__ = ["Cancelled", "DocRecord", "ImportRecords", "ImportReport", "SpanRecord",
           "import_paths", "import_records", "read_paths"]

META_FIELDS = Document.META
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
    labels_added: list[str] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> str:
        parts = [f"imported {len(self.added)} document(s)"]
        if self.spans_added:
            parts.append(f"{self.spans_added} span(s)")
        if self.duplicates:
            parts.append(f"skipped {len(self.duplicates)} already in the project")
        if self.labels_added:
            parts.append(f"added label(s) {', '.join(self.labels_added)}")
        return ", ".join(parts)


# -- writing ------------------------------------------------------------------
def import_paths(project: Project, paths, *, outlet=None, event=None, manifest=None,
                 progress: Progress | None = None, annotator: str | None = None,
                 fmt: str = "auto", add_labels: bool = False) -> ImportReport:
    """Read and write in one stream and one transaction: one input file in memory at
    a time. `progress` gets (bytes read, bytes in all inputs) while parsing and
    writing alike; any error leaves the project as it was."""
    ctx = ReadContext(sized=progress is not None)
    records = iter_records(paths, ctx, outlet=outlet, event=event, manifest=manifest,
                           fmt=fmt)
    if progress:            # sizing the inputs walks every folder: only for progress
        records = _reporting(records, ctx, input_bytes(paths), progress)
    report = import_records(project, records, annotator=annotator, add_labels=add_labels,
                            defined=ctx.labels)
    report.warnings[:0] = ctx.warnings
    report.warnings.kinds.update(ctx.warnings.kinds)
    return report


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
                   add_labels: bool = False,
                   defined: dict[str, Label] | None = None) -> ImportReport:
    """Write records in one transaction, in batches as they come (records may be a
    stream). Spans attach to the document with the same text. `progress` gets
    (records done, records in all) when records is a list. `defined` holds the
    label sets the files carried (filled while they are read): labels the project
    lacks are added from it, in order, colours kept."""
    report = ImportReport()
    annotator = annotator or default_annotator()
    stamp = now()
    total = len(records) if isinstance(records, (list, tuple)) else 0
    with cyclic_gc_paused(), project.transaction():
        batch = _Batch(project, annotator, stamp, add_labels, report,
                       {} if defined is None else defined)
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
                 report: ImportReport, defined: dict[str, Label]):
        self.project, self.annotator, self.stamp = project, annotator, stamp
        self.add_labels, self.report = add_labels, report
        self.labels = {l.name for l in project.labels()}
        self.defined, self.seen_defined = defined, 0
        self.taken = set(project.document_ids())
        self.known_sha = queries.known_hashes(project)
        self.docs: list[NewDocument] = []
        self.spans: list[NewSpan] = []
        self.chars = 0
        self.touched: set[str] = set()

    def define_labels(self) -> None:
        """Labels the files defined and the project lacks, added in the files' order."""
        if len(self.defined) == self.seen_defined:
            return
        new = list(self.defined.values())[self.seen_defined:]
        self.seen_defined = len(self.defined)
        keys = queries.label_keys(self.project)
        order = len(self.labels)
        for label in new:
            if label.name in self.labels:
                continue
            try:
                name = validate_label_name(label.name)
            except ValidationError as e:
                raise InputError(f"label set: {e}") from e
            key = label.key if label.key and label.key not in keys else None
            keys.add(key)
            self.project.write_labels([Label(name, label.colour, key, label.description,
                                             order)])
            self.labels.add(name)
            self.report.labels_added.append(name)
            order += 1

    def add(self, r: DocRecord) -> None:
        report = self.report
        if len(self.defined) != self.seen_defined:
            self.define_labels()
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
            self.docs.append(_new_document((doc_id, *map(r.meta.get, META_FIELDS), r.text, sha,
                                            r.source, self.stamp, status)))
            report.added.append(doc_id)
            self.chars += len(r.text)
        text, size, labels, stamp = r.text, len(r.text), self.labels, self.stamp
        add, new_span, default_who = self.spans.append, _new_span, self.annotator
        for s in r.spans:
            start, end, who, speaker, note = s.start, s.end, s.annotator, s.speaker, s.note
            # the usual span passes this one test (inlined: it runs for every span);
            # any other is checked in full
            if not (type(start) is int and type(end) is int and 0 <= start < end <= size
                    and s.text is None and type(s.label) is str and s.label in labels
                    and (who is None or (type(who) is str and who.isascii()))
                    and (speaker is None or (type(speaker) is str and speaker.isascii()))
                    and (note is None or (type(note) is str and note.isascii()))):
                _check_span(s, r, labels, self.add_labels, self.project)
            created, updated, span_id = s.created, s.updated, s.id
            add(new_span((doc_id, start, end, s.label, text[start:end],
                          who or default_who, speaker or None, note or None,
                          stamp if created is None else _stamp(created, stamp),
                          stamp if updated is None else _stamp(updated, stamp),
                          None if span_id is None else _span_id(span_id))))
        if r.spans:
            self.touched.add(doc_id)
        if self.chars >= BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        self.define_labels()
        queries.insert_documents(self.project, self.docs)
        self.report.spans_added += queries.insert_spans(self.project, self.spans)
        self.docs, self.spans, self.chars = [], [], 0


# Records built from a complete tuple without NamedTuple.__new__'s Python frame
# (one per imported span and document).
_new_span = functools.partial(tuple.__new__, NewSpan)
_new_document = functools.partial(tuple.__new__, NewDocument)
_not_none = functools.partial(operator.is_not, None)


def _stamp(value, default: str) -> str:
    """A time the file gives (as the exporting project wrote it), or the import's."""
    return value if type(value) is str and 0 < len(value) <= 40 and _storable(value) \
        else default


def _span_id(value) -> int | None:
    return value if type(value) is int and 0 < value < 2**63 else None


def _check_fields(r: DocRecord, doc_id) -> None:
    """Every text field of a new document can be stored: strings without lone
    surrogates (JSON "\\ud800" escapes decode to them)."""
    values = (doc_id, r.source, *map(r.meta.get, META_FIELDS))
    try:                          # the usual document: all ASCII strings, checked in C
        if "".join(filter(_not_none, values)).isascii():
            return
    except TypeError:             # a value that is not a string: named below
        pass
    for name, value in zip(("id", "source", *META_FIELDS), values):
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
        s.label = validate_label_name(s.label)          # trimmed
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
