"""The one place that finds shipped files: resources/ and sample_corpus/.

An installed wheel carries them inside the package (annotator/_resources,
annotator/_sample_corpus); a source checkout has them at the repo's top level.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from annotator.core.model import Label

_PACKAGE = Path(__file__).resolve().parent.parent
_CHECKOUT = _PACKAGE.parent.parent
# Colours go into Qt style sheets and the HTML report: only #rgb or #rrggbb.
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / f"_{name}", _CHECKOUT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"annotator is missing its {name}/ folder")


def resources_dir() -> Path:
    return _find("resources")


def sample_corpus_dir() -> Path:
    return _find("sample_corpus")


def path(name: str) -> Path:
    """A file under resources/, e.g. path('style.qss')."""
    p = resources_dir() / name
    if not p.exists():
        raise FileNotFoundError(f"annotator resource {name!r} is missing")
    return p


def text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


@cache
def default_labels() -> list[Label]:
    return labels_from_data(json.loads(text("labels.json")))


def labels_from_data(data) -> list[Label]:
    """Label records from parsed JSON/TOML: a list, or {"labels": [...]}."""
    from annotator.core.model import ValidationError
    if isinstance(data, dict):
        data = data.get("labels")
    if not isinstance(data, list) or not data:
        raise ValidationError('a label set is a non-empty list of labels, or {"labels": [...]}')
    out, seen_names, seen_keys = [], set(), set()
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ValidationError(f"label #{i + 1}: needs a non-empty 'name'")
        name = item["name"].strip()
        colour = item.get("colour") or item.get("color") or "#cccccc"
        if not (isinstance(colour, str) and _HEX_COLOUR.fullmatch(colour)):
            raise ValidationError(f"label {name!r}: colour must be like '#ffcc00', got {colour!r}")
        key = item.get("key")
        if key is not None and (not isinstance(key, str) or len(key) != 1 or not key.isalpha()):
            raise ValidationError(f"label {name!r}: key must be one letter, got {key!r}")
        key = key.lower() if key else None
        if name in seen_names:
            raise ValidationError(f"label {name!r} is listed twice")
        if key and key in seen_keys:
            raise ValidationError(f"label {name!r}: key {key!r} is already used by another label")
        seen_names.add(name)
        if key:
            seen_keys.add(key)
        out.append(Label(name, colour, key, str(item.get("description", "")), i))
    return out
