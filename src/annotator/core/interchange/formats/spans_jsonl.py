"""Spans JSONL: one span a line with its document's fields (write only)."""
from __future__ import annotations

from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import (JSON_PREVIEW_NOTE, Writer, json_lexer,
                                                span_rows)
from annotator.core.store.interchange_queries import ExportDocument


class SpansJsonlWriter(Writer):
    """For pandas.read_json(lines=True)."""

    def objects(self, doc: ExportDocument) -> list:
        return [row._asdict() for row in span_rows(doc)]


FORMAT = register(Format(
    "spans-jsonl", "Spans JSONL", "a span a line, with document fields (pandas)",
    "one span a line with its document's id, outlet, event, title, published, and the "
    "span's id, created and updated: ready for `pandas.read_json(lines=True, "
    "dtype={\"doc_id\": str})`",
    order=5, carries=("spans", "annotator", "speaker", "notes", "ids"),
    writer=SpansJsonlWriter, export_suffix=".spans.jsonl", lexer=json_lexer,
    preview_note=JSON_PREVIEW_NOTE))
