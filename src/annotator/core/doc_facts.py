"""Figures derived from a document's text, stored at import (texts never change).

One definition, used by import (core.interchange.importing), the v3 and v4
migrations (core.store.schema) and the comparison (core.compare), so a project-wide
summary reads five integers per document instead of every text.
"""
from __future__ import annotations

import re
from itertools import chain, islice

LEAD_MIN_WORDS = 12          # shorter paragraphs are datelines, bylines, credits, subheads
HEADLINE_MAX_WORDS = 25
BYLINE_SEARCH = 3            # a byline this many paragraphs after the headline ends the deck
COLUMNS = ("chars", "words", "head_end", "lead_start", "lead_end")
_PARAGRAPH = re.compile(r"[^\S\n]*\S[^\n]*")           # a non-blank line (no backtracking)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*\Z")
# Bylines and date lines ("By A. Writer", "Yen Zhi Yi| July 12, 2023, 02:12 PM").
_BYLINE = re.compile(r"^\s*by\s|\||\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                     r"[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b", re.I | re.M)
_CAPTION = re.compile(r"\s*(?:in this (?:photo|image|file)|(?:file |top )?(?:photo|image|"
                      r"picture)s?\b|read more\b)", re.I)
# Page furniture: a line that starts so, whatever its length ("In this photo released
# by Xinhua, …", "Read more: …") ...
_FURNITURE = re.compile(r"\s*(?i:in this (?:photo|image|file)|read more)\b")
# ... and a short line without a full stop that holds one of these. A headline with a
# date ("NATO summit opens July 11"), "via" ("Russia Ships Drones to Iran via Caspian
# Sea") or "|" ("Live updates | NATO leaders meet") is none.
_FURNITURE_SHORT = re.compile("|".join((
    r"^\s*(?i:(?:file |top )?(?:photo|image|picture)s?)\b",    # "Photo: Reuters"
    r"^\s*[Bb]y\s+[A-Z]",                                        # "By A. Writer"
    r"^\s*Source(?:\s+link)?\s*(?::|$)",                         # "Source link"
    r"\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b",                  # "Yen Zhi Yi| …, 02:12 PM"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\b",
    r"\S/\S.*\bvia\b",                                           # "Li Gang/Xinhua via AP"
    r"\bvia\s+(?:@|(?:AP|AFP|Reuters|Getty|Xinhua|EPA|Bloomberg|Twitter|X|Instagram|"
    r"Facebook|Unsplash|Shutterstock)\b)",                        # "Top image via Twitter/@…"
    r"\b[Cc]ourtesy\s+of\b",                                     # "Photo courtesy of …"
    r"\S/(?:AP|AFP|Reuters|Xinhua|Getty|EPA)\b",                 # "Ng Han Guan/AP"
    r"\b(?:AP|AFP|EPA|Reuters|Getty)\s+(?:Photo|Images)\b",      # "AP Photo/Ng Han Guan"
)))
FURNITURE_MAX_WORDS = 10     # a credit, byline or source line is short
# What str.split() splits on (str.isspace), ASCII and not; a test checks the lists.
ASCII_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
OTHER_SPACE = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_OTHER_SPACE = re.compile(f"[{OTHER_SPACE}]")
# Every byte to b" " (a space) or b"x": words are then the b"x" runs.
_RUNS = bytes.maketrans(bytes(range(256)),
                        bytes(32 if chr(b) in ASCII_SPACE else 120 for b in range(256)))


def layout(text: str) -> tuple[int, int, int]:
    """(headline end, lead start, lead end), each lead bound at a character of the lead.

    The headline is the first line when it reads as one (no closing full stop, at most
    HEADLINE_MAX_WORDS words); otherwise the article has none (headline end 0). The
    lead is the first paragraph (non-blank line) after it with LEAD_MIN_WORDS words or
    more that is no photo caption or "Read more" line; when a byline or date line
    follows within BYLINE_SEARCH paragraphs, what came before it was a deck (a
    subtitle) and the lead is looked for after the byline."""
    # Paragraphs are found lazily: the lead is near the top, the text may be long.
    rest = _PARAGRAPH.finditer(text)
    first = next(rest, None)
    if first is None:
        return 0, 0, 0
    head_end, start = 0, [first]
    line = first.group()
    if (not _SENTENCE_END.search(line)
            and len(line.split(None, HEADLINE_MAX_WORDS)) <= HEADLINE_MAX_WORDS):
        head_end, start = first.end(), []
    window = start + list(islice(rest, BYLINE_SEARCH - len(start)))
    for k, m in enumerate(window):
        if _short(text, m.start(), m.end()) and _BYLINE.search(text, m.start(), m.end()):
            window = window[k + 1:]
            break
    for m in chain(window, rest):
        a, b = m.span()
        if not _short(text, a, b) and not _CAPTION.match(text, a, b):
            a += len(text[a:b]) - len(text[a:b].lstrip())
            return head_end, a, len(text[:b].rstrip())
    return head_end, len(text), len(text)


def furniture(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] lies on a line of page furniture, not of the report: a photo
    caption or credit, a "Read more" teaser, a byline or date line, a source link."""
    start, end = text.rfind("\n", 0, a) + 1, text.find("\n", b)
    end = len(text) if end < 0 else end
    if _FURNITURE.match(text, start, end):
        return True
    line = text[start:end]
    return (len(line.split(None, FURNITURE_MAX_WORDS)) <= FURNITURE_MAX_WORDS
            and not _SENTENCE_END.search(line) and _FURNITURE_SHORT.search(line) is not None)


def _short(text: str, a: int, b: int) -> bool:
    # maxsplit stops counting at LEAD_MIN_WORDS words: cheap on long paragraphs
    return len(text[a:b].split(None, LEAD_MIN_WORDS - 1)) < LEAD_MIN_WORDS


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
