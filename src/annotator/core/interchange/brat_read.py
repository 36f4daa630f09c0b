"""Reading brat standoff: NAME.txt + NAME.ann, with the annotation.conf above them.

Each `T` line is a span; fragments separated only by line breaks (how brat and our
export write a span across lines) are one span again, other discontinuous spans
one span per fragment. `AnnotatorNotes` lines give speaker, note and annotator
(brat_standoff's note form). `E` and `R` lines that tie a content span to a source
span (attribution corpora such as PolNeAR: Source, Cue, Content) give the content
span its source's text as speaker; the source stays a span. Other well-formed
lines are counted and skipped; anything else stops the import at its line.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.interchange import brat_standoff as standoff
from annotator.core.interchange import labelset
from annotator.core.interchange.brat_standoff import CONF
from annotator.core.interchange.decoding import (InputError, decode, normalise_newlines,
                                                 path_text, read_bytes, read_text)
from annotator.core.interchange.records import DocRecord, ReadContext, SpanRecord, show

_T_BODY = re.compile(r"^(\S.*?) (\d+ \d+(?:;\d+ \d+)*)$")
# The other standoff lines, well formed (brat's own grammar, server/src/annotation.py).
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
# Roles (or span labels) that name who spoke and what was said, lower case.
SOURCE_ROLES = {"source", "speaker", "sayer", "holder", "agent"}
CONTENT_ROLES = {"content", "quote", "message", "statement", "claim"}


@dataclass
class _Ann:
    """One .ann being read: its spans by T id, their texts, and E/R lines to map."""
    spans: list[SpanRecord] = field(default_factory=list)
    by_id: dict[str, list[SpanRecord]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)


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
    confs = _Confs(ctx, folder)
    return [read_document(txt, folder, ctx, confs) for txt in txts]


def read_file(path: Path, ctx: ReadContext) -> list[DocRecord]:
    """One NAME.ann (or its NAME.txt) with the other beside it."""
    if path.suffix.lower() not in (".ann", ".txt"):
        raise InputError(f"{path_text(path)}: brat input is a folder or a .ann file")
    ann = path.with_suffix(".ann")
    if not ann.with_suffix(".txt").is_file():
        raise InputError(f"{path_text(ann)}: no {path_text(ann.with_suffix('.txt').name)} "
                         "beside it (brat keeps each document's text in NAME.txt)")
    return [read_document(ann.with_suffix(".txt"), ann.parent, ctx, _Confs(ctx, None))]


class _Confs:
    """brat type -> label name from the nearest annotation.conf (brat's own rule:
    the folder's, else its parent's), read once per folder; its label set goes
    into the context."""

    def __init__(self, ctx: ReadContext, root: Path | None):
        self.ctx, self.root, self.cache = ctx, root, {}

    def types(self, folder: Path) -> dict[str, str]:
        if folder not in self.cache:
            conf = folder / CONF
            if conf.is_file():
                self.cache[folder] = self._read(conf)
            elif folder.parent != folder and (self.root is None or folder != self.root):
                self.cache[folder] = self.types(folder.parent)
            else:
                self.cache[folder] = {}
        return self.cache[folder]

    def _read(self, conf: Path) -> dict[str, str]:
        text, _ = read_text(conf)
        found = standoff.read_conf(text, path_text(conf))
        labelset.define(self.ctx.labels, [l for _, l in found], self.ctx.warnings,
                        path_text(conf))
        return {t: l.name for t, l in found}


def read_document(txt: Path, root: Path, ctx: ReadContext, confs: _Confs) -> DocRecord:
    raw, warn = read_text(txt)
    ctx.warnings.decoded(warn)
    doc_id = path_text(txt.relative_to(root).with_suffix("").as_posix())
    record = DocRecord(normalise_newlines(raw), path_text(txt), id=doc_id,
                       source=path_text(txt))
    ann = txt.with_suffix(".ann")
    if ann.exists():                  # a pipe or device is refused by read_bytes, not skipped
        record.spans = _read_ann(ann, raw, ctx, confs.types(ann.parent))
    return record


def _read_ann(ann: Path, raw: str, ctx: ReadContext, types: dict[str, str]) -> list:
    """Spans of one .ann, against `raw` (the .txt as decoded, before CRLF folding).
    A malformed line stops the import naming file and line."""
    data = read_bytes(ann)
    name = path_text(ann)
    content, warn = decode(data, name) if data.strip() else ("", [])  # empty: no spans
    ctx.warnings.decoded(warn)
    got = _Ann()
    to_stored = _crlf_mapper(raw)
    lines = content.split("\n")
    skip = 0
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if skip:
            skip -= 1
            continue
        if not line.strip():
            continue
        where = f"{name}:{n}"
        kind = line[0]
        if kind == "T":
            skip = _t_line(line, where, raw, got, types, to_stored, ctx, lines[n:])
        elif kind in _OTHER_LINES and _OTHER_LINES[kind].fullmatch(line):
            if kind == "#":
                _note_line(line, got)
            elif kind in "ER":
                got.links.append((kind, _arguments(line)))
            else:
                got.skipped[kind] = got.skipped.get(kind, 0) + 1
        else:
            raise InputError(f"{where}: malformed line {line[:60]!r} (expected {_EXPECTED})")
    _map_links(got, name, ctx)
    for kind, count in sorted(got.skipped.items()):
        ctx.warnings.add("brat relation, event and attribute lines; skipped",
                         f"{name}: skipped {count} {kind} line(s) "
                         "(attributes, normalisations and the like are not imported)")
    return got.spans


def _t_line(line, where, raw, got: _Ann, types, to_stored, ctx, after: list[str]) -> int:
    """Read one T line; returns how many following lines were its text's continuation
    (some tools write a span's line breaks into the .ann as they are)."""
    parts = line.split("\t", 2)
    match = _T_BODY.match(parts[1]) if len(parts) == 3 else None
    if not match:
        raise InputError(f"{where}: malformed T line {line[:60]!r} "
                         "(expected 'T1<TAB>label start end<TAB>text')")
    label = types.get(match[1], match[1])
    try:
        fragments = [tuple(map(int, f.split())) for f in match[2].split(";")]
    except ValueError as e:                       # thousands of digits
        raise InputError(f"{where}: an offset with more than 4,300 digits") from e
    for start, end in fragments:
        if not 0 <= start < end <= len(raw):
            raise InputError(f"{where}: span {show(start)}-{show(end)} is outside the text "
                             f"(0-{len(raw)}) or empty")
    pieces = " ".join(raw[s:e] for s, e in fragments)
    more = _continued(parts[2], pieces, after)
    if more:
        ctx.warnings.add("brat span texts written across lines; read as one",
                         f"{where}: the span's text goes on for {more} more line(s) "
                         "(brat wants one line); read as one")
    elif parts[2] not in (pieces, pieces.replace("\r\n", " ").replace("\n", " ")
                          .replace("\r", " ")):
        raise InputError(f"{where}: span {fragments[0][0]}-{fragments[-1][1]} text "
                         f"{parts[2]!r} does not match the document ({pieces!r})")
    joined = all(a < b and standoff.only_breaks(raw[a:b])
                 for (_, a), (b, _) in zip(fragments, fragments[1:]))
    if joined:
        fragments = [(fragments[0][0], fragments[-1][1])]
    elif len(fragments) > 1:
        ctx.warnings.add("brat discontinuous spans; one span per fragment",
                         f"{where}: discontinuous span imported as {len(fragments)} spans")
    new = [SpanRecord(to_stored(s), to_stored(e), label, origin=where) for s, e in fragments]
    t_id = parts[0]
    got.by_id.setdefault(t_id, []).extend(new)
    got.texts[t_id] = " ".join(" ".join(raw[s:e].split()) for s, e in fragments)
    got.spans.extend(new)
    return more


def _continued(written: str, pieces: str, after: list[str]) -> int:
    """How many of the next lines continue `written` into `pieces`, or 0."""
    if not (pieces.startswith(written) and pieces[len(written):len(written) + 1] == "\n"):
        return 0
    rest = pieces[len(written) + 1:].replace("\r\n", "\n")
    k = rest.count("\n") + 1
    if k > len(after) or "\n".join(a.rstrip("\r") for a in after[:k]) != rest:
        return 0
    return k


def _note_line(line: str, got: _Ann) -> None:
    parts = line.split("\t", 2)
    ref = parts[1].split() if len(parts) == 3 else []
    if len(ref) != 2 or ref[0] != "AnnotatorNotes":
        return                                      # other comments are free text
    fields = standoff.parse_note(parts[2])
    for span in got.by_id.get(ref[1], ()):
        for key, value in fields.items():
            old = getattr(span, key)
            setattr(span, key, value if not old or key != "note" else f"{old}\n{value}")


def _arguments(line: str) -> list[tuple[str, str]]:
    """(role, id) pairs: an E line's "Type:T1 Role:T2 ...", an R line's "Type A:T1 B:T2"."""
    body = line.split("\t", 1)[1].split()
    if line[0] == "R":
        body = body[1:]
    return [tuple(a.rsplit(":", 1)) for a in body]


def _map_links(got: _Ann, name: str, ctx: ReadContext) -> None:
    """Content spans get their source's text as speaker; counted for the summary."""
    mapped, unmapped = 0, {}
    for kind, args in got.links:
        roles = [(_role(role, got.by_id.get(ref)), ref) for role, ref in args]
        sources = [ref for role, ref in roles if role == "source" and ref in got.texts]
        contents = [ref for role, ref in roles if role == "content" and ref in got.by_id]
        if kind == "R" and len(args) == 2 and sources and not contents:
            contents = [ref for _, ref in args if ref not in sources and ref in got.by_id]
        if not sources or not contents:
            unmapped[kind] = unmapped.get(kind, 0) + 1
            continue
        speaker = "; ".join(dict.fromkeys(got.texts[s] for s in sources))
        for ref in contents:
            for span in got.by_id[ref]:
                if not span.speaker:
                    span.speaker = speaker
                elif speaker not in span.speaker.split("; "):
                    span.speaker = f"{span.speaker}; {speaker}"
        mapped += 1
    if mapped:
        ctx.warnings.add("brat events/relations mapped: content spans got their source "
                         "as speaker",
                         f"{name}: {mapped} E/R line(s) gave a content span its source's "
                         "text as speaker (source spans kept as spans)")
    for kind, count in sorted(unmapped.items()):
        got.skipped[kind] = got.skipped.get(kind, 0) + count


def _role(role: str, spans: list[SpanRecord] | None) -> str | None:
    """"source" or "content" by the argument's role, else by its span's label."""
    for name in (role, spans[0].label if spans else ""):
        word = re.sub(r"[\d\-_ ]+$", "", name).lower()
        if word in SOURCE_ROLES:
            return "source"
        if word in CONTENT_ROLES:
            return "content"
    return None


def _crlf_mapper(raw: str):
    """brat offsets count the .txt as written; stored text folds each CRLF to LF."""
    crs = [m.start() for m in re.finditer("\r\n", raw)]
    return lambda offset: offset - bisect_left(crs, offset)
