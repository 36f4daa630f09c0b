"""File helpers every writer shares: atomic writes and spreadsheet-safe cells."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

# A cell starting with one of these is run as a formula by spreadsheets (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """Prefix a quote to text a spreadsheet would run as a formula (OWASP advice)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def default_mode(kind: int = 0o666) -> int:
    """The permissions a plain open() would give, which mkstemp does not."""
    mask = os.umask(0)
    os.umask(mask)
    return kind & ~mask


@contextlib.contextmanager
def atomic_file(path: Path):
    """A text stream to a temporary file beside `path`, renamed over it on success."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, default_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
