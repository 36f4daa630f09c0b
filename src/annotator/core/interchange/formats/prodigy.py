"""Prodigy/spaCy JSONL in: our JSONL's reader, skipping rejected and ignored examples.

Only chosen by name (`--format prodigy`): auto-detection reads the same lines as
`jsonl`, which skips them alike."""
from __future__ import annotations

from annotator.core.interchange.formats import jsonl
from annotator.core.interchange.registry import Format, register

FORMAT = register(Format(
    "prodigy", "Prodigy", "Prodigy/spaCy JSONL (reading)",
    "Prodigy/spaCy JSONL: `text`, `spans` with `start`, `end`, `label`; examples answered "
    "`reject` or `ignore` are skipped",
    order=10, carries=("text", "meta", "status", "spans"), suffixes=(".jsonl",),
    read_object=jsonl.read_object))
