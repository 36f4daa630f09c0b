"""A span tagged on screen over emoji, U+20000 and combining marks is stored so that
text[start:end] is exactly what was highlighted."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from helpers.ui import add_doc, drag, qt_selected_text
from helpers.ui import make_window

TEXT = ("Opening words 😀 then 𠀀𠀁 astral CJK, then cafe\u0301 and nai\u0308ve marks.\n\n"
        "Another 👍🏽 paragraph\u2028with a line separator and 😀😀 more e\u0301\u0323 text.")


@pytest.fixture
def tricky_window(qtbot, db_path):
    add_doc(db_path, TEXT, "tricky", title="Tricky 😀 text")
    win = make_window(qtbot, db_path, doc="tricky")
    yield win
    win.close()


@pytest.mark.parametrize("needle_from, needle_to", [
    ("😀 then", "CJK"),             # starts on an emoji
    ("𠀀", "𠀁"),                   # astral characters only
    ("cafe\u0301", "nai\u0308ve"),  # combining marks at both ends
    ("👍🏽", "separator"),          # across U+2028
    ("😀😀", "text."),              # end of the document
])
def test_highlighted_text_is_stored_text(tricky_window, check_db, needle_from, needle_to):
    win = tricky_window
    win.actions["snap"].setChecked(False)        # character-exact
    assert win.doc.id == "tricky" and win.doc.text == TEXT
    start = TEXT.index(needle_from)
    end = TEXT.index(needle_to) + len(needle_to)
    drag(win.article, start, end)
    highlighted = qt_selected_text(win.article).replace("\u2028", "\n")
    QTest.keyClick(win.article, Qt.Key_C)
    (span,) = check_db().spans("tricky")
    assert (span.start, span.end) == (start, end)
    assert TEXT[span.start:span.end].replace("\u2028", "\n") == highlighted
    assert span.text == TEXT[start:end]


def test_snapped_selection_over_combining_marks_keeps_whole_words(tricky_window, check_db):
    win = tricky_window
    start = TEXT.index("cafe\u0301") + 1            # inside "café"
    end = TEXT.index("nai\u0308ve") + 3              # inside "naïve", after the mark
    drag(win.article, start, end)
    highlighted = qt_selected_text(win.article)
    QTest.keyClick(win.article, Qt.Key_A)
    (span,) = check_db().spans("tricky")
    assert span.text == "cafe\u0301 and nai\u0308ve" == highlighted
    assert TEXT[span.start:span.end] == highlighted


def test_click_on_a_span_after_astral_text_selects_it(tricky_window, check_db):
    win = tricky_window
    s = TEXT.index("paragraph")
    drag(win.article, s, s + len("paragraph"))
    QTest.keyClick(win.article, Qt.Key_B)
    from helpers.ui import click
    click(win.article, 0)
    assert win.article.selected_span is None
    click(win.article, s + 4)
    (span,) = check_db().spans("tricky")
    assert win.article.selected_span == span.id
    assert qt_selected_text(win.article) == "paragraph"


def test_click_on_the_right_half_of_a_span_s_last_astral_character_selects_it(tricky_window):
    win = tricky_window
    win.actions["snap"].setChecked(False)
    s = TEXT.index("𠀀")
    drag(win.article, s, s + 2)                  # the span is exactly "𠀀𠀁"
    QTest.keyClick(win.article, Qt.Key_B)
    from helpers.ui import click
    click(win.article, 0)
    assert win.article.selected_span is None
    click(win.article, s + 1, frac=0.8)          # the right part of "𠀁"
    assert win.article.selected_span is not None
    assert qt_selected_text(win.article) == "𠀀𠀁"
