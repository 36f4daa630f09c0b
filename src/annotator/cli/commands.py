"""One function a command: open the project, call one core function, print."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from annotator import project_file
from annotator.cli.output import print_table, write_lines, write_text
from annotator.core import labels as labelset
from annotator.core.edits import Editor
from annotator.core.model import AnnotatorError, ValidationError, display_title
from annotator.core.store.project import Project


def open_project(args, *, create: bool = True, glance: bool = False) -> Project:
    """The project the command names; `create=False` for commands that only read
    (opened read-only: nothing is created or changed). Rules: project_file.
    `glance`: a command that only shows a little of the file (list, stats, labels)
    skips the whole-file quick_check (~0.25 s on 20,000 articles); damage in what
    it reads is still reported as such (main), and commands that write or export
    check the whole file first."""
    return project_file.open_project(args.db, writes=create,
                                     check="off" if glance and not create else "now")


def cmd_gui(args) -> int:
    from annotator.ui.app import run_gui   # Qt loads only for the window
    return run_gui(args)


def cmd_import(args) -> int:
    with open_project(args) as project:
        progress = _ImportProgress(args.quiet)
        try:
            from annotator.core.interchange import importing   # not loaded for the window
            report = importing.import_paths(project, args.paths, outlet=args.outlet,
                                            event=args.event, manifest=args.manifest,
                                            progress=progress, fmt=args.fmt,
                                            add_labels=args.add_labels,
                                            annotator=args.annotator)
        finally:
            progress.close()            # an error then starts on its own line
        _suggest_after_import(project, report.added, args.quiet)
        if args.quiet and report.warnings:
            print(f"warning: {report.warnings.summary()}", file=sys.stderr)
        else:
            for w in report.warnings:
                print(f"warning: {w}", file=sys.stderr)
        if not args.quiet:
            for dup in report.duplicates:
                print(f"skipped {dup.origin}: same text as document {dup.existing}",
                      file=sys.stderr)
        print(report.summary())
    return 0


class _ImportProgress:
    """"  reading 12.3 of 188.0 MB" on stderr once an import has run a second
    (parsing and writing alike); close() ends its line before anything else prints."""

    def __init__(self, quiet: bool):
        self.quiet, self.start, self.open = quiet, time.monotonic(), False

    def __call__(self, done: int, total: int) -> None:
        if self.quiet or time.monotonic() - self.start < 1:
            return
        print(f"\r  reading {done / 1e6:,.1f} of {total / 1e6:,.1f} MB", end="",
              file=sys.stderr, flush=True)
        self.open = True

    def close(self) -> None:
        if self.open:
            print(file=sys.stderr, flush=True)
            self.open = False


def cmd_merge(args) -> int:
    from annotator.core.team import merge
    with open_project(args) as project:
        report = merge.merge(Editor(project), args.others, prefer=args.prefer)
        for c in report.conflicts:
            print(f"conflict: document {c.doc_id} {c.field}: here {c.ours!r}, in {c.source} "
                  f"{c.theirs!r}; kept {'this project' if c.taken == 'target' else c.source}'s",
                  file=sys.stderr)
        for name, theirs, ours in report.renamed:
            print(f"note: {name}: document id {theirs!r} is taken here by another text; "
                  f"stored as {ours!r}", file=sys.stderr)
        print(report.summary())
    return 0


def cmd_agreement(args) -> int:
    from annotator.core.team import figures
    with open_project(args, create=False) as project:
        choice = figures.Choice(
            annotators=tuple(args.annotators) if args.annotators else None,
            labels=tuple(args.label) if args.label else None, event=args.event,
            doc_ids=tuple(args.doc) if args.doc else None)
        report = figures.measure(project, choice)
        figures.write(report, args.format, args.output)
    if args.output != "-":
        print(f"wrote agreement among {len(report.annotators)} annotators over "
              f"{report.documents} document(s) to {args.output}")
    return 0


def cmd_list(args) -> int:
    with open_project(args, create=False, glance=True) as project:
        rows = project.document_rows(search=args.search, outlet=args.outlet,
                                     event=args.event, status=args.status)
        table = [(r["id"], r["event"] or "", r["outlet"] or "", r["status"], str(r["spans"]),
                  r["published"] or "", display_title(r["title"], r["opening"]))
                 for r in rows]
        print_table(("id", "event", "outlet", "status", "spans", "published", "title"), table)
        print(f"{len(rows)} document(s)")
    return 0


def cmd_stats(args) -> int:
    if args.outlets:
        from annotator.core.compare.profiles import outlet_summary
        from annotator.core.compare.report import render_outlets
        with open_project(args, create=False, glance=True) as project:
            sys.stdout.write(render_outlets(outlet_summary(project, event=args.event),
                                            project.labels()))
        return 0
    with open_project(args, create=False, glance=True) as project:
        stats = project.stats()
        print(f"{project.document_count()} documents, {project.span_count()} spans\n")
        print_table(("label", "spans"), stats["label"])
        print()
        print_table(("outlet", "documents", "spans"), stats["outlet"])
        print()
        print_table(("annotator", "spans", "documents"), stats["annotator"])
        print()
        print_table(("status", "documents"), stats["status"])
    return 0


def cmd_labels(args) -> int:
    with open_project(args, create=bool(args.load), glance=True) as project:  # showing only reads
        if args.load:
            labels = labelset.read_label_file(args.load)
            Editor(project).run(labelset.SetLabels(tuple(labels)))
            print(f"loaded {len(labels)} label(s) from {args.load}")
        rows = [(str(i + 1), l.key or "", l.name, l.colour, l.description)
                for i, l in enumerate(project.labels())]
        print_table(("#", "key", "name", "colour", "description"), rows)
    return 0


def cmd_export(args) -> int:
    from annotator.core.interchange import exporting
    with open_project(args, create=False) as project:
        filters = exporting.Filters(outlet=args.outlet, event=args.event, label=args.label,
                                    annotator=args.annotator, status=args.status,
                                    doc=args.doc)
        report = exporting.export(project, args.format, args.output, filters)
        print(report.summary(), file=sys.stderr if args.output == "-" else sys.stdout)
    return 0


def cmd_compare(args) -> int:
    from annotator.core.compare import report as compare_report
    with open_project(args, create=False) as project:
        compare_report.run(project, event=args.event, doc_ids=args.doc, fmt=args.format,
                           output=args.output, annotators=args.annotator)
    return 0


def _suggest_after_import(project, doc_ids, quiet) -> None:
    """Suggestions for the new documents, after the import has committed."""
    from annotator.core.suggest import ops as suggest_ops

    def progress(done, total):
        if total >= 200 and not quiet:
            print(f"\r  suggestions {done}/{total}", end="", file=sys.stderr, flush=True)
    suggest_ops.refresh(project, doc_ids, progress=progress)
    if len(doc_ids) >= 200 and not quiet:
        print(file=sys.stderr)


def cmd_suggest(args) -> int:
    from annotator.core.store import suggestions as table
    from annotator.core.suggest import ops as suggest_ops
    if args.accept and args.min_score is None:
        raise ValidationError("suggest --accept needs --min-score X (0 accepts all)")
    # Writes (suggestions are stored, --accept tags) but never creates a project.
    path = str(project_file.existing_project(args.db))
    with project_file.open_project(path) as project:
        doc_ids = args.doc
        if args.event:
            doc_ids = [r["id"] for r in project.document_rows(event=args.event)]
        for d in doc_ids or ():
            project.document_status(d)               # an unknown id: one clear error
        suggest_ops.refresh(project, doc_ids)
        if args.accept:
            editor = Editor(project)
            op, skipped = suggest_ops.accept_all(project, doc_ids, args.min_score,
                                                 editor.annotator)
            changes = editor.run(op)
            print(f"accepted {len(changes.spans_added)} suggestion(s) as spans by "
                  f"{editor.annotator}" + (f"; {skipped} left out (label not in the "
                                           "project, or already tagged)" if skipped else ""))
            return 0
        rows = table.for_documents(project, doc_ids, min_score=args.min_score)
        lines = [_suggestion_line(s, args.format) for s in rows]
    write_lines(lines, args.output)
    return 0


def _suggestion_line(s, fmt: str) -> str:
    import json
    if fmt == "jsonl":
        return json.dumps(s.as_json(), ensure_ascii=False)
    who = s.speaker or "?"
    return (f"{s.doc_id}\t{s.start}-{s.end}\t{s.label}\t{s.kind}\t{s.score:.2f}\t"
            f"{who}\t{s.cue or ''}\t{' '.join(s.text.split())}")


def cmd_datasette_metadata(args) -> int:
    from annotator.core.interchange import datasette
    with open_project(args, create=False, glance=True) as project:
        text = datasette.metadata_json(project)
    write_text(text, args.output)
    return 0


def cmd_backup(args) -> int:
    from annotator.core.store import backup
    path = project_file.existing_project(args.db)
    target = backup.make_backup(path, args.output)
    print(f"backed up {path} to {target}")
    return 0


def cmd_restore(args) -> int:
    from annotator.core.store import backup
    path = project_file.existing_project(args.db, may_be_missing=True)
    found = backup.backups(path)
    if args.backup is None:
        rows = [(str(i + 1), f"{b.taken:%Y-%m-%d %H:%M:%S}", f"{b.size / 1024:,.0f} KiB",
                 str(b.path)) for i, b in enumerate(found)]
        print_table(("#", "taken", "size", "file"), rows)
        print(f"{len(found)} backup(s) of {path}; restore one with "
              f"`annotator restore --db {path} N`")
        return 0
    if args.backup.isdigit() and not Path(args.backup).exists():
        n = int(args.backup)
        if not 1 <= n <= len(found):
            raise AnnotatorError(f"no backup #{n} of {path} ({len(found)} kept; "
                                 "`annotator restore` lists them)")
        chosen = found[n - 1].path
    else:
        chosen = Path(args.backup)
    before = backup.restore(path, chosen)
    print(f"restored {path} from {chosen}"
          + (f"; what it held before is backed up as {before}" if before else ""))
    return 0
