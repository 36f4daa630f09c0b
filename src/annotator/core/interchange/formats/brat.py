"""brat standoff: a folder of NAME.txt + NAME.ann, and annotation.conf. Both ways.

Our .ann holds one `T` line per span ("T1<TAB>label start end<TAB>text"; a line
break inside the span text is written as a space) and, for its speaker and note,
`#` AnnotatorNotes lines "speaker: ..." / "note: ..." (line breaks escaped as \\n).
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from bisect import bisect_left
from pathlib import Path

from annotator.core.files import default_mode, remove_stale_temps, special_kind, temp_prefix
from annotator.core.interchange.decoding import (InputError, decode, normalise_newlines,
                                                 path_text, read_bytes, read_text)
from annotator.core.interchange.records import DocRecord, ReadContext, SpanRecord, show
from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import Writer
from annotator.core.store.interchange_queries import ExportDocument

CONF = "annotation.conf"
# Files a brat collection (or brat's server) keeps; a folder holding only these
# is a previous export and may be replaced.
BRAT_SUFFIXES = {".txt", ".ann", ".conf"}
BRAT_EXTRAS = {".stats_cache"}
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r"[^\w.\-]+")
_T_BODY = re.compile(r"^(\S.*?) (\d+ \d+(?:;\d+ \d+)*)$")
# The other standoff lines, well formed (brat's own grammar, server/src/annotation.py):
# they are counted and skipped; anything else stops the import at its line.
_OTHER_LINES = {
    "R": re.compile(r"R\S*\t\S+ \S+:\S+ \S+:\S+\s*"),             # relation
    "E": re.compile(r"E\S*\t\S+:\S+(?: \S+:\S+)*\s*"),              # event
    "A": re.compile(r"A\S*\t\S+ \S+(?: \S+)?\s*"),                    # attribute
    "M": re.compile(r"M\S*\t\S+ \S+(?: \S+)?\s*"),                    # (old) modifier
    "N": re.compile(r"N\S*\t\S+ \S+ \S+:\S+(?:\t.*)?"),              # normalisation
    "*": re.compile(r"\*\t\S+(?: \S+)+\s*"),                          # equivalence
    "#": re.compile(r"#\S*\t[^\t]+\t.*"),                              # note, comment
}
_EXPECTED = "T1<TAB>label start end<TAB>text, or an R, E, A, M, N, * or # line"
NOTE_FIELDS = ("speaker", "note")
PREVIEW_DOCS = 2


# -- names -----------------------------------------------------------------------
def safe_name(doc_id: str, used: set[str]) -> str:
    """A file name for a document id: no separators, no leading dot, unique in
    the folder even on case-insensitive disks; plain ids stay as they are."""
    name = _UNSAFE.sub("_", doc_id).strip("._ ")[:100].rstrip("._ ") or "document"
    if name.split(".")[0].lower() in WINDOWS_RESERVED:
        name = "_" + name
    base, n = name, 2
    while name.lower() in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name.lower())
    return name


# -- writing ---------------------------------------------------------------------
def conf_text(labels: list[str]) -> str:
    return ("[entities]\n" + "".join(f"{l}\n" for l in labels) +
            "\n[relations]\n\n[events]\n\n[attributes]\n")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), value)


def ann_text(doc: ExportDocument) -> str:
    text, lines, notes, seen = doc.text, [], 0, set()
    for s in doc.spans:
        start, end, label = s.start, s.end, s.label
        if (start, end, label) in seen:    # brat cannot tell annotators apart
            continue
        seen.add((start, end, label))
        t = f"T{len(seen)}"
        lines.append(f"{t}\t{label} {start} {end}\t{text[start:end].replace(chr(10), ' ')}\n")
        for key, value in zip(NOTE_FIELDS, (s.speaker, s.note)):
            if value:
                notes += 1
                lines.append(f"#{notes}\tAnnotatorNotes {t}\t{key}: {_escape(value)}\n")
    return "".join(lines)


def _write(path: Path, content: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(content)


def write_folder(out: Path, docs, labels: list[str]) -> int:
    """Write into a temporary folder beside `out`, then swap it into place.

    An existing `out` is replaced only when it is empty or a previous brat export
    (nothing but .txt/.ann/.conf); otherwise the export is refused, untouched.
    """
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such folder")
    if os.path.lexists(out):                   # a symlinked folder is not replaced
        kind = special_kind(os.lstat(out).st_mode) or "a file"
        if kind != "a folder":
            raise InputError(f"{out}: is {kind}; brat export writes (or replaces) a real "
                             "folder")
    if out.is_dir():
        others = [p.name for p in out.iterdir()
                  if not (p.is_file() and (p.suffix in BRAT_SUFFIXES or p.name in BRAT_EXTRAS))]
        if others:
            raise InputError(f"{out} already holds other files (e.g. {sorted(others)[0]}); "
                             "brat export replaces the whole folder, so choose a new "
                             "or empty folder")
    remove_stale_temps(out.parent)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=temp_prefix(out.name), suffix=".tmp"))
    try:
        os.chmod(tmp, default_mode(0o777))
        _write(tmp / CONF, conf_text(labels))
        used, files = {Path(CONF).stem}, 1
        for doc in docs:
            name = safe_name(doc.id, used)
            _write(tmp / f"{name}.txt", doc.text)
            _write(tmp / f"{name}.ann", ann_text(doc))
            files += 2
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return files


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.rename(new, out)
        return
    old = out.with_name(f"{temp_prefix(out.name)}{uuid.uuid4().hex[:8]}.old")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


class BratWriter(Writer):
    folder = True

    def write_folder(self, out: Path, docs, labels: list[str]) -> int:
        return write_folder(out, docs, labels)

    def preview(self, docs: list[ExportDocument], labels: list[str]) -> str:
        used, parts = {Path(CONF).stem}, [f"; {CONF}\n{conf_text(labels)}"]
        for doc in docs[:PREVIEW_DOCS]:
            name = safe_name(doc.id, used)
            parts.append(f"; {name}.ann  (beside {name}.txt, {len(doc.text):,} characters)\n"
                         + (ann_text(doc) or "; (no spans)\n"))
        return "\n".join(parts)


def ini_lexer():
    from pygments.lexers import IniLexer
    return IniLexer()


# -- reading ---------------------------------------------------------------------
def is_brat_folder(path: Path) -> bool:
    return any(p.suffix == ".ann" for p in path.rglob("*.ann"))


def read_folder(folder: Path, ctx: ReadContext) -> list[DocRecord]:
    """Every NAME.txt (with NAME.ann when present) under `folder`, sorted by path."""
    anns = sorted(folder.rglob("*.ann"))
    for ann in anns:
        if not ann.with_suffix(".txt").is_file():
            raise InputError(f"{path_text(ann)}: no {path_text(ann.with_suffix('.txt').name)} "
                             "beside it (brat keeps each document's text in NAME.txt)")
    txts = sorted(p for p in folder.rglob("*.txt") if p.is_file())
    return [read_document(txt, folder, ctx.warnings) for txt in txts]


def read_file(path: Path, ctx: ReadContext) -> list[DocRecord]:
    """One NAME.ann (or its NAME.txt) with the other beside it."""
    if path.suffix.lower() not in (".ann", ".txt"):
        raise InputError(f"{path_text(path)}: brat input is a folder or a .ann file")
    ann = path.with_suffix(".ann")
    if not ann.with_suffix(".txt").is_file():
        raise InputError(f"{path_text(ann)}: no {path_text(ann.with_suffix('.txt').name)} "
                         "beside it (brat keeps each document's text in NAME.txt)")
    return [read_document(ann.with_suffix(".txt"), ann.parent, ctx.warnings)]


def read_document(txt: Path, root: Path, warnings) -> DocRecord:
    raw, warn = read_text(txt)
    warnings.decoded(warn)
    doc_id = path_text(txt.relative_to(root).with_suffix("").as_posix())
    record = DocRecord(normalise_newlines(raw), path_text(txt), id=doc_id,
                       source=path_text(txt))
    ann = txt.with_suffix(".ann")
    if ann.exists():                  # a pipe or device is refused by read_bytes, not skipped
        record.spans = _read_ann(ann, raw, warnings)
    return record


def _read_ann(ann: Path, raw: str, warnings) -> list:
    """Spans of one .ann, against `raw` (the .txt as decoded, before CRLF folding).
    A malformed line stops the import naming file and line."""
    data = read_bytes(ann)
    name = path_text(ann)
    content, warn = decode(data, name) if data.strip() else ("", [])  # empty: no spans
    warnings.decoded(warn)
    spans, by_id, skipped = [], {}, {}
    to_stored = _crlf_mapper(raw)
    for n, line in enumerate(content.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        where = f"{name}:{n}"
        kind = line[0]
        if kind == "T":
            found = _t_line(line, where, raw)
            if len(found) > 1:
                warnings.add("brat discontinuous spans; one span per fragment",
                             f"{where}: discontinuous span imported as {len(found)} spans")
            new = [SpanRecord(to_stored(s), to_stored(e), label, origin=where)
                   for s, e, label in found]
            by_id.setdefault(line.split("\t", 1)[0], []).extend(new)
            spans.extend(new)
        elif kind in _OTHER_LINES and _OTHER_LINES[kind].fullmatch(line):
            if kind == "#":
                _note_line(line, by_id)
            else:
                skipped[kind] = skipped.get(kind, 0) + 1
        else:
            raise InputError(f"{where}: malformed line {line[:60]!r} (expected {_EXPECTED})")
    for kind, count in sorted(skipped.items()):
        warnings.add("brat relation, event and attribute lines; skipped",
                     f"{name}: skipped {count} {kind} line(s) "
                     "(relations, events, attributes and the like are not imported)")
    return spans


def _t_line(line: str, where: str, raw: str) -> list[tuple[int, int, str]]:
    parts = line.split("\t", 2)
    match = _T_BODY.match(parts[1]) if len(parts) == 3 else None
    if not match:
        raise InputError(f"{where}: malformed T line {line[:60]!r} "
                         "(expected 'T1<TAB>label start end<TAB>text')")
    label = match[1]
    try:
        fragments = [tuple(map(int, f.split())) for f in match[2].split(";")]
    except ValueError as e:                       # thousands of digits
        raise InputError(f"{where}: an offset with more than 4,300 digits") from e
    for start, end in fragments:
        if not 0 <= start < end <= len(raw):
            raise InputError(f"{where}: span {show(start)}-{show(end)} is outside the text "
                             f"(0-{len(raw)}) or empty")
    pieces = " ".join(raw[s:e] for s, e in fragments)
    if parts[2] not in (pieces, pieces.replace("\r\n", " ").replace("\n", " ")
                        .replace("\r", " ")):
        raise InputError(f"{where}: span {fragments[0][0]}-{fragments[-1][1]} text "
                         f"{parts[2]!r} does not match the document ({pieces!r})")
    return [(s, e, label) for s, e in fragments]


def _note_line(line: str, by_id: dict) -> None:
    parts = line.split("\t", 2)
    ref = parts[1].split() if len(parts) == 3 else []
    if len(ref) != 2 or ref[0] != "AnnotatorNotes":
        return                                      # other comments are free text
    for span in by_id.get(ref[1], ()):
        key, sep, value = parts[2].partition(": ")
        if sep and key in NOTE_FIELDS:
            setattr(span, key, _unescape(value))
        else:
            span.note = parts[2] if not span.note else f"{span.note}\n{parts[2]}"


def _crlf_mapper(raw: str):
    """brat offsets count the .txt as written; stored text folds each CRLF to LF."""
    crs = [m.start() for m in re.finditer("\r\n", raw)]
    return lambda offset: offset - bisect_left(crs, offset)


FORMAT = register(Format(
    "brat", "brat", "a folder of .txt + .ann files, annotation.conf",
    "a folder of `NAME.txt` + `NAME.ann` (speaker and note as `AnnotatorNotes`) and "
    "`annotation.conf`; reading takes a folder or one `.ann`, discontinuous spans become "
    "one span per fragment", order=40, carries=("text", "spans", "speaker", "notes"),
    suffixes=(".ann",), read_file=read_file, is_folder=is_brat_folder,
    read_folder=read_folder, writer=BratWriter, export_suffix="-brat", lexer=ini_lexer))
