"""The article's scroll position as a code point (the first one on screen), so it is
kept across window sizes and fonts; the window remembers it per document."""
from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor


def first_visible_cp(view) -> int:
    qt = view.cursorForPosition(QPoint(1, 1)).position()
    return view.omap.to_cp(qt)


def scroll_to_cp(view, cp: int) -> None:
    """Scroll so the line holding `cp` is the top one."""
    cp = max(0, min(cp, len(view.text)))
    cur = QTextCursor(view.document())
    cur.setPosition(view.omap.to_qt(cp))
    block = cur.block()
    line = block.layout().lineForTextPosition(cur.positionInBlock()).lineNumber() \
        if block.layout() is not None and block.layout().lineCount() else 0
    view.verticalScrollBar().setValue(block.firstLineNumber() + max(line, 0))
