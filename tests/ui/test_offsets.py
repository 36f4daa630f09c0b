"""ui.offsets against a real QTextDocument: the one place code points meet Qt."""
from hypothesis import given, settings, strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.ui.offsets import OffsetMap

TRICKY = [
    "plain ascii text",
    "emoji 😀 and 👍🏽 thumbs",
    "astral CJK \U00020000\U0002A6D6 here",
    "combining cafe\u0301 nai\u0308ve e\u0301\u0323",
    "line\u2028separator and para\u2029graph",
    "windows\r\nbreaks\rand old mac\n\nunix",
    "😀\r\n\U00020000\u2029e\u0301\u2028end",
    "",
]


def qt_selected(doc: QTextDocument, a: int, b: int) -> str:
    cur = QTextCursor(doc)
    cur.setPosition(a)
    cur.setPosition(b, QTextCursor.KeepAnchor)
    return cur.selectedText()


def as_qt_sees(text: str) -> str:
    return text.replace("\r\n", "\u2029").replace("\r", "\u2029").replace("\n", "\u2029")


def in_crlf(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n"


def check(text: str) -> None:
    doc = QTextDocument()
    doc.setPlainText(text)
    m = OffsetMap(text)
    assert m.qt_length == doc.characterCount() - 1      # Qt adds one final break
    cuts = [i for i in range(len(text) + 1) if not in_crlf(text, i)]
    for i in cuts:
        assert m.to_cp(m.to_qt(i)) == i
    for a in cuts:
        for b in cuts:
            if a < b:
                qa, qb = m.range_to_qt(a, b)
                assert qt_selected(doc, qa, qb) == as_qt_sees(text[a:b]), (text, a, b)


def test_tricky_texts_round_trip_through_a_real_document(qapp):
    for text in TRICKY:
        check(text)


def test_identity_for_bmp_text_and_drift_after_astral():
    assert OffsetMap("abc\u2028d\u2029").identity
    m = OffsetMap("a😀b")
    assert (m.to_qt(0), m.to_qt(1), m.to_qt(2), m.to_qt(3)) == (0, 1, 3, 4)
    assert m.to_cp(1) == 1 and m.to_cp(3) == 2
    assert m.to_cp(2) == 2                  # a low-surrogate position rounds up past 😀


def test_crlf_counts_once():
    m = OffsetMap("a\r\nb")
    assert m.qt_length == 3
    assert m.to_qt(3) == 2 and m.to_cp(2) == 3 and m.to_cp(1) == 1


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r\u2028\u2029\u0301😀\U00020000é")),
               max_size=14))
def test_random_texts_agree_with_qt(qapp, text):
    check(text)
