"""Reading inputs into records: files, folders and manifests, one file at a time.

`iter_records` yields the records of every input as it reads them (the import
writes them as they come); the registry says which format reads which file.
Every problem is an InputError naming the file (and line).
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from annotator.core.interchange import decoding, jsonio, labelset, registry
from annotator.core.interchange.decoding import InputError, path_text, special_kind
from annotator.core.interchange.records import DocRecord, Origin, ReadContext

MANIFEST_NAMES = ("manifest.csv", "manifest.json")

def read_paths(paths: Iterable[str | Path], *, outlet: str | None = None,
               event: str | None = None, manifest: str | Path | None = None,
               warnings: list[str] | None = None, fmt: str = "auto") -> list[DocRecord]:
    """Read every input into records, or raise InputError on the first bad one."""
    ctx = ReadContext()
    try:
        return list(iter_records(paths, ctx, outlet=outlet, event=event, manifest=manifest,
                                 fmt=fmt))
    finally:
        if warnings is not None:
            warnings.extend(ctx.warnings)


def iter_records(paths: Iterable[str | Path], ctx: ReadContext, *, outlet: str | None = None,
                 event: str | None = None, manifest: str | Path | None = None,
                 fmt: str = "auto") -> Iterator[DocRecord]:
    """The records of every input, one file in memory at a time; InputError on the
    first bad one. ctx collects warnings and says how far into a file reading is."""
    chosen = None if fmt == "auto" else registry.reader_format(fmt)
    if manifest:
        ctx.manifest.update(_read_manifest(Path(manifest)))
    walk = registry.folder_suffixes()
    read: list[Path] = []
    override = {k: v for k, v in (("outlet", outlet), ("event", event)) if v is not None}
    for raw in paths:
        path = Path(raw)
        files = _files(path, chosen, walk, ctx, manifest_given=bool(manifest))
        if files is None:                               # a folder in an annotation format
            folder_format = chosen if chosen and chosen.read_folder else registry.for_folder(path)
            records = folder_format.read_folder(path, ctx)
        else:
            explicit = files == [path]            # named, not found in a folder
            records = _read_files(files, chosen, ctx, read, explicit)
        for record in records:
            if override:
                record.meta.update(override)
            yield record
    if ctx.manifest:          # resolved only now, and only when a manifest needs them
        _check_manifest_used(ctx.manifest, {f.resolve() for f in read}, ctx.warnings)


def _files(path: Path, chosen, walk: set[str], ctx: ReadContext, *,
           manifest_given: bool) -> list[Path] | None:
    """The files to read for one input path, or None for an annotation folder."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path_text(path)}: no such file or folder") from None
    except OSError as e:
        raise InputError(f"{path_text(path)}: cannot read ({e.strerror})") from e
    if stat.S_ISDIR(mode):
        if (chosen.read_folder if chosen else registry.for_folder(path)):
            return None
        files = sorted((p for p in path.rglob("*") if p.suffix.lower() in walk and p.is_file()),
                       key=_path_order)
        for name in MANIFEST_NAMES:
            if (path / name).is_file() and not manifest_given:
                ctx.manifest.update(_read_manifest(path / name))
        if not files:
            raise InputError(f"{path_text(path)}: folder holds no "
                             f"{' or '.join(sorted(walk))} files")
        return files
    kind = special_kind(mode)
    if kind:
        raise InputError(f"{path_text(path)}: is {kind}, not a file or folder to import")
    return [path]


def _path_order(path: Path):
    """What Path's own ordering compares (its parts, case-folded where the system
    folds case), as a key: sorting thousands of Paths by __lt__ is slow."""
    return path.parts if _CASE_SENSITIVE else tuple(p.lower() for p in path.parts)


_CASE_SENSITIVE = os.path.normcase("A") == "A"


def _read_files(files: list[Path], chosen, ctx: ReadContext, read: list[Path],
                explicit: bool = False):
    for f in files:
        read.append(f)
        if ctx.sized:
            with contextlib.suppress(OSError):
                ctx.position, ctx.file_bytes = 0.0, f.stat().st_size
        yield from _read_file(f, chosen, ctx, explicit)
        ctx.done_bytes += ctx.file_bytes
        ctx.position, ctx.file_bytes = 0.0, 0


def _read_file(path: Path, chosen: registry.Format | None, ctx: ReadContext,
               explicit: bool = False):
    """One file in the chosen format, or as its name says. A format read one JSON
    object at a time leaves whole files found in a folder to their own format:
    `--format doccano` on a folder still reads its .txt files as plain text, while a
    file named with `--format label-studio` is read as that, whatever its name."""
    fmt = chosen or registry.for_file(path)
    if not fmt.read_file and not (explicit and chosen):
        fmt = registry.whole_file_format(path) or fmt
    if fmt.read_file:
        yield from fmt.read_file(path, ctx)
        return
    for other in registry.readers():           # label sets exported beside the file
        if other.read_labels:
            labelset.define(ctx.labels, other.read_labels(path), ctx.warnings,
                            path_text(path))
    content, warn = decoding.read_text(path)
    ctx.warnings.decoded(warn)
    size, found = max(len(content), 1), False
    for item in jsonio.items(content, path):
        origin = Origin(path, item.line)
        parse = chosen or registry.for_object(item.value, origin.where)
        try:
            records = parse.read_object(item.value, origin, ctx)
        except RecursionError as e:                 # a deep but parseable meta field...
            raise InputError(f"{origin.where}: JSON nested too deeply to read") from e
        ctx.position = item.end / size
        for record in records:
            found = True
            yield record
    if not found:
        raise InputError(f"{path_text(path)}: no documents in it")


def _read_manifest(path: Path) -> dict[Path, dict]:
    """Manifest rows keyed by the resolved path of the file they describe."""
    text, _ = decoding.read_text(path)
    name = path_text(path)
    if path.suffix.lower() == ".json":
        data = jsonio.loads(text, name)
        rows = data.get("documents") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise InputError(f'{name}: expected a list of entries or {{"documents": [...]}}')
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    out = {}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("file"), str) or \
                not row["file"]:
            raise InputError(f"{name}: entry {n} has no 'file'")
        target = (path.parent / row["file"]).resolve()
        if not target.is_file():
            raise InputError(f"{name}: entry {n} names {row['file']!r}, which does not exist")
        try:
            out[target] = {k: str(v).strip() for k, v in row.items() if k and v is not None}
        except RecursionError as e:
            raise InputError(f"{name}: entry {n} is nested too deeply to read") from e
    return out


def _check_manifest_used(meta_by_file: dict, read: set[Path], warnings) -> None:
    # Importing one file of a described folder is fine; say what was left out.
    unused = [t for t in meta_by_file if t not in read]
    if unused:
        warnings.add("files a manifest describes; not imported",
                     f"manifest describes {len(unused)} file(s) not imported, "
                     f"e.g. {path_text(unused[0])}")


def input_bytes(paths) -> int:
    """The size of what an import will read (roughly: files with a readable ending)."""
    endings = {e for f in registry.readers() for e in (*f.suffixes, *f.folder_suffixes)}
    total = 0
    for raw in paths:
        path = Path(raw)
        with contextlib.suppress(OSError):
            files = path.rglob("*") if path.is_dir() else [path]
            total += sum(p.stat().st_size for p in files
                         if p.suffix.lower() in endings and p.is_file())
    return total
