"""Annotation formats in: our JSONL, Prodigy/spaCy, doccano, Label Studio, brat.

`importing.read_paths` hands every non-.txt file (and brat folders) to `read_file`
/ `read_folder`; each returns DocRecords whose spans still need the project's
checks (offsets, span text, labels), which `importing.import_records` does while
naming the file, line and span. Records from JSON carry their line as origin.
"""
from __future__ import annotations

import json
from pathlib import Path

from annotator.core.interchange import brat
from annotator.core.interchange.decoding import InputError, normalise_newlines, offset_mapper, read_text
from annotator.core.model import STATUSES, Document

FORMATS = ("jsonl", "prodigy", "doccano", "label-studio", "brat")
META_FIELDS = Document.META
PRODIGY_SKIPPED = ("reject", "ignore")


def is_annotation_folder(path: Path, fmt: str) -> bool:
    return fmt == "brat" or (fmt == "auto" and brat.is_brat_folder(path))


def read_folder(path: Path, warnings: list[str]) -> list:
    return brat.read_folder(path, warnings)


def read_file(path: Path, fmt: str, warnings: list[str]) -> list:
    """Records of one annotation file, in `fmt` or (auto) as its name and content say."""
    suffix = path.suffix.lower()
    if fmt == "brat" or (fmt == "auto" and suffix == ".ann"):
        if suffix not in (".ann", ".txt"):
            raise InputError(f"{path}: brat input is a folder or a .ann file")
        return [brat.read_pair(path.with_suffix(".ann"), warnings)]
    if fmt == "auto" and suffix not in (".jsonl", ".json", ".ndjson"):
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; import takes "
                         ".txt, .jsonl, .json (Label Studio), brat .ann and folders")
    content, warn = read_text(path)
    warnings.extend(warn)
    items = _json_items(content, path) if suffix == ".json" else _jsonl_items(content, path)
    records = []
    for line, obj in items:
        where = f"{path}:{line}"
        parse = PARSERS[fmt if fmt in PARSERS else _sniff(obj, where)]
        records.extend(parse(obj, where, f"{path.stem}-{line}", str(path), warnings))
    if not records:
        raise InputError(f"{path}: no documents in it")
    return records


# -- JSON containers -------------------------------------------------------------
def _jsonl_items(content: str, path: Path):
    # Line feeds only: JSON allows U+2028 and friends raw inside strings.
    for n, line in enumerate(normalise_newlines(content).split("\n"), 1):
        if line.strip():
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: malformed JSON ({e.msg} at column {e.colno})") from e


def _json_items(content: str, path: Path):
    """Elements of a JSON list (or one object) with the line each starts on."""
    decoder = json.JSONDecoder()
    try:
        text = content.lstrip("\ufeff")
        i = _skip_ws(text, 0)
        if text[i:i + 1] != "[":
            obj, _ = decoder.raw_decode(text, i)
            yield text.count("\n", 0, i) + 1, obj
            return
        i, line, pos = _skip_ws(text, i + 1), 1, 0
        while text[i:i + 1] != "]":
            line += text.count("\n", pos, i)
            pos = i
            obj, i = decoder.raw_decode(text, i)
            yield line, obj
            i = _skip_ws(text, i)
            if text[i:i + 1] == ",":
                i = _skip_ws(text, i + 1)
            elif text[i:i + 1] != "]":
                raise json.JSONDecodeError("expected ',' or ']'", text, i)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: malformed JSON ({e.msg} at column {e.colno})") from e


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _sniff(obj, where: str) -> str:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    if isinstance(obj.get("data"), dict):
        return "label-studio"
    if "spans" not in obj and ("entities" in obj or "label" in obj):
        return "doccano"
    return "jsonl"


