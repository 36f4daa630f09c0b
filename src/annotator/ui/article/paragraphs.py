"""Visible paragraph spacing for articles whose paragraphs are single newlines.

Display only: the text, its blocks and every offset stay as stored. QPlainTextEdit's
layout ignores block margins, but it asks the layout for each block's rectangle when
painting, placing the cursor and hit-testing, so a taller rectangle is a gap below.
"""
from __future__ import annotations

import re

from PySide6.QtWidgets import QPlainTextDocumentLayout


# Where a gap can apply: a line break with text on both sides (the pattern starts
# with the newline so the regex engine jumps from one to the next: 1 ms a MB).
_DIRECT_BREAK = re.compile("\n(?=[^\n])(?<=[^\n]\n)")


class ParagraphLayout(QPlainTextDocumentLayout):
    gap = 0.0       # px below a paragraph that another paragraph follows directly
    needed = True   # the text has such a paragraph (Qt asks for each block's rect often)

    def blockBoundingRect(self, block):
        rect = super().blockBoundingRect(block)
        if self.needed and self.gap and block.length() > 1:   # length counts the newline
            following = block.next()
            if following.isValid() and following.length() > 1:   # no blank line between
                rect.setHeight(rect.height() + self.gap)
        return rect


def install(view) -> ParagraphLayout:
    doc = view.document()
    layout = ParagraphLayout(doc)
    doc.setDocumentLayout(layout)
    update_gap(view)
    return layout


def update_gap(view) -> None:
    """About two thirds of a line, following the font (zoom)."""
    layout = view.document().documentLayout()
    if isinstance(layout, ParagraphLayout):
        layout.gap = round(view.fontMetrics().lineSpacing() * 0.65)


def set_text(view, text: str) -> None:
    """Before the view shows `text`: whether any paragraph needs the gap at all."""
    layout = view.document().documentLayout()
    if isinstance(layout, ParagraphLayout):
        # Qt also breaks blocks at \r and U+2029 (stored texts have neither; if one
        # does, every block is checked)
        layout.needed = ("\r" in text or "\u2029" in text
                         or _DIRECT_BREAK.search(text) is not None)
