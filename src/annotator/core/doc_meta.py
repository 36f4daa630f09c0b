"""Document properties (outlet, event, title, …) as one undoable operation.

Kept beside core/edits/ (whose span_ops.py holds the span and status operations) and
run the same way: `Editor.run(SetDocumentMeta.of(ids, outlet="Reuters"))`.

Values: trimmed; empty means unset (None). `published` must be an ISO 8601 date
(2024-03-05) or date and time (2024-03-05T14:30): imported files may hold free text
there, but what the editor writes stays sortable and comparable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from annotator.core.edits import CHANGED_ELSEWHERE, Batch, Changes, Conflict, Gone, Operation
from annotator.core.model import Document, NotFound, ValidationError

FIELDS = Document.META      # outlet, title, author, published, url, event, language


def clean_value(name: str, value) -> str | None:
    """A property value as stored: trimmed, empty -> None, `published` an ISO date."""
    if name not in FIELDS:
        raise ValidationError(f"cannot set document field {name!r} "
                              f"(fields: {', '.join(FIELDS)})")
    if value is None:
        return None
    value = " ".join(str(value).split()) if name != "url" else str(value).strip()
    if not value:
        return None
    if name == "published":
        try:
            (date if len(value) == 10 else datetime).fromisoformat(value)
        except ValueError:
            raise ValidationError(f"published must be an ISO date like 2024-03-05 "
                                  f"(or 2024-03-05T14:30), not {value!r}") from None
    return value


@dataclass(frozen=True)
class SetDocumentMeta(Operation):
    """Set properties of one or many documents as one step. `expect` (an undo or
    redo): the values this editor wrote, which each document must still hold."""
    doc_ids: tuple[str, ...]
    values: tuple[tuple[str, object], ...]
    expect: tuple[tuple[str, object], ...] | None = None

    @classmethod
    def of(cls, doc_ids, **values) -> "SetDocumentMeta":
        doc_ids = (doc_ids,) if isinstance(doc_ids, str) else tuple(dict.fromkeys(doc_ids))
        if not doc_ids or not values:
            raise ValidationError("choose at least one document and one property")
        return cls(doc_ids, tuple(sorted(values.items())))     # checked when applied

    @property
    def description(self):
        names = ", ".join(k for k, _ in self.values)
        verb = "Clear" if all(not str(v or "").strip() for _, v in self.values) else "Set"
        many = f" of {len(self.doc_ids)} documents" if len(self.doc_ids) > 1 else ""
        return f"{verb} {names}{many}"

    def apply(self, project):
        new = {k: clean_value(k, v) for k, v in self.values}
        fields, inverses = {}, []
        for doc_id in self.doc_ids:
            try:
                old = project.document_meta(doc_id)
            except NotFound as e:
                if self.expect is None:
                    raise
                raise Gone(f"document {doc_id} deleted elsewhere since; not undone") from e
            if self.expect is not None and any(old[k] != v for k, v in self.expect):
                raise Conflict(f"properties of {doc_id} {CHANGED_ELSEWHERE}")
            changed = {k: v for k, v in new.items() if old[k] != v}
            if not changed:
                continue
            project.set_document_meta(doc_id, changed)
            fields[doc_id] = changed
            inverses.append(SetDocumentMeta(
                (doc_id,), tuple(sorted((k, old[k]) for k in changed)),
                expect=tuple(sorted(changed.items()))))
        changes = Changes(description=self.description, doc_fields=fields)
        return changes, Batch(tuple(inverses), self.description)
