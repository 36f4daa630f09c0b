"""Label Studio: a JSON list of tasks, one annotation per annotator; and the
labelling config (XML) for the project's labels, written beside the export.

Each annotation's `completed_by` is {"email": "name@annotator.local"} (the name
percent-encoded), the form Label Studio 1.23's import takes (a plain string is
refused; the email must be a member's of the organisation, so add those users
first), mapped back on import; an integer user id becomes `label-studio-user-N`,
an object its `email`, a string itself. A span's
speaker and note are per-region TextArea results (`from_name` "speaker" / "note",
sharing the labels region's id), as the generated config declares them; a region's
`meta.text` is read as its note too. Reading also takes Label Studio's JSON_MIN
export (one flat object a task).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

from annotator.core.interchange import label_studio_config as config
from annotator.core.interchange.decoding import InputError, normalise_newlines, offset_mapper
from annotator.core.interchange.records import (META_FIELDS, DocRecord, Origin, ReadContext,
                                                SpanRecord, check_int_offsets, set_status)
from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import JSON_PREVIEW_NOTE, Writer, dumps, json_lexer
from annotator.core.store.interchange_queries import ExportDocument

DOMAIN = "@annotator.local"
TEXT_FIELDS = ("speaker", "note")
_MIN_SKIP = {"id", "doc_id", "text", "annotator", "annotation_id", "created_at", "updated_at",
             "lead_time", *META_FIELDS, "status"}


# -- annotators ----------------------------------------------------------------------
def email(annotator: str) -> str:
    return quote(annotator, safe="").replace(".", "%2E") + DOMAIN


def annotator_of(who) -> str | None:
    """completed_by as Label Studio writes it (an email string, an integer user id, an
    object with "email" or "id") -> an annotator name."""
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    if type(who) is int:
        return f"label-studio-user-{who}"
    if isinstance(who, str) and who.strip():
        who = who.strip()
        return unquote(who[:-len(DOMAIN)]) if who.endswith(DOMAIN) else who
    return None


# -- reading -------------------------------------------------------------------------
def read_object(obj, origin: Origin, ctx: ReadContext) -> list[DocRecord]:
    if isinstance(obj, dict) and not isinstance(obj.get("data"), dict) and min_sniff(obj):
        return _read_min(obj, origin, ctx)
    where = origin.where
    data = obj.get("data") if isinstance(obj, dict) else None
    if not isinstance(data, dict):
        raise InputError(f"{where}: a Label Studio task needs a 'data' object")
    record = _record(data, data.get("id", data.get("doc_id")), obj.get("id"), origin)
    to_stored = offset_mapper(data["text"])
    skipped = 0
    for a, annotation in enumerate(obj.get("annotations") or [], 1):
        if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
            continue
        who = annotator_of(annotation.get("completed_by"))
        results = annotation.get("result") or []
        texts = _region_texts(results)
        for r, result in enumerate(results, 1):
            value = result.get("value") if isinstance(result, dict) else None
            if isinstance(value, dict) and "labels" in value:
                spans = _spans(value, f"{where} annotation {a} result {r}", who, to_stored)
                for span in spans:
                    span.speaker, span.note = _fields(result, texts)
                record.spans.extend(spans)
            elif not (isinstance(value, dict) and result.get("from_name") in TEXT_FIELDS):
                skipped += 1
    if skipped:
        ctx.warnings.add("Label Studio tasks with non-span results; those skipped",
                         f"{where}: skipped {skipped} non-span result(s) (choices, text "
                         "areas, relations)")
    if obj.get("predictions"):
        ctx.warnings.add("Label Studio tasks with predictions; predictions skipped",
                         f"{where}: skipped {len(obj['predictions'])} prediction(s)")
    return [record]


def _record(data: dict, doc_id, task_id, origin: Origin) -> DocRecord:
    where = origin.where
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: task has no text (keys: {', '.join(sorted(data))})")
    if doc_id in (None, ""):
        doc_id = f"task-{task_id}" if task_id is not None else origin.default_id
    meta = {k: str(data[k]) for k in META_FIELDS if data.get(k) not in (None, "")}
    record = DocRecord(normalise_newlines(text), where, id=str(doc_id), meta=meta,
                       source=origin.source)
    set_status(record, data.get("status"), where)
    return record


def _spans(value: dict, where: str, who, to_stored) -> list[SpanRecord]:
    if not {"start", "end"} <= set(value):
        raise InputError(f"{where}: a labels result needs value.start and value.end")
    check_int_offsets(value["start"], value["end"], where)
    labels = value["labels"]
    if isinstance(labels, str):         # one label, not one per character
        labels = [labels]
    if not isinstance(labels, list):
        raise InputError(f"{where}: value.labels must be a list of label names, "
                         f"not {type(labels).__name__}")
    return [SpanRecord(to_stored(value["start"]), to_stored(value["end"]), label,
                       value.get("text"), who, origin=where) for label in labels]


def _region_texts(results) -> dict[tuple, str]:
    """(region id, "speaker"/"note") -> the per-region TextArea's text."""
    out = {}
    for result in results:
        if not isinstance(result, dict) or result.get("from_name") not in TEXT_FIELDS:
            continue
        text = (result.get("value") or {}).get("text")
        if isinstance(text, list):
            text = "\n".join(str(t) for t in text)
        if isinstance(text, str) and text:
            out[(result.get("id"), result["from_name"])] = text
    return out


