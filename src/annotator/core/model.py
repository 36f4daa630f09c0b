"""Plain records the core hands out, and the offset rules every write obeys."""
from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("new", "in_progress", "done")
SPAN_FIELDS = ("label", "speaker", "note", "start", "end")


class AnnotatorError(Exception):
    """A problem the user caused or can fix; shown as one line, never a traceback."""


class ValidationError(AnnotatorError):
    """An edit or an input record breaks a rule (offsets, labels, duplicates)."""


class InputError(ValidationError):
    """Bad input; the message names the file (and line) and the reason."""


class ProjectError(AnnotatorError):
    """The project file cannot be used: newer schema, not a database, locked."""


class NotFound(AnnotatorError):
    """A document, span or label that the caller named does not exist."""


@dataclass(frozen=True)
class Label:
    name: str
    colour: str
    key: str | None = None
    description: str = ""
    order: int = 0


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    event: str | None = None
    language: str | None = None
    sha256: str = ""
    source: str | None = None
    imported_at: str | None = None
    status: str = "new"

    META = ("outlet", "title", "author", "published", "url", "event", "language")

    def meta(self) -> dict:
        return {k: getattr(self, k) for k in self.META}

    def display_title(self) -> str:
        return display_title(self.title, self.text)


@dataclass(frozen=True)
class Span:
    id: int
    doc_id: str
    start: int
    end: int
    label: str
    text: str
    annotator: str
    speaker: str | None = None
    note: str | None = None
    created: str | None = None
    updated: str | None = None


TITLE_WORDS = 8


def display_title(title: str | None, text: str | None) -> str:
    """The title, or for an article printed without a headline its first words
    (TITLE_WORDS of them, then an ellipsis), so every list shows something readable."""
    if title and title.strip():
        return title.strip()
    words = (text or "").split(None, TITLE_WORDS)
    if not words:
        return ""
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


def check_offsets(text: str, start, end) -> None:
    """Offsets are code points of `text`, end exclusive; the span is non-empty."""
    if type(start) is not int or type(end) is not int:
        raise ValidationError(f"offsets must be integers, got {start!r}, {end!r}")
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            f"span {start}-{end} is outside the text (0-{len(text)}) or empty"
        )
