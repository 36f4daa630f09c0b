"""File helpers every writer shares: atomic writes and spreadsheet-safe cells."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from annotator.core.model import ValidationError

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


_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"),
          (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a named pipe", ...); None if regular."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def refuse_special_output(path: Path, what: str = "export") -> None:
    """An output path must be absent or a regular file: writing "into" a device, a
    pipe, a folder or through a symbolic link is refused (`-o -` is stdout)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    kind = special_kind(mode)
    if kind:
        raise ValidationError(f"{path}: is {kind}; {what} writes a new or regular file "
                              "(use -o - for standard output)")


# Temporary names carry the writer's process id, so the next export to a folder
# can tell the leftovers of a killed one (dead process) from a running one.
_TEMP = re.compile(r"^\..+\.pid(\d+)\.[A-Za-z0-9_]+\.(?:tmp|old)$")


def temp_prefix(name: str) -> str:
    return f".{name}.pid{os.getpid()}."


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files and folders left in `folder` by killed exports."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _TEMP.match(entry.name)
            if not match or _alive(int(match[1])):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


@contextlib.contextmanager
def atomic_file(path: Path):
    """A text stream to a temporary file beside `path`, renamed over it on success.
    Leftovers of killed exports in that folder are removed first."""
    remove_stale_temps(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path.name), suffix=".tmp")
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
