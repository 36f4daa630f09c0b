"""JSON containers: the objects of a JSONL file or of a .json list, each with its line,
handed to the formats that read one object at a time."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, NamedTuple

from annotator.core.interchange.decoding import InputError, normalise_newlines


class JsonItem(NamedTuple):
    line: int                     # where the value starts, counting from 1
    value: object


def items(content: str, path: Path) -> Iterator[JsonItem]:
    """The values of a file with their lines: a .json file is one list (or one
    object), anything else JSONL."""
    if path.suffix.lower() == ".json":
        return json_items(content, path)
    return jsonl_items(content, path)


def jsonl_items(content: str, path: Path):
    # Line feeds only: JSON allows U+2028 and friends raw inside strings.
    for n, line in enumerate(normalise_newlines(content).split("\n"), 1):
        if line.strip():
            try:
                yield JsonItem(n, json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: malformed JSON ({e.msg} at column {e.colno})") from e


def json_items(content: str, path: Path):
    """Elements of a JSON list (or one object) with the line each starts on."""
    decoder = json.JSONDecoder()
    try:
        text = content.lstrip("\ufeff")
        i = _skip_ws(text, 0)
        if text[i:i + 1] != "[":
            obj, _ = decoder.raw_decode(text, i)
            yield JsonItem(text.count("\n", 0, i) + 1, obj)
            return
        i, line, pos = _skip_ws(text, i + 1), 1, 0
        while text[i:i + 1] != "]":
            line += text.count("\n", pos, i)
            pos = i
            obj, i = decoder.raw_decode(text, i)
            yield JsonItem(line, obj)
            i = _skip_ws(text, i)
            if text[i:i + 1] == ",":
                i = _skip_ws(text, i + 1)
            elif text[i:i + 1] != "]":
                raise json.JSONDecodeError("expected ',' or ']'", text, i)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: malformed JSON ({e.msg} at column {e.colno})") from e


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i
