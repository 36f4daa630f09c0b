"""Figures derived from a document's text, stored at import (texts never change).

One definition, used by import (core.importing), the v3 migration (core.schema)
and the comparison (core.compare, core.compare_summary), so a project-wide
summary reads five integers per document instead of every text.
"""
from __future__ import annotations

import re

LEAD_MIN_WORDS = 12          # shorter paragraphs after the headline are bylines or datelines
COLUMNS = ("chars", "words", "head_end", "lead_start", "lead_end")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"\n")
# What str.split() splits on (str.isspace), ASCII and not; a test checks the lists.
ASCII_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
OTHER_SPACE = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_OTHER_SPACE = re.compile(f"[{OTHER_SPACE}]")
# Every byte to b" " (a space) or b"x": words are then the b"x" runs.
_RUNS = bytes.maketrans(bytes(range(256)),
                        bytes(32 if chr(b) in ASCII_SPACE else 120 for b in range(256)))


def layout(text: str) -> tuple[int, int, int]:
    """(headline end, lead start, lead end): the headline is the first line; the lead
    is the first paragraph after it with at least LEAD_MIN_WORDS words."""
    head_end = text.find("\n")
    if head_end < 0:
        return len(text), len(text), len(text)
    pos = head_end
    breaks = _PARAGRAPH if _PARAGRAPH.search(text, head_end) else _LINE
    for m in breaks.finditer(text, head_end):
        # m.start() ends the paragraph that began at pos.
        # maxsplit stops counting at LEAD_MIN_WORDS words: cheap on long paragraphs
        if len(text[pos:m.start()].split(None, LEAD_MIN_WORDS - 1)) >= LEAD_MIN_WORDS:
            return head_end, pos, m.start()
        pos = m.end()
    return head_end, pos, len(text)


def facts(text: str, utf8: bytes | None = None) -> tuple[int, int, int, int, int]:
    """(characters, words, headline end, lead start, lead end), in COLUMNS order;
    characters are code points, words runs of non-space characters (str.split).
    utf8: the text's UTF-8 encoding, if the caller has it (import hashes it)."""
    return (len(text), word_count(text, utf8), *layout(text))


def word_count(text: str, utf8: bytes | None = None) -> int:
    """len(text.split()) without building the words: import counts 20,000 texts.

    In UTF-8 every byte of a non-ASCII character is >= 0x80, so when the text holds
    no non-ASCII space, the words are exactly the runs of non-space bytes: one
    C-level translate and one count. Otherwise str.split() decides."""
    if not text.isascii() and _OTHER_SPACE.search(text):
        return len(text.split())
    runs = (text.encode("utf-8") if utf8 is None else utf8).translate(_RUNS)
    return runs.count(b" x") + runs.startswith(b"x")
