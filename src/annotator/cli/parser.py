"""The argument parser: every command, its options and its function."""
from __future__ import annotations

import argparse

from annotator import __version__
from annotator.cli import commands as c
from annotator.project_file import ENV_DB


class _Names:
    """The registry's reader or writer names, asked for only when argparse checks a
    value or prints help: the window's start-up then imports neither the registry nor
    the format modules (~30 ms of its ~400 ms)."""

    def __init__(self, names_of, *first: str):
        self.names_of, self.first = names_of, first      # names_of(registry) -> names

    def __iter__(self):
        from annotator.core.interchange import registry
        return iter((*self.first, *self.names_of(registry)))

    def __contains__(self, value) -> bool:
        return value in tuple(self)


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
    parser.set_defaults(func=c.cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common], help="import .txt, folders, JSONL")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--outlet", help="set the outlet of every imported document")
    p.add_argument("--event", help="set the event of every imported document")
    p.add_argument("--manifest", metavar="FILE", help="CSV or JSON metadata for .txt files")
    p.add_argument("--format", dest="fmt", default="auto", metavar="FORMAT",
                   choices=_Names(lambda r: r.reader_names(), "auto"),
                   help="input format: %(choices)s (default: auto, from the file name "
                        "and content)")
    p.add_argument("--add-labels", action="store_true",
                   help="create labels that imported spans use but the project lacks")
    p.add_argument("--annotator", metavar="NAME",
                   help="who made imported spans whose file does not say "
                        "(default: $ANNOTATOR_NAME or your user name)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress; warnings as one summary line")
    p.set_defaults(func=c.cmd_import)

    p = sub.add_parser("merge", parents=[common],
                       help="bring other analysts' project files into this project")
    p.add_argument("others", nargs="+", metavar="OTHER.db")
    p.add_argument("--prefer", choices=("target", "other"), default="target",
                   help="whose metadata wins when a document's differs (default: target)")
    p.set_defaults(func=c.cmd_merge)

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
    p.set_defaults(func=c.cmd_agreement)

    p = sub.add_parser("list", parents=[common], help="documents with status and spans")
    p.add_argument("--search", help="full-text search")
    p.add_argument("--outlet")
    p.add_argument("--event")
    p.add_argument("--status", choices=("new", "in_progress", "done"))
    p.set_defaults(func=c.cmd_list)

    p = sub.add_parser("stats", parents=[common], help="span counts per label, outlet, annotator")
    p.add_argument("--outlets", action="store_true",
                   help="per outlet: spans per label, share of text, rate, where they fall")
    p.add_argument("--event", help="with --outlets: only this event's documents")
    p.set_defaults(func=c.cmd_stats)

    p = sub.add_parser("labels", parents=[common], help="show the label set, or load one")
    p.add_argument("--load", metavar="FILE", help="replace the label set from JSON or TOML")
    p.set_defaults(func=c.cmd_labels)

    p = sub.add_parser("export", parents=[common], help="write annotations to a file")
    p.add_argument("--format", default="jsonl", metavar="FORMAT",
                   choices=_Names(lambda r: r.writer_names()),
                   help="%(choices)s (default: jsonl)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="file (a folder for brat), or - for standard output")
    for name in ("outlet", "event", "label", "annotator", "status", "doc"):
        p.add_argument(f"--{name}", action="append", metavar=name.upper(),
                       help=f"only this {name} (repeatable)")
    p.set_defaults(func=c.cmd_export)

    p = sub.add_parser("compare", parents=[common], help="compare outlets on one event")
    p.add_argument("--event", metavar="ID", help="the event to compare")
    p.add_argument("--doc", action="append", metavar="ID",
                   help="compare these documents instead of an event (repeatable)")
    p.add_argument("--format", default="text", choices=("text", "jsonl", "csv", "html"))
    p.add_argument("--annotator", action="append", metavar="NAME",
                   help="only this annotator's spans, e.g. the reviewer's (repeatable)")
    p.add_argument("-o", "--output", default="-", metavar="OUT",
                   help="file to write, or - for standard output (the default)")
    p.set_defaults(func=c.cmd_compare)

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
    p.set_defaults(func=c.cmd_suggest)

    p = sub.add_parser("datasette-metadata", parents=[common],
                       help="metadata for `datasette project.db -m FILE`")
    p.add_argument("-o", "--output", metavar="FILE", default="-",
                   help="write it here (default: standard output)")
    p.set_defaults(func=c.cmd_datasette_metadata)

    p = sub.add_parser("backup", parents=[common], help="back up the project now")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the backup here (default: the rolling backups, last 5)")
    p.set_defaults(func=c.cmd_backup)

    p = sub.add_parser("restore", parents=[common],
                       help="list the project's backups, or restore one")
    p.add_argument("backup", nargs="?", metavar="N|FILE",
                   help="backup number from the list (1 = newest), or a backup file")
    p.set_defaults(func=c.cmd_restore)
    return parser
