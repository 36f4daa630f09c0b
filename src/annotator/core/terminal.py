"""Text from documents made safe to print on a terminal.

An article can hold ESC sequences (which recolour, retitle or clear a terminal), CR
(which overwrites the line), newlines inside a table cell, and bidi overrides; `list`,
`stats` and `compare --format text` print each as a visible escape instead.
"""
from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) <= 0xff else f"\\u{ord(c):04x}")


def visible(text) -> str:
    """`text` with every control or direction-changing character as an escape."""
    return _UNSAFE.sub(_escape, str(text))
