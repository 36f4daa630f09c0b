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


def facts(text: str) -> tuple[int, int, int, int, int]:
    """(characters, words, headline end, lead start, lead end), in COLUMNS order;
    characters are code points, words runs of non-space characters (str.split)."""
    return (len(text), len(text.split()), *layout(text))
