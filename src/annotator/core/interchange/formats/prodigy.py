"""Prodigy/spaCy JSONL, both ways.

Reading is our JSONL's reader, skipping examples answered reject or ignore (only
chosen by name, `--format prodigy`: auto-detection reads the same lines as `jsonl`).
Writing gives what Prodigy's `db-in` and its span recipes expect: one example per
document and annotator (`_annotator_id`, `_session_id`), `_input_hash` (of the text),
`_task_hash` (of the text and the spans), `answer: "accept"`, `tokens` and, on each
span, `token_start` / `token_end` (inclusive, Prodigy's convention). The hashes are
the first 4 bytes of a sha256 as a signed 32-bit integer, not Prodigy's own (murmur)
hashes: stable across exports, unique enough for `db-in`. The tokenizer is simple:
a run of letters/digits (with inner apostrophes and hyphens) or one other non-space
character is a token; `ws` says whether a space follows. A span's tokens are those
it overlaps.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right

from annotator.core.interchange.formats import jsonl
from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import JSON_PREVIEW_NOTE, Writer, json_lexer
from annotator.core.store.interchange_queries import ExportDocument

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")


def tokens(text: str) -> list[dict]:
    out = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        end = m.end()
        out.append({"text": m[0], "start": m.start(), "end": end, "id": i,
                    "ws": end < len(text) and text[end].isspace()})
    return out


def prodigy_hash(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


class ProdigyWriter(Writer):
    def objects(self, doc: ExportDocument) -> list:
        text = doc.text
        toks = tokens(text)
        starts, ends = [t["start"] for t in toks], [t["end"] for t in toks]
        by_annotator: dict[str | None, list] = {}
        for s in doc.spans:
            first = bisect_right(ends, s.start)          # first token ending after start
            last = bisect_left(starts, s.end) - 1        # last token starting before end
            span = {"start": s.start, "end": s.end, "label": s.label,
                    "text": text[s.start:s.end]}
            if first <= last:
                span.update(token_start=first, token_end=last)
            span.update({k: v for k, v in (("speaker", s.speaker), ("note", s.note)) if v})
            by_annotator.setdefault(s.annotator, []).append(span)
        input_hash = prodigy_hash(text)
        meta = {"id": doc.id, **{k: v for k, v in doc.meta().items() if v is not None}}
        out = []
        for who, spans in (sorted(by_annotator.items()) or [(None, [])]):
            example = {"id": doc.id, "text": text, "meta": meta, "_input_hash": input_hash,
                       "_task_hash": prodigy_hash(text, repr([(s["start"], s["end"], s["label"])
                                                              for s in spans])),
                       "tokens": toks, "spans": spans, "answer": "accept"}
            if who is not None:
                example.update(_annotator_id=who, _session_id=who)
            out.append(example)
        return out


FORMAT = register(Format(
    "prodigy", "Prodigy", "Prodigy/spaCy JSONL with tokens and hashes (db-in)",
    "Prodigy/spaCy JSONL: `text`, `spans` with `start`, `end`, `label`; writing gives one "
    "example per document and annotator (`_annotator_id`) with `_input_hash`, "
    "`_task_hash`, `answer`, `tokens` and each span's `token_start`/`token_end`, ready for "
    "`prodigy db-in`; reading skips examples answered `reject` or `ignore`",
    order=10, carries=("text", "meta", "status", "spans", "annotator", "speaker", "notes"),
    suffixes=(".jsonl",), read_object=jsonl.read_object,
    writer=ProdigyWriter, export_suffix=".prodigy.jsonl", lexer=json_lexer,
    preview_note=JSON_PREVIEW_NOTE))
