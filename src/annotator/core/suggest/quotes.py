"""Quotations: where each top-level quote starts and ends (marks included).

Double marks of every kind open a quote: curly “…”, low „…“/„…”, guillemets «…» and
»…«, straight "…" and the typewriter '' … '' pair.  Single quotes (‘…’, '…') inside a
quote are nested quotes and stay part of it.  A quote still open at the end of a
paragraph continues when the next paragraph starts with an opening mark of the same kind
(news convention for multi-paragraph quotes); otherwise it ends with its paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the marks that may close it.
_CLOSERS = {"“": "”\"", "„": "“”", "«": "»", "»": "«", '"': '"”', "''": "''"}
_MARK = re.compile(r"''|[“„«»\"”\n]")


@dataclass(frozen=True)
class Quote:
    start: int          # at the opening mark
    end: int            # after the closing mark (or the paragraph end when unclosed)
    closed: bool


def _next_paragraph_opens(text: str, nl: int, opener: str) -> int | None:
    """Index of the opener starting the next non-blank paragraph, if it has one."""
    m = re.compile(r"\s*").match(text, nl)
    i = m.end()
    if text.startswith(opener, i):
        return i
    # A straight or curly quote starting the next paragraph continues either style.
    if opener in "“\"" and i < len(text) and text[i] in "“\"":
        return i
    return None


def find_quotes(text: str) -> list[Quote]:
    out: list[Quote] = []
    opener = None
    start = 0
    pos = 0
    for m in _MARK.finditer(text):
        mark = m.group()
        if m.start() < pos:
            continue
        if opener is None:
            if mark in _CLOSERS and (mark != "»" or "«" in text[m.end():m.end() + 400]):
                opener, start = mark, m.start()
            continue
        if mark == "\n":
            cont = _next_paragraph_opens(text, m.start(), opener)
            if cont is not None:
                pos = cont + (2 if opener == "''" else 1)
                continue
            end = m.start()
            while end > start and text[end - 1].isspace():
                end -= 1
            out.append(Quote(start, end, False))
            opener = None
            continue
        if mark in _CLOSERS[opener] or (mark == "''" and opener == "''"):
            out.append(Quote(start, m.end(), True))
            opener = None
        elif mark == opener and opener != '"':
            # A second opener in one paragraph: the first quote lacked its closer.
            end = m.start()
            while end > start and text[end - 1].isspace():
                end -= 1
            out.append(Quote(start, end, False))
            start = m.start()
    if opener is not None:
        out.append(Quote(start, len(text.rstrip()), False))
    return [q for q in out if q.end - q.start > 2]


def inside(quotes: list[Quote], i: int) -> Quote | None:
    """The quote containing index i (marks included), if any."""
    lo, hi = 0, len(quotes)
    while lo < hi:
        mid = (lo + hi) // 2
        if quotes[mid].end <= i:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(quotes) and quotes[lo].start <= i < quotes[lo].end:
        return quotes[lo]
    return None
