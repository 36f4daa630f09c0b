"""brat standoff: a folder of NAME.txt + NAME.ann, annotation.conf and visual.conf.

Our .ann holds one `T` line per span ("T1<TAB>type start end<TAB>text"), a span
across line breaks as fragments ("47 52;53 59", texts joined by a space, as brat
wants), and one `AnnotatorNotes` line with its speaker, note and annotator. Types,
the conf files and the note form: brat_standoff. Reading: brat_read.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

from annotator.core.files import default_mode, remove_stale_temps, special_kind, temp_prefix
from annotator.core.interchange import brat_read
from annotator.core.interchange import brat_standoff as standoff
from annotator.core.interchange.decoding import InputError
from annotator.core.interchange.brat_standoff import CONF
from annotator.core.interchange.registry import Format, register
from annotator.core.interchange.writing import Writer
from annotator.core.model import Label
from annotator.core.store.interchange_queries import ExportDocument

# Files a brat collection (or brat's server) keeps; a folder holding only these
# is a previous export and may be replaced.
BRAT_SUFFIXES = {".txt", ".ann", ".conf"}
BRAT_EXTRAS = {".stats_cache"}
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r"[^\w.\-]+")
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
def ann_text(doc: ExportDocument, types: dict[str, str] | None = None) -> str:
    """One T line per span (two annotators' same span stay two lines), split at line
    breaks into fragments, and one AnnotatorNotes line with its fields."""
    text, lines = doc.text, []
    for n, s in enumerate(doc.spans, 1):
        label = types.get(s.label, s.label) if types else s.label
        pieces = standoff.fragments(text, s.start, s.end) or [(s.start, s.end)]
        where = ";".join(f"{a} {b}" for a, b in pieces)
        lines.append(f"T{n}\t{label} {where}\t{' '.join(text[a:b] for a, b in pieces)}\n")
        note = standoff.note_text(s.speaker, s.note, s.annotator)
        if note:
            lines.append(f"#{n}\tAnnotatorNotes T{n}\t{note}\n")
    return "".join(lines)


def _write(path: Path, content: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(content)


def write_folder(out: Path, docs, labels: list[Label]) -> int:
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
        types = standoff.brat_types([l.name for l in labels])
        _write(tmp / CONF, standoff.conf_text(labels, types))
        _write(tmp / standoff.VISUAL, standoff.visual_text(labels, types))
        used, files = {Path(CONF).stem, Path(standoff.VISUAL).stem}, 2
        for doc in docs:
            name = safe_name(doc.id, used)
            _write(tmp / f"{name}.txt", doc.text)
            _write(tmp / f"{name}.ann", ann_text(doc, types))
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

    def write_folder(self, out: Path, docs) -> int:
        return write_folder(out, docs, self.labels)

    def preview(self, docs: list[ExportDocument]) -> str:
        types = standoff.brat_types([l.name for l in self.labels])
        used = {Path(CONF).stem, Path(standoff.VISUAL).stem}
        parts = [f"; {CONF}\n{standoff.conf_text(self.labels, types)}"]
        for doc in docs[:PREVIEW_DOCS]:
            name = safe_name(doc.id, used)
            parts.append(f"; {name}.ann  (beside {name}.txt, {len(doc.text):,} characters)\n"
                         + (ann_text(doc, types) or "; (no spans)\n"))
        return "\n".join(parts)


def ini_lexer():
    from pygments.lexers import IniLexer
    return IniLexer()


FORMAT = register(Format(
    "brat", "brat", "a folder of .txt + .ann files, annotation.conf",
    "a folder of `NAME.txt` + `NAME.ann` (a span across lines as fragments; speaker, note "
    "and annotator in one `AnnotatorNotes` line), `annotation.conf` (labels as brat types, "
    "the label set in comments) and `visual.conf` (colours); reading takes a folder or one "
    "`.ann`, maps `E`/`R` lines tying content to a source to the content's speaker",
    order=40, carries=("text", "spans", "annotator", "speaker", "notes", "labels"),
    suffixes=(".ann",), read_file=brat_read.read_file, is_folder=brat_read.is_brat_folder,
    read_folder=brat_read.read_folder, writer=BratWriter, export_suffix="-brat", lexer=ini_lexer))
