"""What readers produce: documents and spans still to be checked against the project.

Readers fill these from any format; `importing.import_records` checks offsets,
span text and labels while naming the record's origin (file, line, span).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.interchange.decoding import path_text
from annotator.core.model import STATUSES, Document, InputError, Label

META_FIELDS = Document.META


@dataclass(slots=True)
class SpanRecord:
    start: int
    end: int
    label: str
    text: str | None = None
    annotator: str | None = None
    speaker: str | None = None
    note: str | None = None
    origin: str | None = None        # "file.ann:7" when the span has its own line
    id: int | None = None            # the exporting project's span id, when the file has it
    created: str | None = None
    updated: str | None = None


@dataclass
class DocRecord:
    """One document to import, with where it came from for error messages."""
    text: str
    origin: str                      # "file.jsonl:12" or "file.txt"
    id: str | None = None
    meta: dict = field(default_factory=dict)
    source: str | None = None
    spans: list[SpanRecord] = field(default_factory=list)


class Warnings(list):
    """Warning messages, counted by kind so `--quiet` can say "10,000 ids taken;
    renamed" in one line instead of printing 10,000."""

    def __init__(self, *args):
        super().__init__(*args)
        self.kinds: Counter[str] = Counter()

    def add(self, kind: str, message: str) -> None:
        self.append(message)
        self.kinds[kind] += 1

    def decoded(self, messages: list[str]) -> None:
        """What decoding.decode warns about (a file not UTF-8, and what it was read as)."""
        for message in messages:
            self.add("files not UTF-8; encoding detected", message)

    def summary(self) -> str:
        parts = [f"{n:,} {kind}" for kind, n in self.kinds.items()]
        others = len(self) - sum(self.kinds.values())
        if others:
            parts.append(f"{others:,} other warning(s)")
        return "; ".join(parts)


@dataclass
class ReadContext:
    """What every reader may use: warnings to add to, a manifest's metadata
    (resolved path of a text file -> its row), and how far into the current file
    reading has come (0..1, for progress while parsing)."""
    warnings: Warnings = field(default_factory=Warnings)
    labels: dict[str, Label] = field(default_factory=dict)   # label sets files carried
    manifest: dict[Path, dict] = field(default_factory=dict)
    position: float = 0.0         # how far into the current file (0..1)
    file_bytes: int = 0           # the current file's size
    done_bytes: int = 0           # the sizes of the files read before it
    sized: bool = True            # keep the byte counts above (only progress needs them)

    def bytes_read(self) -> int:
        return self.done_bytes + int(self.position * self.file_bytes)


@dataclass(frozen=True)
class Origin:
    """One JSON object's place in its file."""
    path: Path
    line: int

    @property
    def where(self) -> str:
        return f"{path_text(self.path)}:{self.line}"

    @property
    def default_id(self) -> str:
        return f"{path_text(self.path.stem)}-{self.line}"

    @property
    def source(self) -> str:
        return path_text(self.path)


def set_status(record: DocRecord, status, where: str) -> None:
    if status in (None, ""):
        return
    if status not in STATUSES:
        raise InputError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    record.meta["status"] = status


def check_int_offsets(start, end, where: str) -> None:
    if type(start) is not int or type(end) is not int:
        raise InputError(f"{where}: offsets must be integers, got {show(start)}, {show(end)}")


def show(value) -> str:
    """A value for a message: an offset with thousands of digits is described, not
    printed; anything else as repr, cut short."""
    if type(value) is int and not -10**15 < value < 10**15:
        return f"a {len(str(abs(value))):,}-digit number"
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"
