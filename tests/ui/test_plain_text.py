"""Text from documents, labels and files reaches Qt as plain text, never markup
(issue 8): a title, outlet, speaker or label name that looks like HTML shows literally
in the header, the panel, the lists, the status bar and message boxes."""
from helpers.ui import make_window, when_shown
from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QMessageBox

from annotator.core import Label, Project
from annotator.core.interchange.importing import DocRecord, SpanRecord, import_records
from annotator.ui import plain

MARKUP = '<b>x</b><img src="nowhere.png">'
TEXT = "An official said the talks had failed. Nobody else spoke."


def escaped_tip(tooltip: str, text: str) -> bool:
    """Qt renders a tooltip that looks like HTML as HTML: it must be escaped rich text
    whose rendering is the text itself, tags as characters."""
    shown = QTextDocument()
    shown.setHtml(tooltip)
    return Qt.mightBeRichText(tooltip) and text not in tooltip \
        and text in shown.toPlainText()


def test_markup_in_titles_outlets_speakers_and_labels_shows_literally(qtbot, tmp_path):
    db = tmp_path / "project.db"
    with Project(db) as p:
        with p.transaction():
            p.write_labels([Label(MARKUP, "#ff8800", "9", description=MARKUP, order=9)])
        import_records(p, [DocRecord(TEXT, "test", id="markup",
                                     meta={"title": MARKUP, "outlet": MARKUP},
                                     spans=[SpanRecord(0, 11, MARKUP, speaker=MARKUP)])])
    win = make_window(qtbot, db, doc="markup")
    try:
        # header
        for label in (win.header.title, win.header.meta):
            assert MARKUP in label.text() and label.textFormat() == Qt.PlainText
        # panel: the label's button and the selected span's text
        button = win.panel.buttons[MARKUP]
        assert MARKUP in button.text() and escaped_tip(button.toolTip(), MARKUP)
        win.article.select_span(win.span_model.spans.spans[0].id)
        assert win.panel.span_text.textFormat() == Qt.PlainText
        # lists: documents (title, outlet) and spans (label, speaker)
        model = win.docs.model
        cells = [model.index(0, c) for c in range(model.columnCount())]
        shown = [model.data(i, Qt.DisplayRole) for i in cells]
        assert shown.count(MARKUP) == 2
        for i in cells:
            if model.data(i, Qt.DisplayRole) == MARKUP:
                assert escaped_tip(model.data(i, Qt.ToolTipRole), MARKUP)
        spans = win.span_model
        assert spans.data(spans.index(0, 0), Qt.DisplayRole) == MARKUP
        assert escaped_tip(spans.data(spans.index(0, 0), Qt.ToolTipRole), MARKUP)
        assert escaped_tip(spans.data(spans.index(0, 1), Qt.ToolTipRole),
                           f"Speaker: {MARKUP}")
        # status bar
        win.open_initial(MARKUP)
        assert MARKUP in win.message.text() and win.message.textFormat() == Qt.PlainText
        for w in (win.position, win.progress, win.saved):
            assert w.textFormat() == Qt.PlainText
        # a message box: opening a project that is not there, named with markup
        seen = []

        def inspect(box):
            seen.append((box.text(), box.textFormat()))
            box.close()
        when_shown(lambda w: isinstance(w, QMessageBox), inspect)
        missing = tmp_path / f"{MARKUP.replace('/', '')}.db"
        win.switch_project(str(missing), create=False)
        ((text, fmt),) = seen
        assert str(missing) in text and fmt == Qt.PlainText
        assert MARKUP.replace("/", "") in win.message.text()
    finally:
        win.close()


def test_a_tooltip_keeps_its_lines_and_shows_tags_as_characters():
    tip = plain.tip("a <b>\nb & c")
    assert Qt.mightBeRichText(tip)
    assert "a &lt;b&gt;\nb &amp; c" in tip and "white-space: pre-wrap" in tip
    assert plain.tip("") == ""
