"""JSON containers: the objects of a JSONL file or of a .json list, each with its line,
handed to the formats that read one object at a time.

Every way JSON can go wrong becomes one InputError naming file and line: malformed
text, nesting too deep for the parser, a number too long to convert, a lone
surrogate (a "\\ud800" escape SQLite cannot store), data after a .json list.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator, NamedTuple

from annotator.core.interchange.decoding import InputError, path_text

_LINE_END = re.compile(r"\r\n|\r|\n")          # as normalise_newlines counts lines
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}", re.ASCII)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_DECODER = json.JSONDecoder()
_LIST_START = re.compile("[\ufeff \t\r\n]*\\[")


class JsonItem(NamedTuple):
    line: int                     # where the value starts, counting from 1
    value: object
    end: int                      # the character offset just after it


def items(content: str, path: Path) -> Iterator[JsonItem]:
    """The values of a file with their lines: a .json file is one list (or one
    object), and so is a file of another name (not .jsonl) that starts with `[`;
    anything else JSONL."""
    suffix = path.suffix.lower()
    if suffix == ".json" or (suffix not in (".jsonl", ".ndjson")
                             and _LIST_START.match(content)):
        return json_items(content, path)
    return jsonl_items(content, path)


def jsonl_items(content: str, path: Path) -> Iterator[JsonItem]:
    # Line by line without a copy of the file: a 47 MB file stays one string.
    # Line feeds only: JSON allows U+2028 and friends raw inside strings.
    name, start, n = path_text(path), 0, 1
    for m in _LINE_END.finditer(content):
        line = content[start:m.start()]
        if line.strip():
            yield JsonItem(n, loads(line, f"{name}:{n}"), m.start())
        n, start = n + 1, m.end()
    line = content[start:]
    if line.strip():
        yield JsonItem(n, loads(line, f"{name}:{n}"), len(content))


def loads(text: str, where: str):
    """json.loads with every failure as one InputError at `where`."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: malformed JSON ({e.msg} at column {e.colno})") from e
    except RecursionError as e:
        raise InputError(f"{where}: JSON nested too deeply to read") from e
    except ValueError as e:                     # a number with thousands of digits
        raise InputError(f"{where}: malformed JSON ({_short(e)})") from e
    if _SURROGATE_ESCAPE.search(text):
        check_surrogates(value, where)
    return value


def json_items(content: str, path: Path) -> Iterator[JsonItem]:
    """Elements of a JSON list (or one object) with the line each starts on; data
    after the list (a second list, garbage) is refused with its position."""
    name = path_text(path)
    text = content.lstrip("\ufeff")
    line = _Lines(text)
    i = _skip_ws(text, 0)
    if text[i:i + 1] != "[":
        obj, end = _decode(text, i, f"{name}:{line(i)}")
        _check_end(text, end, name, "object")
        yield JsonItem(line(i), obj, end)
        return
    i = _skip_ws(text, i + 1)
    while text[i:i + 1] != "]":
        if i >= len(text):
            raise InputError(f"{name}:{line(i)}: malformed JSON (the list is not "
                             "closed with ']')")
        obj, end = _decode(text, i, f"{name}:{line(i)}")
        yield JsonItem(line(i), obj, end)
        i = _skip_ws(text, end)
        if text[i:i + 1] == ",":
            i = _skip_ws(text, i + 1)
        elif text[i:i + 1] != "]":
            raise InputError(f"{name}:{line(i)}: malformed JSON (expected ',' or ']' "
                             f"at column {_column(text, i)})")
    _check_end(text, i + 1, name, "list")


class _Lines:
    """Line numbers of increasing offsets, counting each stretch of text once."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 1

    def __call__(self, i: int) -> int:
        if i < self.pos:
            return _line(self.text, i)
        self.line += self.text.count("\n", self.pos, i)
        self.pos = i
        return self.line


def _decode(text: str, i: int, where: str):
    try:
        obj, end = _DECODER.raw_decode(text, i)
    except json.JSONDecodeError as e:
        raise InputError(f"{where.rpartition(':')[0]}:{e.lineno}: malformed JSON ({e.msg} "
                         f"at column {e.colno})") from e
    except RecursionError as e:
        raise InputError(f"{where}: JSON nested too deeply to read") from e
    except ValueError as e:
        raise InputError(f"{where}: malformed JSON ({_short(e)})") from e
    if _SURROGATE_ESCAPE.search(text, i, end):
        check_surrogates(obj, where)
    return obj, end


def _check_end(text: str, end: int, name: str, what: str) -> None:
    rest = _skip_ws(text, end)
    if rest < len(text):
        raise InputError(f"{name}:{_line(text, rest)}: unexpected data after the JSON {what} "
                         f"at column {_column(text, rest)} (two lists in one file, or a "
                         "truncated copy?)")


def check_surrogates(value, where: str) -> None:
    """Refuse a string (or key) holding half of a surrogate pair: "\\ud800" decodes to
    text that cannot be written as UTF-8. Walks without recursion."""
    stack = [(value, "")]
    while stack:
        item, field = stack.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                raise InputError(f"{where}: {field or 'a value'} holds a lone surrogate "
                                 "(a \\ud800-\\udfff escape without its pair), which is not "
                                 "text")
        elif isinstance(item, dict):
            for k, v in item.items():
                stack.append((k, "a key"))
                stack.append((v, f"field {k!r}" if not _LONE_SURROGATE.search(k) else ""))
        elif isinstance(item, list):
            stack.extend((v, field) for v in item)


def _short(e: Exception) -> str:
    msg = str(e)
    if "digits" in msg:
        return "a number with more than 4,300 digits"
    return msg[:80]


def _line(text: str, i: int) -> int:
    return text.count("\n", 0, i) + 1


def _column(text: str, i: int) -> int:
    return i - text.rfind("\n", 0, i)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i
