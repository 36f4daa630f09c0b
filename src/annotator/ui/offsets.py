"""Code points of the stored text <-> Qt document positions: the only place they meet.

The store counts Unicode code points, end exclusive. A QTextDocument built with
setPlainText counts UTF-16 units (an astral character such as an emoji or U+20000
takes two) and turns "\\r\\n" into ONE paragraph break ("\\r", "\\n" and U+2029 each
become one, U+2028 stays one line separator). Every widget converts through
`OffsetMap`; nothing else in the window does arithmetic on positions.
"""
from __future__ import annotations

import re
from bisect import bisect_right

# What makes Qt positions drift from code points: astral characters (+1 each)
# and CR LF pairs (-1 each, counted once the LF is passed).
_DRIFT = re.compile("[\U00010000-\U0010FFFF]|\r\n")


class OffsetMap:
    """Converts between code-point offsets of `text` and Qt positions in O(log n)."""

    def __init__(self, text: str):
        self.text = text
        self.length = len(text)
        self._cp_keys: list[int] = []     # code point where a new shift starts
        self._qt_keys: list[int] = []     # the same place in Qt positions
        self._shifts: list[int] = []      # qt - cp from that place on
        shift = 0
        if "\r\n" not in text and len(text.encode("utf-16-le")) == 2 * len(text):
            self.qt_length = self.length        # no drift anywhere: skip the 30 ms scan
            return
        for m in _DRIFT.finditer(text):
            after = m.end()                # the shift applies from just after the match
            shift += 1 if m.group() != "\r\n" else -1
            self._cp_keys.append(after)
            self._qt_keys.append(after + shift)
            self._shifts.append(shift)
        self.qt_length = self.length + (self._shifts[-1] if self._shifts else 0)

    @property
    def identity(self) -> bool:
        return not self._shifts

    def to_qt(self, cp: int) -> int:
        """Qt position of code-point offset `cp` (clamped to the text)."""
        cp = min(max(cp, 0), self.length)
        i = bisect_right(self._cp_keys, cp) - 1
        # Between the CR and LF of a pair maps to just after the one paragraph break.
        return cp + (self._shifts[i] if i >= 0 else 0)

    def to_cp(self, qt: int) -> int:
        """Code-point offset of Qt position `qt`.

        A position inside a surrogate pair (which Qt's cursor never reports, but a
        raw number might) is rounded up to after the astral character.
        """
        qt = min(max(qt, 0), self.qt_length)
        i = bisect_right(self._qt_keys, qt) - 1
        # A low surrogate lies before the next key, so the previous shift applies
        # and the result is the code point just after the astral character.
        return qt - (self._shifts[i] if i >= 0 else 0)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def range_to_cp(self, start: int, end: int) -> tuple[int, int]:
        return self.to_cp(start), self.to_cp(end)
