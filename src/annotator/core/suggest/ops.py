"""Stored suggestions: making them, and accepting or rejecting them as undoable operations.

`refresh` writes the engine's suggestions for documents the current rules have not seen
(new imports, or every document after RULES_VERSION changes). It is derived data, like
an import's document facts, so it commits on its own and is not an undo step.
Accepting and rejecting go through `Editor.run` like every analyst edit.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annotator.core.edits import AddSpan, Batch, Changes, Operation, SetStatus
from annotator.core.model import ValidationError
from annotator.core.store import suggestions as table
from annotator.core.store.project import Project
from annotator.core.suggest import RULES_VERSION, suggest

CHUNK = 200          # documents per transaction: progress shows, a lock is held briefly


def refresh(project: Project, doc_ids: Iterable[str] | None = None, *,
            progress: Callable[[int, int], object] | None = None,
            version: str = RULES_VERSION) -> Changes:
    """Make suggestions for the documents (all when None) that `version` has not seen."""
    todo = table.stale(project, version, doc_ids)
    total = len(todo)
    for i in range(0, total, CHUNK):
        chunk = todo[i:i + CHUNK]
        made = [(doc_id, [tuple(getattr(s, f) for f in table.FIELDS) for s in suggest(text)])
                for doc_id, text in table.texts(project, chunk)]
        with project.transaction():
            for doc_id, rows in made:
                table.replace_open(project, doc_id, version, rows)
        if progress:
            progress(min(i + CHUNK, total), total)
    return Changes(description="Suggest", suggestions=frozenset(todo))


@dataclass(frozen=True)
class SetSuggestionState(Operation):
    suggestion_id: int
    state: str

    @property
    def description(self):
        return {"rejected": "Reject suggestion", "open": "Reopen suggestion"}.get(
            self.state, "Mark suggestion " + self.state)

    def apply(self, project):
        old = table.get(project, self.suggestion_id)
        table.set_state(project, self.suggestion_id, self.state)
        return (Changes(description=self.description, suggestions=frozenset([old.doc_id])),
                SetSuggestionState(self.suggestion_id, old.state))


def rejection(suggestion_id: int) -> Operation:
    """Reject: remembered, so the same content is not suggested again."""
    return SetSuggestionState(suggestion_id, "rejected")


@dataclass(frozen=True)
class AcceptSuggestion(Operation):
    """Add the suggestion as a span (its label, or `label`; its speaker) and mark it
    accepted; a new document becomes in progress, as when tagging by hand."""
    suggestion_id: int
    annotator: str
    label: str | None = None

    @property
    def description(self):
        return f"Accept suggestion as {self.label}" if self.label else "Accept suggestion"

    def apply(self, project):
        sug = table.get(project, self.suggestion_id)
        if sug.state != "open":
            raise ValidationError(f"suggestion {sug.id} was already {sug.state}")
        ops: list[Operation] = [
            AddSpan(sug.doc_id, sug.start, sug.end, self.label or sug.label, self.annotator,
                    sug.speaker),
            SetSuggestionState(sug.id, "accepted")]
        if project.document_status(sug.doc_id) == "new":
            ops.append(SetStatus(sug.doc_id, "in_progress"))
        changes, inverse = Batch(tuple(ops), self.description).apply(project)
        return changes, inverse


def accept_all(project: Project, doc_ids: Iterable[str] | None, min_score: float,
               annotator: str) -> tuple[Operation, int]:
    """One operation accepting every open suggestion scoring at least min_score whose
    label the project has; also how many were left out (unknown label, or already a
    span with the same bounds and label)."""
    labels = {l.name for l in project.labels()}
    rows = table.for_documents(project, doc_ids, min_score=min_score)
    spans: dict[str, set] = {}
    for d in {s.doc_id for s in rows}:       # an identical span of the analyst's: skip
        spans[d] = {(b[1], b[2], b[3]) for b in project.span_bounds(d)}
    ops = tuple(AcceptSuggestion(s.id, annotator) for s in rows
                if s.label in labels and (s.start, s.end, s.label) not in spans[s.doc_id])
    return (Batch(ops, f"Accept {len(ops)} suggestion(s)"), len(rows) - len(ops))
