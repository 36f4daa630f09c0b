"""What every writer shares: the Writer interface, JSON scalars, the span table
(one row per span, for spans-jsonl and CSV) and the dialog's preview.

Writers get `ExportDocument`s (store.interchange_queries) whose spans are in
export order. Offsets are code points of the stored text; span texts are sliced
from it, so they always match the offsets.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from annotator.core.model import Label
from annotator.core.store.interchange_queries import ExportDocument

PREVIEW_CHARS = 300
PREVIEW_ROWS = 12


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def json_scalar(value) -> str:
    """One JSON scalar exactly as json.dumps(value, ensure_ascii=False) writes it."""
    if type(value) is str:
        return encode_basestring(value)
    return "null" if value is None else json.dumps(value)


class SpanRow(NamedTuple):
    """One span with the document fields an analysis groups by (spans-jsonl, CSV)."""
    doc_id: str
    outlet: str | None
    event: str | None
    title: str | None
    published: str | None
    start: int
    end: int
    label: str
    text: str
    annotator: str
    speaker: str | None
    note: str | None
    span_id: int | None
    created: str | None
    updated: str | None


SPAN_COLUMNS = SpanRow._fields


def span_rows(doc: ExportDocument) -> Iterator[SpanRow]:
    text = doc.text
    for s in doc.spans:
        yield SpanRow(doc.id, doc.outlet, doc.event, doc.title, doc.published, s.start, s.end,
                      s.label, text[s.start:s.end], s.annotator, s.speaker, s.note, s.id,
                      s.created, s.updated)


def elide(obj, limit: int = PREVIEW_CHARS):
    """Long strings shortened for reading; the export itself is never shortened."""
    if isinstance(obj, str) and len(obj) > limit:
        return obj[:limit] + f"… (+{len(obj) - limit:,} characters)"
    if isinstance(obj, dict):
        return {k: elide(v, limit) for k, v in obj.items()}
    if isinstance(obj, list):
        return [elide(v, limit) for v in obj]
    return obj


class Writer:
    """One stream format: header, then chunks per document, then footer (all str).

    A folder format (brat) sets `folder` and implements write_folder instead.
    `start` hands it the project's label set before anything is written; files a
    format writes beside its output (the label set, a labelling config) come from
    `sidecars`."""
    folder = False
    bom = ""                      # written first to a file, never to standard output
    labels: list[Label] = []

    def start(self, labels: list[Label]) -> "Writer":
        self.labels = list(labels)
        return self

    def sidecars(self, out: Path) -> dict[Path, str]:
        """Files written beside `out` (atomically, with it), by path."""
        return {}

    def header(self) -> str:
        return ""

    def footer(self) -> str:
        return ""

    def objects(self, doc: ExportDocument) -> list:
        raise NotImplementedError

    def chunks(self, doc: ExportDocument) -> Iterator[str]:
        for obj in self.objects(doc):
            yield dumps(obj) + "\n"

    def write_folder(self, out: Path, docs: Iterable[ExportDocument]) -> int:
        raise NotImplementedError

    def preview(self, docs: list[ExportDocument]) -> str:
        """The first records pretty-printed for reading (not the file's bytes)."""
        objects = [obj for doc in docs for obj in self.objects(doc)]
        return "\n".join(json.dumps(elide(o), ensure_ascii=False, indent=2)
                         for o in objects[:PREVIEW_ROWS])


def json_lexer():
    from pygments.lexers import JsonLexer
    return JsonLexer()


JSON_PREVIEW_NOTE = "pretty-printed; long texts shortened"
