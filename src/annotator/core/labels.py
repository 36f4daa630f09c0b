"""The project's label set: load from JSON/TOML, add one label; both are operations.

Every label name that enters a project (a label file, an import with --add-labels,
the window) passes `validate_label_name` first.
"""
from __future__ import annotations

import json
import unicodedata
import tomllib
from dataclasses import dataclass
from pathlib import Path

from annotator.core import resources
from annotator.core.edits import Changes, Conflict, Operation
from annotator.core.model import InputError, Label, ValidationError
from annotator.core.store.project import Project

# Colours handed to labels created on import (--add-labels), in turn.
EXTRA_COLOURS = ("#ce93d8", "#ffab91", "#80cbc4", "#bcaaa4", "#b0bec5", "#f48fb1", "#c5e1a5")
MAX_LABEL_CHARS = 64


def validate_label_name(name, where: str = "") -> str:
    """The label name trimmed, or ValidationError saying why it cannot be one.

    A string, non-empty after trimming, at most MAX_LABEL_CHARS characters, with no
    control characters (tab, newline, NUL, ESC...) or other invisible format codes:
    names end up in menus, key hints, CSV columns and terminal tables.
    `where` ("labels.json label #3", "a.jsonl line 4") starts the message.
    """
    prefix = f"{where}: " if where else ""
    if not isinstance(name, str):
        raise ValidationError(f"{prefix}a label name must be a string, got "
                              f"{type(name).__name__} {_short(name)}")
    trimmed = name.strip()
    if not trimmed:
        raise ValidationError(f"{prefix}a label name cannot be empty")
    bad = next((c for c in trimmed if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")),
               None)
    if bad is not None:
        raise ValidationError(f"{prefix}label name {_short(trimmed)} contains the control "
                              f"character U+{ord(bad):04X}")
    if len(trimmed) > MAX_LABEL_CHARS:
        raise ValidationError(f"{prefix}label name {_short(trimmed)} is {len(trimmed)} "
                              f"characters long (at most {MAX_LABEL_CHARS})")
    return trimmed


def _short(value) -> str:
    text = ascii(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_label_file(path: str | Path) -> list[Label]:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text") from e
    try:
        data = tomllib.loads(raw) if path.suffix.lower() == ".toml" else json.loads(raw)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError(f"{path}: malformed {path.suffix.lstrip('.').upper() or 'JSON'} ({e})") from e
    try:
        labels = resources.labels_from_data(data)
        for label in labels:
            validate_label_name(label.name, f"label #{label.order + 1}")
        return labels
    except ValidationError as e:
        raise InputError(f"{path}: {e}") from e


@dataclass(frozen=True)
class SetLabels(Operation):
    """Replace the label set. Labels still used by spans must stay in it."""
    labels: tuple[Label, ...]
    expect: tuple[Label, ...] | None = None    # an undo: the set this editor wrote
    description = "Change label set"

    def apply(self, project: Project):
        old = tuple(project.labels())
        if self.expect is not None and old != self.expect:
            raise Conflict("the label set was changed elsewhere since; not undone")
        for label in self.labels:
            validate_label_name(label.name)
        names = {l.name for l in self.labels}
        missing = sorted(set(project.used_labels()) - names)
        if missing:
            raise ValidationError(
                f"the new label set leaves out {', '.join(missing)}, still used by spans")
        project.replace_labels(list(self.labels))
        return (Changes(description=self.description, labels_changed=True),
                SetLabels(old, expect=tuple(project.labels())))


def add_label(project: Project, name, where: str = "") -> Label:
    """Append a label with the next free colour (used by import --add-labels)."""
    name = validate_label_name(name, where)
    existing = project.labels()
    colour = EXTRA_COLOURS[len(existing) % len(EXTRA_COLOURS)]
    label = Label(name, colour, None, "", len(existing))
    project.write_labels([label])
    return label
