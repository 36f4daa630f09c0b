"""Offsets are code points of the stored text: text[start:end] == span.text, always."""
import json

import pytest

from annotator.core import Editor
from annotator.core.interchange.importing import DocRecord, import_paths, import_records

FAMILY = "\U0001F468\u200D\U0001F469\u200D\U0001F467"       # ZWJ sequence, 5 code points
FLAG = "\U0001F1FA\U0001F1E6"                                # regional-indicator pair
CJK = "\U00020000\U00020001"                                 # astral CJK (Ext. B)
E_ACUTE = "e\u0301"                                          # combining mark
TEXT = (f"Intro {FAMILY} says: {CJK} is \u4e2d\u6587 ok.\n"
        f"Caf{E_ACUTE} {FLAG} d\u00e9j\u00e0 vu \U0001F600 end, plain ASCII tail.")

PIECES = [FAMILY, FLAG, CJK, E_ACUTE, "Caf" + E_ACUTE, "\U0001F600 end", "plain ASCII",
          f"says: {CJK}", f"{FLAG} d\u00e9j\u00e0"]


def _assert_invariant(project, doc_id="d1"):
    text = project.document(doc_id).text
    for span in project.spans(doc_id):
        assert text[span.start:span.end] == span.text, span
    row_texts = project.conn.execute(
        'SELECT start, "end", text FROM spans WHERE doc_id = ?', (doc_id,)).fetchall()
    for start, end, stored in row_texts:
        assert text[start:end] == stored


@pytest.fixture
def doc(project):
    import_records(project, [DocRecord(TEXT, "test", id="d1")])
    return project


def test_stored_text_is_unchanged(doc):
    assert doc.document("d1").text == TEXT
    # len() in code points, not UTF-16 units or bytes
    assert len(FAMILY) == 5 and len(CJK) == 2 and len(E_ACUTE) == 2


@pytest.mark.parametrize("piece", PIECES)
def test_editor_spans_hold_code_points(doc, piece):
    ed = Editor(doc, annotator="t")
    start = TEXT.index(piece)
    span_id = ed.new_span_id(ed.add_span("d1", start, start + len(piece), "claim"))
    assert doc.span(span_id).text == piece
    _assert_invariant(doc)


def test_boundary_changes_and_undo_keep_the_invariant(doc):
    ed = Editor(doc, annotator="t")
    start = TEXT.index(FAMILY)
    span_id = ed.new_span_id(ed.add_span("d1", start, start + len(FAMILY), "claim"))
    # Grow over the astral CJK, shrink into the middle of the ZWJ sequence, move onto
    # the combining mark: each time the stored text follows the offsets.
    cjk = TEXT.index(CJK)
    ed.update_span(span_id, end=cjk + 2)
    assert doc.span(span_id).text == TEXT[start:cjk + 2]
    ed.update_span(span_id, start=start + 1)
    assert doc.span(span_id).text.startswith("\u200D\U0001F469")
    e = TEXT.index(E_ACUTE)
    ed.update_span(span_id, start=e, end=e + 2)
    assert doc.span(span_id).text == E_ACUTE
    _assert_invariant(doc)
    for _ in range(3):
        ed.undo()
        _assert_invariant(doc)
    assert doc.span(span_id).text == FAMILY
    for _ in range(3):
        ed.redo()
        _assert_invariant(doc)
    assert doc.span(span_id).text == E_ACUTE
    ed.remove_span(span_id)
    ed.undo()
    assert doc.span(span_id).text == E_ACUTE


def test_jsonl_import_offsets_are_code_points(project, tmp_path):
    spans = []
    for piece in PIECES:
        start = TEXT.index(piece)
        spans.append({"start": start, "end": start + len(piece), "label": "claim",
                      "text": piece})
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": TEXT, "spans": spans},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert report.spans_added == len(PIECES)
    assert sorted(s.text for s in project.spans("d1")) == sorted(PIECES)
    _assert_invariant(project)


def test_jsonl_with_escaped_astral_characters(project, tmp_path):
    # ensure_ascii=True writes surrogate pairs (\ud83d\ude00); offsets still count
    # code points of the decoded text.
    start = TEXT.index("\U0001F600")
    line = json.dumps({"id": "d1", "text": TEXT,
                       "spans": [{"start": start, "end": start + 5, "label": "denial"}]})
    assert "\\ud83d" in line
    path = tmp_path / "in.jsonl"
    path.write_text(line + "\n", encoding="ascii")
    import_paths(project, [path])
    (span,) = project.spans("d1")
    assert span.text == "\U0001F600 end"


def test_jsonl_span_text_mismatch_is_rejected(project, tmp_path, dump):
    # A file counting UTF-16 units (as JavaScript does) puts the span off by the
    # astral characters before it; the text check catches it.
    utf16_start = len(TEXT[:TEXT.index("plain")].encode("utf-16-le")) // 2
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": TEXT, "spans": [
        {"start": utf16_start, "end": utf16_start + 5, "label": "claim", "text": "plain"}]})
        + "\n", encoding="utf-8")
    before = dump(project)
    with pytest.raises(Exception, match=r"in\.jsonl:1 .*does not match"):
        import_paths(project, [path])
    assert dump(project) == before