# -- one object each -------------------------------------------------------------
def _ours(obj, where, default_id, source, warnings):
    """Our JSONL and Prodigy/spaCy ({"text", "spans", "meta", "answer"?})."""
    from annotator.core.interchange.importing import record_from_object
    if isinstance(obj, dict) and obj.get("answer") in PRODIGY_SKIPPED:
        warnings.append(f"{where}: skipped a Prodigy example answered {obj['answer']!r}")
        return []
    record = record_from_object(obj, where, default_id=default_id, source=source)
    for s in record.spans:
        s.origin = where
    meta = obj.get("meta") or {}
    _set_status(record, meta.get("status"), where)
    return [record]


def _set_status(record, status, where: str) -> None:
    if status in (None, ""):
        return
    if status not in STATUSES:
        raise InputError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    record.meta["status"] = status


def _doccano(obj, where, default_id, source, warnings):
    """doccano sequence labelling: "label" [[start, end, label]] or "entities" objects."""
    from annotator.core.interchange.importing import DocRecord, SpanRecord
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
                       id=default_id if doc_id in (None, "") else str(doc_id),
                       meta=meta, source=source)
    _set_status(record, fields.get("status"), where)
    to_stored = offset_mapper(text)
    for i, (start, end, label) in enumerate(_doccano_spans(obj, where), 1):
        _check_ints(start, end, f"{where} span {i}")
        record.spans.append(SpanRecord(to_stored(start), to_stored(end), str(label),
                                       origin=f"{where} span {i}"))
    if obj.get("relations"):
        warnings.append(f"{where}: skipped {len(obj['relations'])} doccano relation(s)")
    return [record]


def _doccano_spans(obj, where: str):
    if "entities" in obj:
        for i, e in enumerate(obj["entities"] or [], 1):
            if not isinstance(e, dict) or not {"start_offset", "end_offset", "label"} <= set(e):
                raise InputError(f"{where} entity {i}: expected "
                                 '{"start_offset", "end_offset", "label"}')
            yield e["start_offset"], e["end_offset"], e["label"]
        return
    labels = obj.get("label") or []
    if not isinstance(labels, list):
        raise InputError(f"{where}: 'label' must be a list of [start, end, label]")
    for i, item in enumerate(labels, 1):
        if not (isinstance(item, list) and len(item) == 3):
            raise InputError(f"{where} span {i}: expected [start, end, label], got {item!r} "
                             "(doccano text classification is not span annotation)")
        yield item


def _check_ints(start, end, where: str) -> None:
    if type(start) is not int or type(end) is not int:
        raise InputError(f"{where}: offsets must be integers, got {start!r}, {end!r}")


def _label_studio(obj, where, default_id, source, warnings):
    """One task: data.text, and every annotation's "labels" results as spans."""
    from annotator.core.interchange.importing import DocRecord, SpanRecord
    data = obj.get("data") if isinstance(obj, dict) else None
    if not isinstance(data, dict):
        raise InputError(f"{where}: a Label Studio task needs a 'data' object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: task has no data.text (keys: {', '.join(sorted(data))})")
    doc_id = data.get("id", data.get("doc_id"))
    if doc_id in (None, ""):
        doc_id = f"task-{obj['id']}" if obj.get("id") is not None else default_id
    meta = {k: str(data[k]) for k in META_FIELDS if data.get(k) not in (None, "")}
    record = DocRecord(normalise_newlines(text), where, id=str(doc_id), meta=meta,
                       source=source)
    _set_status(record, data.get("status"), where)
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
            _check_ints(value["start"], value["end"], span_where)
            for label in value["labels"]:
                record.spans.append(SpanRecord(
                    to_stored(value["start"]), to_stored(value["end"]), str(label),
                    value.get("text"), who, origin=span_where))
    if skipped:
        warnings.append(f"{where}: skipped {skipped} non-span result(s) (choices, text areas, "
                        "relations)")
    if obj.get("predictions"):
        warnings.append(f"{where}: skipped {len(obj['predictions'])} prediction(s)")
    return [record]


PARSERS = {"jsonl": _ours, "prodigy": _ours, "doccano": _doccano,
           "label-studio": _label_studio}
