"""Plain text: one article a file, its metadata from a manifest row if any."""
from __future__ import annotations

from pathlib import Path

from annotator.core.interchange.decoding import decode, normalise_newlines, path_text, read_bytes
from annotator.core.interchange.records import META_FIELDS, DocRecord, ReadContext
from annotator.core.interchange.registry import Format, register


def read_file(path: Path, ctx: ReadContext) -> list[DocRecord]:
    name = path_text(path)
    text, warn = decode(read_bytes(path), name)
    ctx.warnings.decoded(warn)
    entry = ctx.manifest.get(path.resolve(), {}) if ctx.manifest else {}
    meta = {k: entry[k] for k in META_FIELDS if entry.get(k)}
    return [DocRecord(normalise_newlines(text), name, id=entry.get("id") or path_text(path.stem),
                      meta=meta, source=name)]


FORMAT = register(Format(
    "txt", "Plain text", "one article a file",
    "one article a file (UTF-8, UTF-16, or an encoding detected, else cp1252); metadata "
    "from `manifest.csv`/`.json`",
    order=70, carries=("text", "meta"), suffixes=(".txt",), folder_suffixes=(".txt",),
    read_file=read_file))
