"""The label set as it travels with an export: each label's name, colour, key,
description and order, as a list of objects (the project's own label-file form,
so `annotator labels load` reads it too).

Readers put the definitions they find (a `.labels.json` sidecar, brat's
annotation.conf comments, Label Studio's labelling config) into the ReadContext;
the import adds the labels the project lacks, in the file's order, with their
colours, and keeps the project's own definition of a label it already has.
"""
from __future__ import annotations

import json
from pathlib import Path

from annotator.core import resources
from annotator.core.interchange.decoding import InputError, path_text, read_text
from annotator.core.model import Label, ValidationError

SIDECAR = ".labels.json"


def label_dict(label: Label, order: int | None = None) -> dict:
    return {"name": label.name, "colour": label.colour, "key": label.key,
            "description": label.description,
            "order": label.order if order is None else order}


def labels_json(labels: list[Label]) -> str:
    """The label set, its order as positions (a project's sort_order may have gaps)."""
    return json.dumps({"labels": [label_dict(l, i) for i, l in enumerate(labels)]},
                      ensure_ascii=False, indent=1) + "\n"


def parse(data, where: str) -> list[Label]:
    """Label objects ({"name", "colour", "key", "description"}), in order."""
    try:
        return resources.labels_from_data(data)
    except ValidationError as e:
        raise InputError(f"{where}: {e}") from e


def sidecar_path(data_file: Path) -> Path:
    """a.jsonl -> a.labels.json (beside it)."""
    return data_file.with_name(data_file.stem + SIDECAR)


def read_sidecar(data_file: Path) -> list[Label]:
    """The label set exported beside a data file, or [] when there is none."""
    side = sidecar_path(data_file)
    if not side.is_file():
        return []
    text, _ = read_text(side)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{path_text(side)}: malformed JSON ({e.msg} at line {e.lineno})") \
            from e
    return parse(data, path_text(side))


def define(defined: dict[str, Label], labels: list[Label], warnings, where: str) -> None:
    """Add a file's label definitions to those already read; the first one wins."""
    for label in labels:
        old = defined.get(label.name)
        if old is None:
            defined[label.name] = label
        elif (old.colour, old.key, old.description) != (label.colour, label.key,
                                                         label.description):
            warnings.add("labels defined twice; the first definition kept",
                         f"{where}: label {label.name!r} is defined differently "
                         "elsewhere; the first definition is kept")