def _fields(result: dict, texts: dict) -> tuple[str | None, str | None]:
    rid = result.get("id")
    note = texts.get((rid, "note"))
    meta = result.get("meta")
    if note is None and isinstance(meta, dict) and meta.get("text"):
        lines = meta["text"]
        note = "\n".join(map(str, lines)) if isinstance(lines, list) else str(lines)
    return texts.get((rid, "speaker")), note


def min_sniff(obj: dict) -> bool:
    """JSON_MIN: a flat task whose span regions are a list under the labels' name."""
    return isinstance(obj.get("text"), str) and any(
        isinstance(v, list) and v and isinstance(v[0], dict) and "labels" in v[0]
        and "start" in v[0] for v in obj.values())


def _read_min(obj: dict, origin: Origin, ctx: ReadContext) -> list[DocRecord]:
    record = _record(obj, obj.get("doc_id"), obj.get("id"), origin)   # "id" is Label
    to_stored = offset_mapper(obj["text"])                           # Studio's task id
    who = annotator_of(obj.get("annotator"))
    speakers, notes = (obj.get(k) for k in TEXT_FIELDS)
    for name, regions in obj.items():
        if name in _MIN_SKIP or name in TEXT_FIELDS or not isinstance(regions, list):
            continue
        for r, region in enumerate(regions, 1):
            if isinstance(region, dict) and "labels" in region:
                record.spans.extend(_spans(region, f"{origin.where} {name} {r}", who,
                                           to_stored))
    if speakers or notes:
        ctx.warnings.add("Label Studio JSON_MIN speakers and notes; not matched to spans",
                         f"{origin.where}: JSON_MIN loses which region a text area belongs "
                         "to; speakers and notes not imported (use the JSON export)")
    return [record]


def sniff(obj: dict) -> bool:
    return isinstance(obj.get("data"), dict) or min_sniff(obj)


# -- writing -------------------------------------------------------------------------
class LabelStudioWriter(Writer):
    """A JSON list of tasks, one task a line, one annotation per annotator."""

    def __init__(self):
        self.first = True

    def header(self):
        return "["

    def footer(self):
        return "\n]\n"

    def sidecars(self, out: Path) -> dict[Path, str]:
        return {config.config_path(out): config.config_xml(self.labels)}

    def objects(self, doc: ExportDocument) -> list:
        text, annotations, n = doc.text, {}, 0
        for s in doc.spans:                      # spans come sorted; keep that order
            n += 1
            rid = f"{doc.id}-{n}"
            value = {"start": s.start, "end": s.end, "text": text[s.start:s.end]}
            results = annotations.setdefault(s.annotator, [])
            results.append({"id": rid, "from_name": "label", "to_name": "text",
                            "type": "labels", "value": {**value, "labels": [s.label]}})
            for name, field in zip(TEXT_FIELDS, (s.speaker, s.note)):
                if field:
                    results.append({"id": rid, "from_name": name, "to_name": "text",
                                    "type": "textarea", "value": {**value, "text": [field]}})
        return [{"data": {"id": doc.id, "text": text, **doc.meta()},
                 "annotations": [{"completed_by": {"email": email(who)}, "result": results}
                                 for who, results in sorted(annotations.items())]}]

    def chunks(self, doc: ExportDocument):
        for obj in self.objects(doc):
            yield ("\n" if self.first else ",\n") + dumps(obj)
            self.first = False


FORMAT = register(Format(
    "label-studio", "Label Studio", "a JSON list of tasks, one annotation per annotator",
    "a Label Studio task list: `data.text` and metadata, one annotation per annotator "
    "(`completed_by`: `{\"email\": \"name@annotator.local\"}`; Label Studio imports it once "
    "users with those emails are members) whose results carry `value.start/end/text/"
    "labels`, speaker and note as per-region text areas; beside it `NAME.label_config.xml`, "
    "the labelling config with the project's labels and colours; reading also takes "
    "JSON_MIN and `completed_by` as a user id or an object with `email`",
    order=30, carries=("text", "meta", "status", "spans", "annotator", "speaker", "notes",
                       "labels"),
    read_object=read_object, sniff=sniff, sniff_rank=10, read_labels=config.read_config,
    writer=LabelStudioWriter, export_suffix=".label-studio.json", lexer=json_lexer,
    preview_note=JSON_PREVIEW_NOTE))
