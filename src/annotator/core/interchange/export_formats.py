"""The file formats: how one document and its spans become records of each format.

Rows come straight from the database cursors (see exporting.iter_documents):
DocRow = (id, text, outlet, title, author, published, url, event, language, status)
SpanRow = (start, end, label, annotator, speaker, note), ordered by start, end, label.
Offsets are code points of the stored text; span texts are sliced from it, so they
always match the offsets.
"""
from __future__ import annotations

import csv
import io
import json
from json.encoder import encode_basestring
from typing import Iterable, Iterator

from annotator.core.files import neutralise
from annotator.core.interchange import brat

DocRow = tuple
SpanRow = tuple
META = ("outlet", "title", "author", "published", "url", "event", "language", "status")
# Span-per-row formats flatten in the document fields an analysis groups by.
SPAN_COLUMNS = ("doc_id", "outlet", "event", "title", "published",
                "start", "end", "label", "text", "annotator", "speaker", "note")
# A spreadsheet runs a cell starting with one of these as a formula.
PREVIEW_CHARS = 300
PREVIEW_CELL = 60          # CSV preview keeps each row on one readable line
PREVIEW_ROWS = 12


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _q(value) -> str:
    """One JSON scalar exactly as json.dumps(value, ensure_ascii=False) writes it."""
    if type(value) is str:
        return encode_basestring(value)
    return "null" if value is None else json.dumps(value)


def _meta(doc: DocRow) -> dict:
    return dict(zip(META, doc[2:]))


def _unique_labelled(spans: Iterable[SpanRow]) -> Iterator[SpanRow]:
    """Spans without their annotator: formats that cannot tell annotators apart
    would otherwise carry the same (start, end, label) twice."""
    seen = set()
    for s in spans:
        key = (s[0], s[1], s[2])
        if key not in seen:
            seen.add(key)
            yield s


class Writer:
    """One format: header, then chunks per document, then footer (all str)."""
    lexer = "json"

    def header(self) -> str:
        return ""

    def footer(self) -> str:
        return ""

    def objects(self, doc: DocRow, spans: list[SpanRow]) -> list:
        raise NotImplementedError

    def chunks(self, doc: DocRow, spans: list[SpanRow]) -> Iterator[str]:
        for obj in self.objects(doc, spans):
            yield dumps(obj) + "\n"


class JsonlWriter(Writer):
    """Ours, spaCy/Prodigy style: one document a line with all its spans."""

    def objects(self, doc, spans):
        text = doc[1]
        return [{"id": doc[0], "text": text, "meta": _meta(doc), "spans": [
            {"start": s[0], "end": s[1], "label": s[2], "text": text[s[0]:s[1]],
             "annotator": s[3], "speaker": s[4], "note": s[5]} for s in spans]}]

    def chunks(self, doc, spans):
        """The line json.dumps(objects) would write, without building the dicts: the
        bulk export's hot path (a test holds it byte-equal to json.dumps)."""
        q, text = _q, doc[1]
        meta = ", ".join(f'"{k}": {q(v)}' for k, v in zip(META, doc[2:]))
        rows = ", ".join(
            f'{{"start": {int(s)}, "end": {int(e)}, "label": {q(label)}, '
            f'"text": {encode_basestring(text[s:e])}, "annotator": {q(who)}, '
            f'"speaker": {q(speaker)}, "note": {q(note)}}}'
            for s, e, label, who, speaker, note in spans)
        yield (f'{{"id": {q(doc[0])}, "text": {encode_basestring(text)}, '
               f'"meta": {{{meta}}}, "spans": [{rows}]}}\n')


class SpansJsonlWriter(Writer):
    """One span a line with its document's fields, for pandas.read_json(lines=True)."""

    def objects(self, doc, spans):
        return [dict(zip(SPAN_COLUMNS, row)) for row in _span_rows(doc, spans)]


def _span_rows(doc: DocRow, spans: list[SpanRow]) -> Iterator[tuple]:
    doc_id, text, outlet, title, _author, published, _url, event = doc[:8]
    for start, end, label, annotator, speaker, note in spans:
        yield (doc_id, outlet, event, title, published, start, end, label,
               text[start:end], annotator, speaker, note)


class DoccanoWriter(Writer):
    """doccano sequence labelling: text, label [[start, end, label]], metadata on top."""

    def objects(self, doc, spans):
        return [{"id": doc[0], "text": doc[1],
                 "label": [[s[0], s[1], s[2]] for s in _unique_labelled(spans)],
                 **_meta(doc)}]


class LabelStudioWriter(Writer):
    """A JSON list of Label Studio tasks, one task a line, one annotation per task."""

    def __init__(self):
        self.first = True

    def header(self):
        return "["

    def footer(self):
        return "\n]\n"

    def objects(self, doc, spans):
        text = doc[1]
        results = [{"id": f"{doc[0]}-{n}", "from_name": "label", "to_name": "text",
                    "type": "labels",
                    "value": {"start": s[0], "end": s[1], "text": text[s[0]:s[1]],
                              "labels": [s[2]]}}
                   for n, s in enumerate(_unique_labelled(spans), 1)]
        return [{"data": {"id": doc[0], "text": text, **_meta(doc)},
                 "annotations": [{"result": results}] if results else []}]

    def chunks(self, doc, spans):
        for obj in self.objects(doc, spans):
            yield ("\n" if self.first else ",\n") + dumps(obj)
            self.first = False


class CsvWriter(Writer):
    lexer = "text"

    def __init__(self):
        self.buffer = io.StringIO()
        self.csv = csv.writer(self.buffer, lineterminator="\r\n")

    def _take(self) -> str:
        out = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return out

    def header(self):
        self.csv.writerow(SPAN_COLUMNS)
        return self._take()

    def objects(self, doc, spans):
        return [[neutralise(c) for c in row] for row in _span_rows(doc, spans)]

    def chunks(self, doc, spans):
        rows = self.objects(doc, spans)
        if rows:
            self.csv.writerows(rows)
            yield self._take()


WRITERS = {"jsonl": JsonlWriter, "spans-jsonl": SpansJsonlWriter, "doccano": DoccanoWriter,
           "label-studio": LabelStudioWriter, "csv": CsvWriter}


# -- preview ---------------------------------------------------------------------
def _elide(obj, limit: int = PREVIEW_CHARS):
    """Long strings shortened for reading; the export itself is never shortened."""
    if isinstance(obj, str) and len(obj) > limit:
        return obj[:limit] + f"… (+{len(obj) - limit:,} characters)"
    if isinstance(obj, dict):
        return {k: _elide(v, limit) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_elide(v, limit) for v in obj]
    return obj


def preview_text(fmt: str, items: list[tuple[DocRow, list[SpanRow]]],
                 labels: list[str]) -> str:
    if fmt == "brat":
        return brat.preview(items, labels)
    writer = WRITERS[fmt]()
    if fmt == "csv":
        out = [writer.header()]
        rows = [row for doc, spans in items for row in writer.objects(doc, spans)]
        writer.csv.writerows(_elide(rows[:PREVIEW_ROWS], PREVIEW_CELL))
        return "".join(out) + writer._take().replace("\r\n", "\n")
    objects = [obj for doc, spans in items for obj in writer.objects(doc, spans)]
    return "\n".join(json.dumps(_elide(o), ensure_ascii=False, indent=2)
                     for o in objects[:PREVIEW_ROWS])
