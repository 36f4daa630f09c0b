"""doccano sequence labelling: "label" [[start, end, label]] or "entities" objects."""
from __future__ import annotations

from pathlib import Path

from annotator.core.interchange import jsonio, labelset
from annotator.core.interchange.decoding import (InputError, normalise_newlines, offset_mapper,
                                                 path_text, read_text)
from annotator.core.interchange.records import (META_FIELDS, DocRecord, Origin, ReadContext,
                                                SpanRecord, check_int_offsets, set_status)
from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import JSON_PREVIEW_NOTE, Writer, dumps, json_lexer
from annotator.core.model import Label
from annotator.core.store.interchange_queries import ExportDocument

LABELS_SUFFIX = "-labels.json"


def read_object(obj, origin: Origin, ctx: ReadContext) -> list[DocRecord]:
    where = origin.where
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: missing 'text' (a non-empty string)")
    extra = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    fields = {**extra, **obj}
    meta = {k: str(fields[k]) for k in META_FIELDS if fields.get(k) not in (None, "")}
    doc_id = obj.get("id")
    record = DocRecord(normalise_newlines(text), where,
                       id=origin.default_id if doc_id in (None, "") else str(doc_id),
                       meta=meta, source=origin.source)
    set_status(record, fields.get("status"), where)
    to_stored = offset_mapper(text)
    for i, (start, end, label) in enumerate(_spans(obj, where), 1):
        check_int_offsets(start, end, f"{where} span {i}")
        record.spans.append(SpanRecord(to_stored(start), to_stored(end), label,
                                       origin=f"{where} span {i}"))
    _annotators(obj, record, where)
    if obj.get("relations"):
        ctx.warnings.add("doccano lines with relations; relations skipped",
                         f"{where}: skipped {len(obj['relations'])} doccano relation(s)")
    return [record]


def _spans(obj, where: str):
    """Both forms when a line has both ("entities" first): neither is dropped."""
    entities = obj.get("entities") or []
    if not isinstance(entities, list):
        raise InputError(f"{where}: 'entities' must be a list of objects")
    for i, e in enumerate(entities, 1):
        if not isinstance(e, dict) or not {"start_offset", "end_offset", "label"} <= set(e):
            raise InputError(f"{where} entity {i}: expected "
                             '{"start_offset", "end_offset", "label"}')
        yield e["start_offset"], e["end_offset"], e["label"]
    labels = obj.get("label") or []
    if not isinstance(labels, list):
        raise InputError(f"{where}: 'label' must be a list of [start, end, label]")
    for i, item in enumerate(labels, 1):
        if not (isinstance(item, list) and len(item) == 3):
            raise InputError(f"{where} span {i}: expected [start, end, label], got {item!r} "
                             "(doccano text classification is not span annotation)")
        yield item


def _annotators(obj, record: DocRecord, where: str) -> None:
    """Our export's "annotators" list: who made each [start, end, label] of "label"."""
    who, labels = obj.get("annotators"), obj.get("label") or []
    if who is None:
        return
    if not (isinstance(who, list) and len(who) == len(labels)
            and all(isinstance(w, str) for w in who)):
        raise InputError(f"{where}: 'annotators' must list one name for each 'label' entry")
    for span, name in zip(record.spans[len(record.spans) - len(labels):], who):
        span.annotator = name.strip() or None


def read_labels(data_file: Path) -> list[Label]:
    """doccano's label list ({"text", "suffix_key", "background_color"}) exported beside."""
    side = data_file.with_name(data_file.stem + LABELS_SUFFIX)
    if not side.is_file():
        return []
    text, _ = read_text(side)
    items = jsonio.loads(text, path_text(side))
    if not isinstance(items, list):
        raise InputError(f"{path_text(side)}: expected a list of doccano labels")
    return labelset.parse([{"name": i.get("text"), "colour": i.get("background_color"),
                            "key": i.get("suffix_key"), "description": i.get("description", "")}
                           for i in items if isinstance(i, dict)], path_text(side))


def sniff(obj: dict) -> bool:
    return "spans" not in obj and ("entities" in obj or "label" in obj)


class DoccanoWriter(Writer):
    """text, label [[start, end, label]], metadata at the top level, and "annotators":
    who made each span (doccano keeps unknown fields as metadata). Two annotators'
    same span are two entries. Beside it the label list in doccano's label import form."""

    def objects(self, doc: ExportDocument) -> list:
        return [{"id": doc.id, "text": doc.text,
                 "label": [[s.start, s.end, s.label] for s in doc.spans],
                 **doc.meta(), "annotators": [s.annotator for s in doc.spans]}]

    def sidecars(self, out: Path) -> dict[Path, str]:
        items = [{"text": l.name, "suffix_key": l.key, "background_color": l.colour,
                  "text_color": "#000000", "description": l.description} for l in self.labels]
        return {out.with_name(out.stem + LABELS_SUFFIX): dumps(items) + "\n"}


FORMAT = register(Format(
    "doccano", "doccano", "sequence labelling: text, [start, end, label]",
    "doccano sequence-labelling JSONL: `text`, `label: [[start, end, \"label\"], ...]`, "
    "metadata at the top level, `annotators` naming who made each span (two annotators\' "
    "same span are two entries); beside it `NAME-labels.json`, the labels in "
    "doccano\'s label import form; reading also takes the `entities` form",
    order=20, carries=("text", "meta", "status", "spans", "annotator", "labels"),
    read_object=read_object, sniff=sniff, sniff_rank=20, read_labels=read_labels,
    writer=DoccanoWriter, export_suffix=".doccano.jsonl", lexer=json_lexer,
    preview_note=JSON_PREVIEW_NOTE))
