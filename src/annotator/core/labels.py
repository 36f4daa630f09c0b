"""The project's label set: load from JSON/TOML, add one label; both are operations.

Every label name that enters a project (a label file, an import with --add-labels,
the window) passes `validate_label_name` first.
"""
from __future__ import annotations

import json
import unicodedata
import tomllib
from dataclasses import dataclass, replace
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


def _label(project: Project, name: str) -> Label:
    found = next((l for l in project.labels() if l.name == name), None)
    if found is None:
        raise ValidationError(f"no label {name!r} in this project")
    return found


@dataclass(frozen=True)
class RenameLabel(Operation):
    """Rename a label; every span follows (ON UPDATE CASCADE), and so do open suggestions."""
    old: str
    new: str
    expect: tuple[Label, ...] | None = None    # an undo: the set this editor wrote
    description = "Rename label"

    def apply(self, project: Project):
        before = tuple(project.labels())
        if self.expect is not None and before != self.expect:
            raise Conflict("the label set was changed elsewhere since; not undone")
        _label(project, self.old)
        new = validate_label_name(self.new)
        if new == self.old:
            return Changes(), None
        if project.has_label(new):
            raise ValidationError(f"there is already a label {new!r}")
        project.rename_label(self.old, new)
        return (Changes(description=f"Rename label {self.old} to {new}", labels_changed=True,
                        labels_renamed={self.old: new}),
                RenameLabel(new, self.old, expect=tuple(project.labels())))


@dataclass(frozen=True)
class RemoveLabel(Operation):
    """Take a label out of the set. Refused while spans use it, unless `relabel_to`
    names another label: then those spans get it first, in the same step."""
    name: str
    relabel_to: str | None = None
    expect: tuple[Label, ...] | None = None
    description = "Remove label"

    def apply(self, project: Project):
        before = tuple(project.labels())
        if self.expect is not None and before != self.expect:
            raise Conflict("the label set was changed elsewhere since; not undone")
        _label(project, self.name)
        ids = tuple(project.spans_with_label(self.name))
        if ids and self.relabel_to is None:
            raise ValidationError(f"label {self.name} is used by {len(ids)} span"
                                  f"{'s' * (len(ids) != 1)}; relabel them first")
        if ids:
            if self.relabel_to == self.name:
                raise ValidationError("relabel the spans to a different label")
            _label(project, self.relabel_to)
            clash = project.relabel_clashes(self.name, self.relabel_to)
            if clash:
                raise ValidationError(f"{clash} span(s) of {self.name} already have an "
                                      f"identical {self.relabel_to} span; remove those first")
            project.relabel_spans(ids, self.relabel_to)
        project.replace_labels([replace(l, order=i) for i, l in enumerate(
            l for l in before if l.name != self.name)])
        changed = tuple(project.span(i) for i in ids)
        what = f" ({len(ids)} spans now {self.relabel_to})" if ids else ""
        return (Changes(description=f"Remove label {self.name}{what}", labels_changed=True,
                        span_docs=frozenset(s.doc_id for s in changed), spans_updated=changed),
                _RestoreLabel(before, ids, self.name, self.relabel_to,
                              expect=tuple(project.labels())))


@dataclass(frozen=True)
class _RestoreLabel(Operation):
    """Undo of RemoveLabel: the old set back, and the relabelled spans with their label."""
    labels: tuple[Label, ...]
    span_ids: tuple[int, ...]
    name: str
    relabel_to: str | None
    expect: tuple[Label, ...]
    description = "Restore label"

    def apply(self, project: Project):
        if tuple(project.labels()) != self.expect:
            raise Conflict("the label set was changed elsewhere since; not undone")
        project.replace_labels(list(self.labels))
        if self.span_ids:
            if project.spans_with_label(self.relabel_to, self.span_ids) != list(self.span_ids):
                raise Conflict(f"{self.relabel_to} spans changed elsewhere since; not undone")
            project.relabel_spans(self.span_ids, self.name)
        changed = tuple(project.span(i) for i in self.span_ids)
        return (Changes(description=f"Restore label {self.name}", labels_changed=True,
                        span_docs=frozenset(s.doc_id for s in changed), spans_updated=changed),
                RemoveLabel(self.name, self.relabel_to, expect=self.labels))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb'."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def tint(colour: str, alpha: int, base: str = "#ffffff") -> str:
    """`colour` at `alpha` (0..255) over `base`, as the article paints a span."""
    mix = [round((int(colour[i:i + 2], 16) * alpha + int(base[i:i + 2], 16) * (255 - alpha))
                 / 255) for i in (1, 3, 5)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours (1..21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check_colour(colour: str) -> str:
    """'#rrggbb' lower-cased, or ValidationError."""
    c = colour.strip().lower() if isinstance(colour, str) else ""
    if len(c) != 7 or c[0] != "#" or any(ch not in "0123456789abcdef" for ch in c[1:]):
        raise ValidationError(f"colour {colour!r} is not of the form #rrggbb")
    return c
