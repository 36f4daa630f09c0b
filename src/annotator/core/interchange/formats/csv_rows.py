"""CSV: one span a row with its document's fields, for spreadsheets (write only).

UTF-8 with a BOM so spreadsheets read it as UTF-8; cells a spreadsheet would run
as a formula are neutralised (core.files.neutralise), so the last column,
offsets_text_sha256, is the sha256 of the span's true text: a reader can tell a
guarded text cell from text[start:end]."""
from __future__ import annotations

import csv
import hashlib
import io

from annotator.core.files import neutralise
from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import (PREVIEW_ROWS, SPAN_COLUMNS, Writer, elide,
                                                span_rows)
from annotator.core.store.interchange_queries import ExportDocument

PREVIEW_CELL = 60          # the preview keeps each row on one readable line


def _sha(text: str) -> str:
    """sha256 of text[start:end] as stored: the text cell differs from it when the
    formula guard changed the cell, and this says so."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CsvWriter(Writer):
    bom = "\ufeff"

    def __init__(self):
        self.buffer = io.StringIO()
        self.csv = csv.writer(self.buffer, lineterminator="\r\n")

    def _take(self) -> str:
        out = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return out

    def header(self):
        self.csv.writerow((*SPAN_COLUMNS, "offsets_text_sha256"))
        return self._take()

    def objects(self, doc: ExportDocument) -> list:
        return [[*(neutralise(c) for c in row), _sha(row.text)] for row in span_rows(doc)]

    def chunks(self, doc: ExportDocument):
        rows = self.objects(doc)
        if rows:
            self.csv.writerows(rows)
            yield self._take()

    def preview(self, docs) -> str:
        head = self.header()
        rows = [row for doc in docs for row in self.objects(doc)]
        self.csv.writerows(elide(rows[:PREVIEW_ROWS], PREVIEW_CELL))
        return head + self._take().replace("\r\n", "\n")


def lexer():
    """Enough CSV to read rows apart: the header row, quoted cells, numbers."""
    from pygments.lexer import RegexLexer
    from pygments.token import Keyword, Name, Number, Punctuation, String, Text

    class CsvLexer(RegexLexer):
        name = "CSV"
        tokens = {"root": [
            (r"\Adoc_id,[^\n]*\n", Name.Tag),
            (r"^[^,\n\"]+(?=,)", Keyword),          # each row's document id starts the row
            (r'"(?:[^"]|"")*"', String),
            (r"(?<![^,\n])-?\d+(?=,|\n|$)", Number),
            (r",", Punctuation),
            (r'[^,"\n]+', Text),
            (r"\n", Text),
        ]}
    return CsvLexer()


FORMAT = register(Format(
    "csv", "CSV", "a span a row; formula-like cells neutralised",
    "one span a row with document metadata, span id and times (UTF-8 with BOM); cells a "
    "spreadsheet would run as a formula get a leading `'`, and `offsets_text_sha256` is "
    "the sha256 of the true `text[start:end]`",
    order=50, carries=("spans", "annotator", "speaker", "notes", "ids"),
    writer=CsvWriter, export_suffix=".csv", lexer=lexer))
