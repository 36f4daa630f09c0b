"""Visible paragraph spacing for articles whose paragraphs are single newlines.

Display only: the text, its blocks and every offset stay as stored. QPlainTextEdit's
layout ignores block margins, but it asks the layout for each block's rectangle when
painting, placing the cursor and hit-testing, so a taller rectangle is a gap below.
"""
from __future__ import annotations

from PySide6.QtWidgets import QPlainTextDocumentLayout


class ParagraphLayout(QPlainTextDocumentLayout):
    gap = 0.0       # px below a paragraph that another paragraph follows directly

    def blockBoundingRect(self, block):
        rect = super().blockBoundingRect(block)
        if self.gap and block.length() > 1:        # length counts the newline
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
