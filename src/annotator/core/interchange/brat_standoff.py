"""What brat's standoff needs beyond offsets: label names as brat types, the label
set in annotation.conf and visual.conf, and a span's fields in one note line.

Types. brat's configuration grammar takes a type as one run of non-space
characters, and its web client puts types into CSS class names; so a label whose
name is not ASCII letters, digits, `_` and `-` (starting with a letter) is written
as a type made of those (`cold war framing` -> `cold_war_framing`, `Zürich` ->
`Z_rich`, made unique). annotation.conf records every label as a comment line
`# label {"type": ..., "name": ..., "colour": ..., "key": ..., "description": ...}`
(brat skips comments); our reader maps types back to names from those lines.
visual.conf gives brat the names to show and the colours.

Notes. A span's speaker, note and annotator go into ONE `AnnotatorNotes` line (brat's
editor edits only the first), as `speaker: X | note: Y | annotator: Z` (absent fields
left out). In a value: `\\` -> `\\\\`, `|` -> `\\|`, a line feed -> `␤`, a tab -> `␉`
(a literal `␤`/`␉` gets a `\\` before it), any other line break (CR, U+2028, ...) ->
`\\uXXXX`. A note line of any other form (someone's free text) is kept as the note.
"""
from __future__ import annotations

import json
import re

from annotator.core.model import Label

CONF = "annotation.conf"
VISUAL = "visual.conf"
LABEL_COMMENT = "# label "
NOTE_FIELDS = ("speaker", "note", "annotator")
# What str.splitlines breaks at: brat reads .ann files line by line with it, so no
# fragment text may hold one of these.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(f"[{LINE_BREAKS}]+")
_TYPE_OK = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
_TYPE_BAD = re.compile(r"[^A-Za-z0-9_\-]+")
NEWLINE_SIGN, TAB_SIGN = "\u2424", "\u2409"          # ␤ ␉
_ESCAPES = re.compile(r"\\(u[0-9a-fA-F]{4}|.)|" + NEWLINE_SIGN + "|" + TAB_SIGN, re.S)
_SEPARATOR = re.compile(r"(?<!\\)((?:\\\\)*) \| ")
_FIELD = re.compile(r"(speaker|note|annotator): (.*)", re.S)


# -- types ---------------------------------------------------------------------------
def brat_types(names: list[str]) -> dict[str, str]:
    """label name -> brat type, unique; names brat can carry stay as they are."""
    out, used = {}, set()
    for name in names:                     # names already fine keep theirs first
        if _TYPE_OK.fullmatch(name):
            out[name] = name
            used.add(name.lower())
    for name in names:
        if name in out:
            continue
        base = _TYPE_BAD.sub("_", name).strip("_") or "label"
        if not base[0].isalpha():
            base = "L_" + base
        base = base[:60]
        candidate, n = base, 2
        while candidate.lower() in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate.lower())
        out[name] = candidate
    return out


def conf_text(labels: list[Label], types: dict[str, str]) -> str:
    head = ["# annotator's label set: brat type, label name, colour, key, description\n"]
    for l in labels:
        head.append(LABEL_COMMENT + json.dumps(
            {"type": types[l.name], "name": l.name, "colour": l.colour, "key": l.key,
             "description": l.description}, ensure_ascii=False) + "\n")
    return ("".join(head) + "[entities]\n" + "".join(f"{types[l.name]}\n" for l in labels)
            + "\n[relations]\n\n[events]\n\n[attributes]\n")


def visual_text(labels: list[Label], types: dict[str, str]) -> str:
    """brat's display names (the label names) and colours."""
    return ("[labels]\n" + "".join(f"{types[l.name]} | {_one_line(l.name)}\n" for l in labels)
            + "\n[drawing]\n" + "".join(f"{types[l.name]}\tbgColor:{l.colour}\n"
                                        for l in labels))


def _one_line(name: str) -> str:
    return name.replace("|", "/")          # brat's [labels] splits at '|'


def read_conf(text: str, where: str) -> list[tuple[str, Label]]:
    """(brat type, label) from our annotation.conf comments; [] for anyone else's."""
    out = []
    for line in text.splitlines():
        if not line.startswith(LABEL_COMMENT):
            continue
        try:
            item = json.loads(line[len(LABEL_COMMENT):])
            out.append((item["type"], item))
        except (ValueError, KeyError, TypeError):
            continue                      # a comment that only looks like ours
    from annotator.core.interchange import labelset
    labels = labelset.parse([item for _, item in out], where) if out else []
    return [(t, l) for (t, _), l in zip(out, labels)]


# -- fragments -----------------------------------------------------------------------
def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) split at line breaks into the pieces brat wants; a piece is never
    empty (a span's leading or trailing break is left out)."""
    out, at = [], start
    for m in _BREAK_RUN.finditer(text, start, end):
        if m.start() > at:
            out.append((at, m.start()))
        at = m.end()
    if end > at:
        out.append((at, end))
    return out


def only_breaks(gap: str) -> bool:
    return bool(gap) and all(c in LINE_BREAKS for c in gap)


# -- notes ---------------------------------------------------------------------------
def escape(value: str) -> str:
    out = []
    for c in value:
        if c in "\\|" or c in (NEWLINE_SIGN, TAB_SIGN):
            out.append("\\" + c)
        elif c == "\n":
            out.append(NEWLINE_SIGN)
        elif c == "\t":
            out.append(TAB_SIGN)
        elif c in LINE_BREAKS:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def unescape(value: str) -> str:
    def one(m):
        if m[0] == NEWLINE_SIGN:
            return "\n"
        if m[0] == TAB_SIGN:
            return "\t"
        code = m[1]
        return chr(int(code[1:], 16)) if len(code) == 5 and code[0] == "u" else code
    return _ESCAPES.sub(one, value)


def note_text(speaker: str | None, note: str | None, annotator: str | None) -> str:
    values = zip(NOTE_FIELDS, (speaker, note, annotator))
    return " | ".join(f"{k}: {escape(v)}" for k, v in values if v)


def parse_note(text: str) -> dict[str, str]:
    """{"speaker", "note", "annotator"} from our note form; {"note": text} otherwise."""
    parts, at = [], 0
    for m in _SEPARATOR.finditer(text):
        parts.append(text[at:m.start() + len(m[1])])
        at = m.end()
    parts.append(text[at:])
    fields = {}
    for part in parts:
        m = _FIELD.fullmatch(part)
        if not m or m[1] in fields:
            return {"note": text}
        fields[m[1]] = unescape(m[2])
    return fields
