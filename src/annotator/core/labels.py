"""The project's label set: load from JSON/TOML, add one label; both are operations."""
from __future__ import annotations

import json
import re
import reprlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from annotator.core import resources
from annotator.core.edits import Changes, Operation
from annotator.core.model import InputError, Label, ValidationError
from annotator.core.store.project import Project

MAX_LABEL_CHARS = 64
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")     # C0, DEL and C1: tab, newline, NUL...


def validate_label_name(name) -> str:
    """`name` if it can be a label: a string, not empty after trimming, without control
    characters, at most MAX_LABEL_CHARS long. Otherwise ValidationError saying why."""
    if not isinstance(name, str):
        raise ValidationError(f"a label name must be a string, not {type(name).__name__} "
                              f"{reprlib.repr(name)}")
    if not name.strip():
        raise ValidationError(f"label name {name!r} is empty")
    if _CONTROL.search(name):
        raise ValidationError(f"label name {name[:MAX_LABEL_CHARS]!r} holds a control "
                              "character (tab, line break, NUL...)")
    if len(name) > MAX_LABEL_CHARS:
        raise ValidationError(f"label name {name[:20] + '…'!r} is {len(name):,} characters "
                              f"long; at most {MAX_LABEL_CHARS}")
    return name


# Colours handed to labels created on import (--add-labels), in turn.
EXTRA_COLOURS = ("#ce93d8", "#ffab91", "#80cbc4", "#bcaaa4", "#b0bec5", "#f48fb1", "#c5e1a5")


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
        return resources.labels_from_data(data)
    except ValidationError as e:
        raise InputError(f"{path}: {e}") from e


@dataclass(frozen=True)
class SetLabels(Operation):
    """Replace the label set. Labels still used by spans must stay in it."""
    labels: tuple[Label, ...]
    description = "Change label set"

    def apply(self, project: Project):
        old = tuple(project.labels())
        names = {l.name for l in self.labels}
        used = [r[0] for r in project.conn.execute("SELECT DISTINCT label FROM spans")]
        missing = sorted(set(used) - names)
        if missing:
            raise ValidationError(
                f"the new label set leaves out {', '.join(missing)}, still used by spans")
        project.conn.execute("DELETE FROM labels WHERE name NOT IN (%s)" %
                             ",".join("?" * len(names)), tuple(names))
        project._write_labels(list(self.labels))
        return Changes(description=self.description, labels_changed=True), SetLabels(old)


def add_label(project: Project, name: str) -> Label:
    """Append a label with the next free colour (used by import --add-labels)."""
    existing = project.labels()
    colour = EXTRA_COLOURS[len(existing) % len(EXTRA_COLOURS)]
    label = Label(name, colour, None, "", len(existing))
    project._write_labels([label])
    return label
