"""`annotator agreement` and the window's Agreement view: choose the documents,
annotators and labels, read their spans from the store, measure (core.team.agreement),
and write the figures as text, JSON or CSV.

Default choices: annotators are everyone with spans except reviewers (names that set
a review status), labels those used; documents those in which every chosen annotator
made at least one span, since a document someone did not code would count as "no
spans here" against agreement. --event / --doc choose documents explicitly.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from annotator.core.files import atomic_file
from annotator.core.model import ValidationError
from annotator.core.store import team as store
from annotator.core.store.project import Project

FORMATS = ("text", "json", "csv")


@dataclass(frozen=True)
class Choice:
    annotators: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None
    event: str | None = None
    doc_ids: tuple[str, ...] | None = None


def _check(kind: str, wanted, known) -> None:
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise ValidationError(f"no {kind} {unknown[0]!r} in this project (known: "
                              f"{', '.join(sorted(known)) or 'none'})")


def measure(project: Project, choice: Choice = Choice()):
    """The AgreementReport for `choice`; ValidationError names any unknown value."""
    from annotator.core.team.agreement import Unit, agreement
    everyone = store.annotators(project)
    if choice.annotators is not None:
        _check("annotator", choice.annotators, everyone)
        coders = list(dict.fromkeys(choice.annotators))
    else:
        reviewers = set(store.reviewers(project))
        coders = [a for a in everyone if a not in reviewers]
    if len(coders) < 2:
        raise ValidationError("agreement needs at least two annotators; spans here are by "
                              f"{', '.join(everyone) or 'nobody'}")
    if choice.labels is not None:
        _check("label", choice.labels, {l.name for l in project.labels()})
    if choice.event is not None and choice.doc_ids:
        raise ValidationError("choose documents by --event or by --doc, not both")
    if choice.event is not None:
        _check("event", [choice.event], project.distinct("event"))
        doc_ids = store.doc_ids_of_event(project, choice.event)
    elif choice.doc_ids:
        _check("document", choice.doc_ids, set(project.document_ids()))
        doc_ids = list(dict.fromkeys(choice.doc_ids))
    else:
        doc_ids = store.documents_coded_by_all(project, coders)
        if not doc_ids:
            raise ValidationError(f"no document has spans by every one of {', '.join(coders)}; "
                                  "choose documents with --doc or --event")
    rows = store.agreement_units(project, doc_ids, coders, choice.labels)
    return agreement(store.doc_lengths(project, doc_ids), (Unit(*r) for r in rows),
                     annotators=coders,
                     labels=list(choice.labels) if choice.labels is not None else None)


def render(report, fmt: str) -> str:
    from annotator.core.team import agreement
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "csv":
        return agreement.render_csv(report)
    if fmt == "text":
        return agreement.render_text(report).rstrip("\n") + "\n"
    raise ValidationError(f"format must be one of {', '.join(FORMATS)}")


def write(report, fmt: str, output: str) -> None:
    """To standard output ("-") or a file, replaced whole or not at all."""
    text = render(report, fmt)
    if output == "-":
        sys.stdout.write(text)
        return
    path = Path(output)
    if path.exists() and not path.is_file():
        raise ValidationError(f"{output}: not a regular file; nothing written")
    with atomic_file(path) as out:
        out.write(text)
