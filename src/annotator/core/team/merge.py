"""Merging other analysts' project files into this one.

Planning reads each other file (read-only, its own connection) and decides what it
adds: documents matched by the SHA-256 of their text, spans by (document, start,
end, label, annotator), labels by name. Applying the plans is one Operation, so the
whole merge is one transaction and one undo step; a file that adds nothing adds no
row at all, so merging the same file twice changes nothing.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from annotator.core.edits import Changes, Operation
from annotator.core.model import Document, Label, ProjectError, Span, ValidationError
from annotator.core.store import team as store
from annotator.core.store.project import Project, now

PREFER = ("target", "other")
Progress = Callable[[int, int], "bool | None"]      # (files read, files); False cancels


@dataclass(frozen=True)
class Conflict:
    """A matched document whose metadata differs between the files."""
    doc_id: str             # in the target
    field: str
    ours: str | None
    theirs: str | None
    source: str             # the other file
    taken: str              # "target" or "other": which value the project keeps


@dataclass(frozen=True)
class MetaChange:
    doc_id: str
    old: tuple[tuple[str, str | None], ...]
    new: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class MergePlan:
    """What one other file adds to the target. Ids are fixed once applied, so the
    redo of an undone merge brings back the very same rows."""
    source_file: str
    source_project: str | None
    merged_at: str
    documents: tuple[Document, ...] = ()
    spans: tuple[Span, ...] = ()
    labels: tuple[Label, ...] = ()
    meta: tuple[MetaChange, ...] = ()
    annotators: tuple[str, ...] = ()      # names new to the target
    merge_id: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.documents or self.spans or self.labels or self.meta)


@dataclass
class MergeReport:
    plans: list[MergePlan] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    matched: int = 0                    # documents already in the target
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # file, theirs, ours
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> str:
        docs = sum(len(p.documents) for p in self.plans)
        spans = sum(len(p.spans) for p in self.plans)
        labels = sum(len(p.labels) for p in self.plans)
        parts = [f"merged {len(self.plans)} file(s): {docs} new document(s)",
                 f"{spans} new span(s)", f"{self.matched} document(s) already here"]
        if labels:
            parts.append(f"{labels} new label(s)")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} metadata conflict(s)")
        return ", ".join(parts)


class _Target:
    """The target as planning sees it, updated by each plan so that several files
    merged at once do not add the same document or span twice."""

    def __init__(self, project: Project):
        self.sha = store.sha_index(project)
        self.ids = set(project.document_ids())
        self.keys = store.span_keys(project)
        self.labels = {l.name: l for l in project.labels()}
        self.annotators = set(store.known_annotators(project))
        self.meta = store.documents_meta(project, set(self.sha.values()))

    def unique_id(self, wanted: str) -> str:
        doc_id, n = wanted, 2
        while doc_id in self.ids:
            doc_id, n = f"{wanted}-{n}", n + 1
        self.ids.add(doc_id)
        return doc_id


def plan_merge(project: Project, paths, *, prefer: str = "target",
               progress: Progress | None = None) -> MergeReport:
    """Read every other file and decide what it adds; raises ProjectError naming the
    first bad file, before anything is written."""
    if prefer not in PREFER:
        raise ValidationError(f"--prefer must be one of {', '.join(PREFER)}")
    target = _Target(project)
    report = MergeReport()
    stamp = now()
    for i, path in enumerate(paths):
        _refuse_self(project, path)
        source = store.read_source(path)
        report.plans.append(_plan_one(source, target, prefer, stamp, report))
        if progress and progress(i + 1, len(paths)) is False:
            raise ProjectError("merge cancelled; nothing was merged")
    return report


def _refuse_self(project: Project, path) -> None:
    # Opening the project's own file again, then closing it, would drop our locks.
    if project.path != ":memory:" and Path(path).exists() and \
            os.path.samefile(path, project.path):
        raise ProjectError(f"{path} is the open project itself; nothing was merged")


def _plan_one(src: store.SourceProject, target: _Target, prefer: str, stamp: str,
              report: MergeReport) -> MergePlan:
    name = os.path.basename(src.path)
    id_map: dict[str, str] = {}         # their document id -> ours
    texts: dict[str, str] = {}
    new_docs, meta = [], []
    for doc in src.documents:
        sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        ours = target.sha.get(sha)
        texts[doc.id] = doc.text
        if ours is None:
            ours = target.unique_id(doc.id)
            if ours != doc.id:
                report.renamed.append((name, doc.id, ours))
            new_docs.append(replace(doc, id=ours, sha256=sha))
            target.sha[sha] = ours
            target.meta[ours] = doc.meta()
        else:
            report.matched += 1
            change = _meta_change(ours, target.meta[ours], doc.meta(), prefer, name, report)
            if change is not None:
                meta.append(change)
                target.meta[ours] = {**target.meta[ours], **dict(change.new)}
        id_map[doc.id] = ours
    labels_needed = {s.label for s in src.spans}
    new_labels = _new_labels(src, target, labels_needed)
    spans = []
    for s in src.spans:
        text = texts.get(s.doc_id)
        if text is None or not 0 <= s.start < s.end <= len(text) or \
                text[s.start:s.end] != s.text:
            raise ProjectError(f"{src.path}: span {s.id} does not match its document's text "
                               "(damaged file?); nothing was merged")
        key = (id_map[s.doc_id], s.start, s.end, s.label, s.annotator)
        if key in target.keys:
            continue
        target.keys.add(key)
        spans.append(replace(s, id=None, doc_id=key[0]))
    people = sorted({s.annotator for s in spans} - target.annotators)
    target.annotators.update(people)
    return MergePlan(src.path, src.project_id, stamp, tuple(new_docs), tuple(spans),
                     tuple(new_labels), tuple(meta), tuple(people))


def _meta_change(doc_id, ours: dict, theirs: dict, prefer, name, report) -> MetaChange | None:
    """Fill gaps in our metadata from theirs; a real difference is a conflict, settled
    by `prefer`."""
    old, new = [], []
    for key, value in theirs.items():
        mine = ours.get(key)
        if value is None or value == mine:
            continue
        if mine is not None:
            taken = prefer
            report.conflicts.append(Conflict(doc_id, key, mine, value, name, taken))
            if taken == "target":
                continue
        old.append((key, mine))
        new.append((key, value))
    return MetaChange(doc_id, tuple(old), tuple(new)) if new else None


def _new_labels(src, target: _Target, needed: set[str]) -> list[Label]:
    keys = {l.key for l in target.labels.values() if l.key}
    out = []
    for label in src.labels:
        if label.name in target.labels or label.name not in needed:
            continue
        key = label.key if label.key and label.key not in keys else None
        added = Label(label.name, label.colour, key, label.description, len(target.labels))
        target.labels[label.name] = added
        if key:
            keys.add(key)
        out.append(added)
    return out


# -- the operation ----------------------------------------------------------------
@dataclass(frozen=True)
class ApplyMerge(Operation):
    """Write the plans: one undo step whatever the number of files."""
    plans: tuple[MergePlan, ...]

    @property
    def description(self):
        return "Merge " + ", ".join(os.path.basename(p.source_file) for p in self.plans)

    def apply(self, project):
        total, done = Changes(description=self.description), []
        for plan in self.plans:
            if plan.empty:
                continue
            merge_id = store.insert_merge(project, plan.merge_id, plan.source_file,
                                          plan.source_project, plan.merged_at)
            store.insert_labels(project, plan.labels)
            store.insert_documents(project, plan.documents)
            for m in plan.meta:
                store.update_meta(project, m.doc_id, dict(m.new))
            ids = store.insert_spans(project, plan.spans, merge_id)
            spans = tuple(replace(s, id=i) for s, i in zip(plan.spans, ids))
            done.append(replace(plan, merge_id=merge_id, spans=spans))
            total = total | _changes(plan, spans)
        if not done:
            return Changes(description=self.description), self
        return total, UndoMerge(tuple(done), self.description)


@dataclass(frozen=True)
class UndoMerge(Operation):
    """Take a merge back, refusing when its rows were changed or built on since."""
    plans: tuple[MergePlan, ...]
    label: str = "Merge"

    @property
    def description(self):      # what Edit ▸ Undo names: the merge it takes back
        return self.label

    def apply(self, project):
        total = Changes(description=self.label)
        for plan in reversed(self.plans):
            ids = [s.id for s in plan.spans]
            if store.existing_span_ids(project, ids) != set(ids):
                raise ValidationError("some merged spans were deleted or changed since")
            docs = [d.id for d in plan.documents]
            busy = store.documents_with_spans_besides(project, docs, ids)
            if busy:
                raise ValidationError(f"document {busy[0]} has new spans since the merge")
            store.delete_spans(project, ids)
            store.delete_documents(project, docs)
            for m in plan.meta:
                store.update_meta(project, m.doc_id, dict(m.old))
            used = store.delete_unused_labels(project, [l.name for l in plan.labels])
            if used:
                raise ValidationError(f"label {used[0]} is used by spans made since the merge")
            store.delete_unused_annotators(project, plan.annotators)
            store.delete_merge(project, plan.merge_id)
            total = total | _changes(plan, plan.spans, removed=True)
        return total, ApplyMerge(self.plans)


def _changes(plan: MergePlan, spans, removed: bool = False) -> Changes:
    docs = frozenset(d.id for d in plan.documents)
    touched = docs | frozenset(s.doc_id for s in plan.spans)
    meta = {m.doc_id: dict(m.old if removed else m.new) for m in plan.meta}
    if removed:
        return Changes(span_docs=touched, spans_removed=frozenset(s.id for s in spans),
                       documents_removed=docs, doc_fields=meta,
                       labels_changed=bool(plan.labels))
    return Changes(span_docs=touched, spans_added=tuple(spans), documents_added=docs,
                   doc_fields=meta, labels_changed=bool(plan.labels))


def merge(editor, paths, *, prefer: str = "target",
          progress: Progress | None = None) -> MergeReport:
    """Plan, then apply as one undoable step through the editor."""
    report = plan_merge(editor.project, paths, prefer=prefer, progress=progress)
    report.changes = editor.run(ApplyMerge(tuple(report.plans)))
    return report
