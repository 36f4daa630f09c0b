"""Label Studio: a JSON list of tasks; every annotation's "labels" results are spans."""
from __future__ import annotations

from annotator.core.interchange.decoding import InputError, normalise_newlines, offset_mapper
from annotator.core.interchange.records import (META_FIELDS, DocRecord, Origin, ReadContext,
                                                SpanRecord, check_int_offsets, set_status)
from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import (JSON_PREVIEW_NOTE, Writer, dumps, json_lexer,
                                                unique_labelled)
from annotator.core.store.interchange_queries import ExportDocument


def read_object(obj, origin: Origin, ctx: ReadContext) -> list[DocRecord]:
    """One task: data.text, and every annotation's "labels" results as spans."""
    where = origin.where
    data = obj.get("data") if isinstance(obj, dict) else None
    if not isinstance(data, dict):
        raise InputError(f"{where}: a Label Studio task needs a 'data' object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: task has no data.text (keys: {', '.join(sorted(data))})")
    doc_id = data.get("id", data.get("doc_id"))
    if doc_id in (None, ""):
        doc_id = f"task-{obj['id']}" if obj.get("id") is not None else origin.default_id
    meta = {k: str(data[k]) for k in META_FIELDS if data.get(k) not in (None, "")}
    record = DocRecord(normalise_newlines(text), where, id=str(doc_id), meta=meta,
                       source=origin.source)
    set_status(record, data.get("status"), where)
    to_stored = offset_mapper(text)
    skipped = 0
    for a, annotation in enumerate(obj.get("annotations") or [], 1):
        if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
            continue
        who = annotation.get("completed_by")
        who = who.get("email") if isinstance(who, dict) else None
        for r, result in enumerate(annotation.get("result") or [], 1):
            value = result.get("value") if isinstance(result, dict) else None
            if not isinstance(value, dict) or "labels" not in value:
                skipped += 1
                continue
            span_where = f"{where} annotation {a} result {r}"
            if not {"start", "end"} <= set(value):
                raise InputError(f"{span_where}: a labels result needs value.start and value.end")
            check_int_offsets(value["start"], value["end"], span_where)
            labels = value["labels"]
            if isinstance(labels, str):         # one label, not one per character
                labels = [labels]
            if not isinstance(labels, list):
                raise InputError(f"{span_where}: value.labels must be a list of label names, "
                                 f"not {type(labels).__name__}")
            for label in labels:
                record.spans.append(SpanRecord(
                    to_stored(value["start"]), to_stored(value["end"]), label,
                    value.get("text"), who, origin=span_where))
    if skipped:
        ctx.warnings.add("Label Studio tasks with non-span results; those skipped",
                         f"{where}: skipped {skipped} non-span result(s) (choices, text "
                         "areas, relations)")
    if obj.get("predictions"):
        ctx.warnings.add("Label Studio tasks with predictions; predictions skipped",
                         f"{where}: skipped {len(obj['predictions'])} prediction(s)")
    return [record]


def sniff(obj: dict) -> bool:
    return isinstance(obj.get("data"), dict)


class LabelStudioWriter(Writer):
    """A JSON list of tasks, one task a line, one annotation per task."""

    def __init__(self):
        self.first = True

    def header(self):
        return "["

    def footer(self):
        return "\n]\n"

    def objects(self, doc: ExportDocument) -> list:
        text = doc.text
        results = [{"id": f"{doc.id}-{n}", "from_name": "label", "to_name": "text",
                    "type": "labels",
                    "value": {"start": s.start, "end": s.end, "text": text[s.start:s.end],
                              "labels": [s.label]}}
                   for n, s in enumerate(unique_labelled(doc.spans), 1)]
        return [{"data": {"id": doc.id, "text": text, **doc.meta()},
                 "annotations": [{"result": results}] if results else []}]

    def chunks(self, doc: ExportDocument):
        for obj in self.objects(doc):
            yield ("\n" if self.first else ",\n") + dumps(obj)
            self.first = False


FORMAT = register(Format(
    "label-studio", "Label Studio", "a JSON list of tasks, one annotation each",
    "a Label Studio task list: `data.text` and one annotation whose results carry "
    "`value.start/end/text/labels`; reading takes each annotation's `completed_by` email",
    order=30, carries=("text", "meta", "status", "spans"),
    read_object=read_object, sniff=sniff, sniff_rank=10,
    writer=LabelStudioWriter, export_suffix=".label-studio.json", lexer=json_lexer,
    preview_note=JSON_PREVIEW_NOTE))
