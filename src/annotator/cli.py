"""The command line: parse, open the project, call one core function, print.

Errors become one line on stderr and a non-zero exit (a traceback with --debug).
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

from annotator import __version__, project_file
from annotator.core.interchange import registry
from annotator.core import labels as labelset
from annotator.core.edits import Editor
from annotator.core.model import AnnotatorError, ValidationError, display_title
from annotator.core.store import opening
from annotator.core.terminal import visible
from annotator.core.store.project import Project

ENV_DB = project_file.ENV_DB
default_db_path = project_file.default_db_path


def open_project(args, *, create: bool = True, glance: bool = False) -> Project:
    """The project the command names; `create=False` for commands that only read
    (opened read-only: nothing is created or changed). Rules: project_file.
    `glance`: a command that only shows a little of the file (list, stats, labels)
    skips the whole-file quick_check (~0.25 s on 20,000 articles); damage in what
    it reads is still reported as such (main), and commands that write or export
    check the whole file first."""
    return project_file.open_project(args.db, writes=create,
                                     check="off" if glance and not create else "now")


# -- commands -------------------------------------------------------------------
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
        _print_table(("id", "event", "outlet", "status", "spans", "published", "title"), table)
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
        _print_table(("label", "spans"), stats["label"])
        print()
        _print_table(("outlet", "documents", "spans"), stats["outlet"])
        print()
        _print_table(("annotator", "spans", "documents"), stats["annotator"])
        print()
        _print_table(("status", "documents"), stats["status"])
    return 0


def cmd_labels(args) -> int:
    with open_project(args, create=bool(args.load), glance=True) as project:  # showing only reads
        if args.load:
            labels = labelset.read_label_file(args.load)
            Editor(project).run(labelset.SetLabels(tuple(labels)))
            print(f"loaded {len(labels)} label(s) from {args.load}")
        rows = [(str(i + 1), l.key or "", l.name, l.colour, l.description)
                for i, l in enumerate(project.labels())]
        _print_table(("#", "key", "name", "colour", "description"), rows)
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
    _write_lines(lines, args.output)
    return 0


def _suggestion_line(s, fmt: str) -> str:
    import json
    if fmt == "jsonl":
        return json.dumps(s.as_json(), ensure_ascii=False)
    who = s.speaker or "?"
    return (f"{s.doc_id}\t{s.start}-{s.end}\t{s.label}\t{s.kind}\t{s.score:.2f}\t"
            f"{who}\t{s.cue or ''}\t{' '.join(s.text.split())}")


def _write_lines(lines: list[str], output: str) -> None:
    if output == "-":
        for line in lines:
            print(line)
        return
    from annotator.core.files import atomic_file
    with atomic_file(Path(output)) as f:
        f.write("".join(line + "\n" for line in lines))
    print(f"wrote {len(lines)} suggestion(s) to {output}", file=sys.stderr)


def cmd_datasette_metadata(args) -> int:
    from annotator.core.interchange import datasette
    with open_project(args, create=False, glance=True) as project:
        text = datasette.metadata_json(project)
    _write_text(text, args.output)
    return 0


def _write_text(text: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        return
    from annotator.core.files import atomic_file
    with atomic_file(Path(output)) as f:
        f.write(text)
    print(f"wrote {output}", file=sys.stderr)


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
        _print_table(("#", "taken", "size", "file"), rows)
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


def _print_table(header, rows) -> None:
    # Cells hold document text and names: control characters print as escapes.
    rows = [tuple("" if c is None else visible(c) for c in r) for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))


# -- parser ---------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    def common_options(default):
        # Subcommands repeat --db/--debug with SUPPRESSed defaults: otherwise their
        # defaults would overwrite a value given before the command name.
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--db", metavar="PATH", default=default,
                            help=f"project file (default: ${ENV_DB} or the user data folder)")
        common.add_argument("--debug", action="store_true", default=default or False,
                            help="show tracebacks")
        return common

    common = common_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="annotator", parents=[common_options(None)],
        description="Mark up how news outlets report the same event. "
                    "With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="render the window offscreen to PNG and exit")
    parser.add_argument("--size", metavar="WxH", default="1400x900",
                        help="--screenshot: the window size (default 1400x900)")
    parser.add_argument("--view", choices=("article", "compare"), default="article",
                        help="--screenshot: the view to show (default article)")
    parser.add_argument("--doc", metavar="ID", help="open this document")
    parser.add_argument("--annotator", metavar="NAME",
                        help="annotate as NAME in the window (default: $ANNOTATOR_NAME, "
                             "else the name chosen in File ▸ Settings)")
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common], help="import .txt, folders, JSONL")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--outlet", help="set the outlet of every imported document")
    p.add_argument("--event", help="set the event of every imported document")
    p.add_argument("--manifest", metavar="FILE", help="CSV or JSON metadata for .txt files")
    p.add_argument("--format", dest="fmt", default="auto",
                   choices=("auto", *registry.reader_names()),
                   help="input format (default: from the file name and content)")
    p.add_argument("--add-labels", action="store_true",
                   help="create labels that imported spans use but the project lacks")
    p.add_argument("--annotator", metavar="NAME",
                   help="who made imported spans whose file does not say "
                        "(default: $ANNOTATOR_NAME or your user name)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress; warnings as one summary line")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("merge", parents=[common],
                       help="bring other analysts' project files into this project")
    p.add_argument("others", nargs="+", metavar="OTHER.db")
    p.add_argument("--prefer", choices=("target", "other"), default="target",
                   help="whose metadata wins when a document's differs (default: target)")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("agreement", parents=[common],
                       help="inter-annotator agreement: span F1 and unitizing alpha")
    p.add_argument("--annotators", nargs="+", metavar="NAME",
                   help="annotators to compare (default: all but reviewers)")
    p.add_argument("--label", action="append", metavar="LABEL", help="only this label (repeatable)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--event", metavar="E", help="the documents of this event")
    which.add_argument("--doc", action="append", metavar="ID",
                       help="this document (repeatable; default: documents every chosen "
                            "annotator has spans in)")
    p.add_argument("--format", default="text", choices=("text", "json", "csv"))
    p.add_argument("-o", "--output", default="-", metavar="OUT",
                   help="file to write, or - for standard output (the default)")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("list", parents=[common], help="documents with status and spans")
    p.add_argument("--search", help="full-text search")
    p.add_argument("--outlet")
    p.add_argument("--event")
    p.add_argument("--status", choices=("new", "in_progress", "done"))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("stats", parents=[common], help="span counts per label, outlet, annotator")
    p.add_argument("--outlets", action="store_true",
                   help="per outlet: spans per label, share of text, rate, where they fall")
    p.add_argument("--event", help="with --outlets: only this event's documents")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("labels", parents=[common], help="show the label set, or load one")
    p.add_argument("--load", metavar="FILE", help="replace the label set from JSON or TOML")
    p.set_defaults(func=cmd_labels)

    p = sub.add_parser("export", parents=[common], help="write annotations to a file")
    p.add_argument("--format", default="jsonl", choices=registry.writer_names())
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="file (a folder for brat), or - for standard output")
    for name in ("outlet", "event", "label", "annotator", "status", "doc"):
        p.add_argument(f"--{name}", action="append", metavar=name.upper(),
                       help=f"only this {name} (repeatable)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("compare", parents=[common], help="compare outlets on one event")
    p.add_argument("--event", metavar="ID", help="the event to compare")
    p.add_argument("--doc", action="append", metavar="ID",
                   help="compare these documents instead of an event (repeatable)")
    p.add_argument("--format", default="text", choices=("text", "jsonl", "csv", "html"))
    p.add_argument("--annotator", action="append", metavar="NAME",
                   help="only this annotator's spans, e.g. the reviewer's (repeatable)")
    p.add_argument("-o", "--output", default="-", metavar="OUT",
                   help="file to write, or - for standard output (the default)")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("suggest", parents=[common],
                       help="suggested attributions (quote, speaker, cue); accept them")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--doc", action="append", metavar="ID",
                       help="only this document (repeatable)")
    where.add_argument("--event", metavar="E", help="only the documents of this event")
    p.add_argument("--format", default="jsonl", choices=("jsonl", "text"))
    p.add_argument("-o", "--output", default="-", metavar="OUT",
                   help="file to write, or - for standard output (the default)")
    p.add_argument("--min-score", type=float, default=None, metavar="X",
                   help="only suggestions scoring at least X (0-1)")
    p.add_argument("--accept", action="store_true",
                   help="accept the suggestions as spans (with --min-score)")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser("datasette-metadata", parents=[common],
                       help="metadata for `datasette project.db -m FILE`")
    p.add_argument("-o", "--output", metavar="FILE", default="-",
                   help="write it here (default: standard output)")
    p.set_defaults(func=cmd_datasette_metadata)

    p = sub.add_parser("backup", parents=[common], help="back up the project now")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the backup here (default: the rolling backups, last 5)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common],
                       help="list the project's backups, or restore one")
    p.add_argument("backup", nargs="?", metavar="N|FILE",
                   help="backup number from the list (1 = newest), or a backup file")
    p.set_defaults(func=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except AnnotatorError as e:
        if args.debug:
            raise
        print(f"annotator: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except sqlite3.DatabaseError as e:
        if args.debug or not opening.is_damaged(e):
            raise
        print(f"annotator: error: {opening.damaged_message(str(args.db or default_db_path()), str(e))}",
              file=sys.stderr)
        return 1
    except BrokenPipeError:      # `annotator list | head`: the reader has what it wanted
        _quiet_stdout()
        return 0
    except OSError as e:
        if args.debug:
            raise
        where = f"{e.filename}: " if e.filename else ""
        print(f"annotator: error: {where}{e.strerror or e}", file=sys.stderr)
        return 1
    except Exception as e:   # a bug: still one line, the traceback with --debug
        if args.debug:
            raise
        print(f"annotator: internal error: {type(e).__name__}: {e} "
              "(run with --debug for details)", file=sys.stderr)
        return 1


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the exit flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):        # no real file descriptor (tests, IDEs)
        pass


if __name__ == "__main__":
    sys.exit(main())
