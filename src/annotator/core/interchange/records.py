"""What readers produce: documents and spans still to be checked against the project.

Readers fill these from any format; `importing.import_records` checks offsets,
span text and labels while naming the record's origin (file, line, span).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import STATUSES, Document, InputError

META_FIELDS = Document.META


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
class ReadContext:
    """What every reader may use: warnings to add to, and a manifest's metadata
    (resolved path of a text file -> its row)."""
    warnings: list[str] = field(default_factory=list)
    manifest: dict[Path, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class Origin:
    """One JSON object's place in its file."""
    path: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def default_id(self) -> str:
        return f"{self.path.stem}-{self.line}"

    @property
    def source(self) -> str:
        return str(self.path)


def set_status(record: DocRecord, status, where: str) -> None:
    if status in (None, ""):
        return
    if status not in STATUSES:
        raise InputError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    record.meta["status"] = status


def check_int_offsets(start, end, where: str) -> None:
    if type(start) is not int or type(end) is not int:
        raise InputError(f"{where}: offsets must be integers, got {start!r}, {end!r}")
