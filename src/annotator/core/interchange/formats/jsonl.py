"""Our JSONL, in the spaCy/Prodigy span convention: one document a line with its spans.

{"id", "text", "meta": {outlet, title, ..., status}, "spans": [{start, end, label,
text, annotator, speaker, note, id, created, updated}]}, and beside it NAME.labels.json
(the label set); reading also takes Prodigy's answer field.
"""
from __future__ import annotations

import operator
from json.encoder import encode_basestring
from pathlib import Path

from annotator.core.interchange import labelset
from annotator.core.interchange.decoding import InputError, normalise_newlines, offset_mapper
from annotator.core.interchange.records import (META_FIELDS, DocRecord, Origin, ReadContext,
                                                SpanRecord, set_status)
from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import (JSON_PREVIEW_NOTE, Writer, json_lexer,
                                                json_scalar)
from annotator.core.store.interchange_queries import ExportDocument

PRODIGY_SKIPPED = ("reject", "ignore")
# Fields fetched by name at C speed (the hot path below).
_meta = operator.attrgetter(*ExportDocument.META)
_span_fields = operator.attrgetter("start", "end", "label", "annotator", "speaker", "note", "id",
                                   "created", "updated")


# -- reading ---------------------------------------------------------------------------
def read_object(obj, origin: Origin, ctx: ReadContext) -> list[DocRecord]:
    """Our JSONL and Prodigy/spaCy ({"text", "spans", "meta", "answer"?})."""
    where = origin.where
    if isinstance(obj, dict) and obj.get("answer") in PRODIGY_SKIPPED:
        ctx.warnings.add("Prodigy examples rejected or ignored; skipped",
                         f"{where}: skipped a Prodigy example answered {obj['answer']!r}")
        return []
    record = record_from_object(obj, where, default_id=origin.default_id, source=origin.source)
    who = _opt_str(obj.get("_annotator_id"))          # Prodigy's, for the whole example
    for s in record.spans:
        s.origin = where
        s.annotator = s.annotator or who
    meta = obj.get("meta") or {}
    set_status(record, meta.get("status"), where)
    return [record]


def record_from_object(obj, where: str, *, default_id: str, source: str) -> DocRecord:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: missing 'text' (a non-empty string)")
    meta_in = obj.get("meta") or {}
    if not isinstance(meta_in, dict):
        raise InputError(f"{where}: 'meta' must be an object")
    meta = {k: str(meta_in[k]) for k in META_FIELDS if meta_in.get(k) not in (None, "")}
    doc_id = obj.get("id")
    if doc_id in (None, ""):
        doc_id = default_id
    spans = obj.get("spans") or []
    if not isinstance(spans, list):
        raise InputError(f"{where}: 'spans' must be a list")
    record = DocRecord(normalise_newlines(text), where, id=str(doc_id), meta=meta,
                       source=source)
    to_stored = offset_mapper(text)   # offsets were given against the text with CRLFs
    for i, s in enumerate(spans, 1):
        span = _span_record(s, f"{where} span {i}")
        if "\r" in text:
            if type(span.start) is not int or type(span.end) is not int:
                raise InputError(f"{where} span {i}: offsets must be integers, "
                                 f"got {span.start!r}, {span.end!r}")
            span.start, span.end = to_stored(span.start), to_stored(span.end)
        record.spans.append(span)
    return record


def _span_record(s, where: str) -> SpanRecord:
    if not isinstance(s, dict):
        raise InputError(f"{where}: a span must be an object")
    try:
        start, end, label = s["start"], s["end"], s["label"]
    except KeyError as e:
        raise InputError(f"{where}: missing {e.args[0]!r}") from e
    return SpanRecord(start, end, label, s.get("text"), _opt_str(s.get("annotator")),
                      _opt_str(s.get("speaker")), _opt_str(s.get("note")), id=s.get("id"),
                      created=s.get("created"), updated=s.get("updated"))


def _opt_str(value) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


# -- writing ---------------------------------------------------------------------------
class JsonlWriter(Writer):
    """One document a line with all its spans."""

    def __init__(self):
        # Labels and annotators repeat on every line: each is encoded once.
        self._encoded: dict[str, str] = {}

    def objects(self, doc: ExportDocument) -> list:
        text = doc.text
        return [{"id": doc.id, "text": text, "meta": doc.meta(), "spans": [
            {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end],
             "annotator": s.annotator, "speaker": s.speaker, "note": s.note, "id": s.id,
             "created": s.created, "updated": s.updated}
            for s in doc.spans]}]

    def sidecars(self, out: Path) -> dict[Path, str]:
        return {labelset.sidecar_path(out): labelset.labels_json(self.labels)}

    def chunks(self, doc: ExportDocument):
        """The line json.dumps(objects) would write, without building the dicts: the
        bulk export's hot path (a test holds it byte-equal to json.dumps)."""
        q, text, esc = json_scalar, doc.text, encode_basestring
        known = self._encoded.get
        meta = ", ".join(f'"{k}": {q(v)}' for k, v in zip(ExportDocument.META, _meta(doc)))
        rows = ", ".join(
            f'{{"start": {int(s)}, "end": {int(e)}, '
            f'"label": {known(label) or self._encode(label)}, '
            f'"text": {esc(text[s:e])}, "annotator": {known(who) or self._encode(who)}, '
            f'"speaker": {esc(speaker) if type(speaker) is str else q(speaker)}, '
            f'"note": {"null" if note is None else q(note)}, '
            f'"id": {"null" if sid is None else int(sid)}, '
            f'"created": {esc(created) if type(created) is str else q(created)}, '
            f'"updated": {esc(updated) if type(updated) is str else q(updated)}}}'
            for s, e, label, who, speaker, note, sid, created, updated
            in map(_span_fields, doc.spans))
        yield (f'{{"id": {q(doc.id)}, "text": {esc(text)}, '
               f'"meta": {{{meta}}}, "spans": [{rows}]}}\n')

    def _encode(self, value) -> str:
        if type(value) is not str:            # not a column value a text column holds
            return json_scalar(value)
        out = self._encoded[value] = json_scalar(value)
        return out

FORMAT = register(Format(
    "jsonl", "JSONL", "a document a line, with its spans (spaCy, Prodigy)",
    "one document a line with its spans, in the spaCy/Prodigy span "
    'convention: `{"id", "text", "meta": {outlet, title, author, published, url, event, '
    'language, status}, "spans": [{start, end, label, text, annotator, speaker, note, id, '
    'created, updated}]}`; '
    "beside it `NAME.labels.json`, the label set (name, colour, key, description, order)",
    order=0, carries=("text", "meta", "status", "spans", "annotator", "speaker", "notes",
                      "labels", "ids"),
    suffixes=(".jsonl", ".json", ".ndjson"), folder_suffixes=(".jsonl",),
    read_object=read_object, sniff=lambda obj: True, sniff_rank=99,
    read_labels=labelset.read_sidecar,
    writer=JsonlWriter, export_suffix=".jsonl", lexer=json_lexer,
    preview_note=JSON_PREVIEW_NOTE))
