"""Metadata for reading a project file in Datasette (`datasette project.db -m FILE`):
each table and column described, internal tables hidden."""
from __future__ import annotations

import json
from pathlib import Path

from annotator.core.store import interchange_queries as queries
from annotator.core.store.project import Project

TABLES = {
    "documents": ("One article a row.", {
        "id": "the document id (text: '001' stays '001')",
        "outlet": "the outlet that published it", "title": "headline",
        "author": "byline", "published": "publication date, as given",
        "url": "where it was published", "event": "the news event it covers",
        "language": "language code", "text": "the article text; span offsets index it",
        "sha256": "sha256 of the text (a text is imported once)",
        "source": "the path it was imported from", "imported_at": "when it was imported",
        "status": "new, in_progress or done"}),
    "spans": ("One tagged span a row. Offsets are Unicode code points of the document "
              "text, end exclusive: text[start:end] is the span's text.", {
        "id": "span id", "doc_id": "the document", "start": "first character (code point)",
        "end": "one past the last character", "label": "the label",
        "text": "the span's text (text[start:end])", "annotator": "who tagged it",
        "speaker": "who says it", "note": "the annotator's note",
        "created": "when it was tagged", "updated": "when it last changed"}),
    "labels": ("The project's label set.", {
        "name": "label name", "colour": "colour in the window (#rrggbb)",
        "key": "the key that applies it", "description": "what it is for",
        "sort_order": "position in lists"}),
    "annotators": ("Everyone who tagged a span.", {"name": "annotator name",
                                                    "created": "first seen"}),
    "document_facts": ("Figures derived from each text at import.", {
        "doc_id": "the document", "chars": "characters (code points)", "words": "words",
        "head_end": "end of the headline", "lead_start": "first character of the lead",
        "lead_end": "end of the lead"}),
}
HIDDEN = ("fts_deferred",)          # and every full-text search shadow table


def metadata(project: Project) -> dict:
    tables = {}
    for name in queries.table_names(project):
        if name in TABLES:
            description, columns = TABLES[name]
            tables[name] = {"description": description, "columns": columns}
        elif name in HIDDEN or name.startswith("documents_fts_") or name == "sqlite_sequence":
            tables[name] = {"hidden": True}
    return {"title": "annotator project",
            "description": "Articles, labels and tagged spans of an annotator project.",
            "databases": {Path(project.path).stem: {"tables": tables}}}


def metadata_json(project: Project) -> str:
    return json.dumps(metadata(project), ensure_ascii=False, indent=2) + "\n"
