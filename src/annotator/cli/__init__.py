"""The command line: parse, open the project, call one core function, print.

Errors become one line on stderr and a non-zero exit (a traceback with --debug).
"""
from __future__ import annotations

import os
import sqlite3
import sys

from annotator import project_file
from annotator.cli.parser import build_parser
from annotator.core.model import AnnotatorError
from annotator.core.store import opening

ENV_DB = project_file.ENV_DB
default_db_path = project_file.default_db_path
__all__ = ["main", "build_parser", "default_db_path", "ENV_DB"]


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
