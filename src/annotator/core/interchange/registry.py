"""The one list of interchange formats.

Each module under `interchange/formats/` registers one `Format`: its name, what
it reads and writes, its file endings, its preview lexer and what a round trip
keeps. The CLI's choices, the export dialog, auto-detection and the README's
format table are all read from here, so adding a format is one new module.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from annotator.core.model import InputError, Label, ValidationError

if TYPE_CHECKING:
    from annotator.core.interchange.records import DocRecord, Origin, ReadContext
    from annotator.core.interchange.writing import Writer

# What a round trip can keep, in the README's words.
FIELDS = {"text": "text", "meta": "metadata", "status": "status", "spans": "spans",
          "annotator": "annotators", "speaker": "speakers", "notes": "notes",
          "labels": "label set (colours, keys)", "ids": "span ids and times"}


@dataclass(frozen=True)
class Format:
    name: str
    title: str                    # shown in the export dialog
    hint: str                     # the dialog's one-line hint under the title
    description: str              # the README table's "what you get"
    order: int                    # position in lists (the default format first)
    carries: tuple[str, ...] = () # FIELDS the files hold (and a round trip keeps)
    # reading; a format reads whole files (read_file), or JSON objects out of a
    # .json list or JSONL lines (read_object), or folders (read_folder)
    suffixes: tuple[str, ...] = ()         # its file endings; auto-detection takes the
                                           # first format (by order) claiming one
    folder_suffixes: tuple[str, ...] = ()  # endings imported from a plain folder
    read_file: Callable[[Path, "ReadContext"], list["DocRecord"]] | None = None
    read_object: Callable[[object, "Origin", "ReadContext"], list["DocRecord"]] | None = None
    sniff: Callable[[dict], bool] | None = None    # auto: is this JSON object ours?
    sniff_rank: int = 0           # sniffs run lowest first (the catch-all last)
    is_folder: Callable[[Path], bool] | None = None  # auto: is this folder ours?
    read_folder: Callable[[Path, "ReadContext"], list["DocRecord"]] | None = None
    # the label set a file of this format was exported with (a sidecar beside it)
    read_labels: Callable[[Path], list[Label]] | None = None
    # writing
    writer: Callable[[], "Writer"] | None = None
    export_suffix: str = ""       # the default output name's ending
    lexer: Callable[[], object] | None = None  # a pygments lexer for the preview
    preview_note: str = ""

    @property
    def reads(self) -> bool:
        return bool(self.read_file or self.read_object or self.read_folder)

    @property
    def writes(self) -> bool:
        return self.writer is not None


_FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    if fmt.name in _FORMATS and _FORMATS[fmt.name] != fmt:
        raise ValueError(f"format {fmt.name!r} registered twice")
    _FORMATS[fmt.name] = fmt
    return fmt


_LOADED: list[bool] = []


def _load() -> dict[str, Format]:
    if not _LOADED:       # each module of formats/ registers itself when imported
        formats = importlib.import_module(__name__.rpartition(".")[0] + ".formats")
        for module in pkgutil.iter_modules(formats.__path__):
            importlib.import_module(f"{formats.__name__}.{module.name}")
        _LOADED.append(True)   # (one format imported first must not hide the others)
    return _FORMATS


@dataclass(frozen=True)
class _Index:
    """The registry sorted and looked up once per registry state: an import asks for
    each file it reads and each JSON object it sniffs."""
    key: tuple
    all: tuple[Format, ...]
    readers: tuple[Format, ...]
    by_suffix: dict[str, Format]            # the first reader taking each file ending
    sniffers: tuple[Format, ...]            # readers in sniff_rank order


_INDEX: list[_Index] = []


def _index() -> _Index:
    formats = _load()
    key = tuple(map(id, formats.values()))
    if not _INDEX or _INDEX[0].key != key:
        everything = tuple(sorted(formats.values(), key=lambda f: (f.order, f.name)))
        readers = tuple(f for f in everything if f.reads)
        by_suffix: dict[str, Format] = {}
        for f in readers:
            for suffix in f.suffixes:
                by_suffix.setdefault(suffix, f)
        _INDEX[:] = [_Index(key, everything, readers, by_suffix,
                            tuple(sorted(readers, key=lambda f: f.sniff_rank)))]
    return _INDEX[0]


def all_formats() -> list[Format]:
    return list(_index().all)


def readers() -> list[Format]:
    return list(_index().readers)


def writers() -> list[Format]:
    return [f for f in all_formats() if f.writes]


def reader_names() -> list[str]:
    return [f.name for f in readers()]


def writer_names() -> list[str]:
    return [f.name for f in writers()]


def get(name: str) -> Format:
    try:
        return _load()[name]
    except KeyError:
        raise ValidationError(f"unknown format {name!r} (one of "
                              f"{', '.join(f.name for f in all_formats())})") from None


def writer_format(name: str) -> Format:
    fmt = _load().get(name)
    if fmt is None or not fmt.writes:
        raise ValidationError(f"unknown export format {name!r} (one of "
                              f"{', '.join(writer_names())})")
    return fmt


def reader_format(name: str) -> Format:
    fmt = _load().get(name)
    if fmt is None or not fmt.reads:
        raise ValidationError(f"unknown import format {name!r} (one of "
                              f"{', '.join(reader_names())})")
    return fmt


# -- auto-detection ------------------------------------------------------------------
def for_file(path: Path) -> Format:
    """The format a file's name says, or InputError listing what import takes."""
    suffix = path.suffix.lower()
    fmt = _index().by_suffix.get(suffix)
    if fmt is not None:
        return fmt
    known = ", ".join(sorted({s for f in readers() for s in f.suffixes}))
    raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; import takes "
                     f"{known} and folders")


def whole_file_format(path: Path) -> Format | None:
    """The format that reads a file of this name whole (.txt, .ann), if any."""
    suffix = path.suffix.lower()
    return next((f for f in readers() if f.read_file and suffix in f.suffixes), None)


def for_folder(path: Path) -> Format | None:
    """The annotation format a folder is in (brat), or None for a plain folder."""
    return next((f for f in readers() if f.is_folder and f.is_folder(path)), None)


def for_object(obj, where: str) -> Format:
    """The format one JSON object of an auto-detected file is in."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    for fmt in _index().sniffers:
        if fmt.sniff and fmt.sniff(obj):
            return fmt
    raise InputError(f"{where}: not a record of any known format")   # jsonl takes any


def folder_suffixes() -> set[str]:
    return {s for f in readers() for s in f.folder_suffixes}


# -- the README ------------------------------------------------------------------------
def readme_table() -> str:
    """The README's format table; tests/core/test_interchange.py holds them equal."""
    rows = ["| format | import | export | file | what you get | holds |",
            "|---|---|---|---|---|---|"]
    for f in all_formats():
        ending = f.export_suffix or ", ".join(f.suffixes)
        keeps = ", ".join(FIELDS[c] for c in f.carries) or "—"
        rows.append(f"| `{f.name}` | {'yes' if f.reads else '—'} | "
                    f"{'yes' if f.writes else '—'} | `{ending}` | {f.description} | {keeps} |")
    return "\n".join(rows) + "\n"
