"""Import: decoding, newline rules, de-duplication, and all-or-nothing on bad input."""
import codecs
import json

import pytest
from hypothesis import given, strategies as st

from annotator.core.interchange import decoding
from annotator.core.interchange.decoding import InputError
from annotator.core.interchange.importing import Cancelled, DocRecord, import_paths, import_records

ARTICLE = "First line of the article.\nSecond line, with caf\u00e9 and \u201cquotes\u201d.\n"


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


# -- decoding and newlines --------------------------------------------------------
@pytest.mark.parametrize("encoded", [
    ARTICLE.encode("utf-8"),
    codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
], ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom"])
def test_encodings_decode_to_the_same_text(project, tmp_path, encoded):
    report = import_paths(project, [_write(tmp_path / "a.txt", encoded)])
    assert report.warnings == []
    assert project.document("a").text == ARTICLE      # no BOM left in the text


def test_cp1252_is_decoded_with_a_warning(project, tmp_path):
    text = "Caf\u00e9 \u201csmart quotes\u201d \u2014 and \u20ac5.\n"
    report = import_paths(project, [_write(tmp_path / "legacy.txt", text.encode("cp1252"))])
    assert project.document("legacy").text == text
    assert len(report.warnings) == 1
    assert "legacy.txt" in report.warnings[0] and "cp1252" in report.warnings[0]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_become_lf(project, tmp_path, newline):
    data = ARTICLE.replace("\n", newline).encode("utf-8")
    import_paths(project, [_write(tmp_path / "a.txt", data)])
    stored = project.document("a").text
    assert "\r" not in stored and stored == ARTICLE


def test_utf16_crlf_is_normalised(project, tmp_path):
    data = codecs.BOM_UTF16_LE + ARTICLE.replace("\n", "\r\n").encode("utf-16-le")
    import_paths(project, [_write(tmp_path / "a.txt", data)])
    assert project.document("a").text == ARTICLE


def test_jsonl_offsets_do_not_depend_on_crlf(project, tmp_path):
    """Spans given against a CRLF text point at the same words once it is stored."""
    lf_text = "Line one.\nThe spokesman denied it.\n\nLast line says more."
    crlf_text = lf_text.replace("\n", "\r\n")
    words = ["denied it", "Last line", "one."]

    def line(text, doc_id):
        spans = [{"start": text.index(w), "end": text.index(w) + len(w), "label": "claim"}
                 for w in words]
        return json.dumps({"id": doc_id, "text": text, "spans": spans})

    path = tmp_path / "crlf.jsonl"
    path.write_text(line(crlf_text, "crlf") + "\n", encoding="utf-8")
    import_paths(project, [path])
    stored = project.document("crlf").text
    assert stored == lf_text
    spans = project.spans("crlf")
    assert sorted(s.text for s in spans) == sorted(words)
    assert {(s.start, s.end) for s in spans} == {
        (lf_text.index(w), lf_text.index(w) + len(w)) for w in words}


def test_jsonl_file_with_crlf_line_ends(project, tmp_path):
    lines = [json.dumps({"id": f"d{i}", "text": f"Doc {i} text."}) for i in range(3)]
    path = _write(tmp_path / "w.jsonl", "\r\n".join(lines).encode("utf-8") + b"\r\n")
    assert len(import_paths(project, [path]).added) == 3


def test_jsonl_text_may_hold_line_separators(project, tmp_path):
    # U+2028 / U+0085 are legal raw inside JSON strings; they do not split the line.
    text = "Para one.\u2028Para two.\u0085Para three."
    path = tmp_path / "ls.jsonl"
    path.write_text(json.dumps({"id": "ls", "text": text}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    import_paths(project, [path])
    assert project.document("ls").text == text


# -- metadata, duplicates, progress -------------------------------------------------
def test_manifest_gives_metadata_and_flags_override(project, tmp_path):
    (tmp_path / "one.txt").write_text("Article one.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Article two.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,id,outlet,title,published\none.txt,A1,Outlet One,Title one,2024-01-02\n",
        encoding="utf-8")
    report = import_paths(project, [tmp_path], event="ev1")
    assert sorted(report.added) == ["A1", "two"]
    one = project.document("A1")
    assert (one.outlet, one.title, one.published, one.event) == (
        "Outlet One", "Title one", "2024-01-02", "ev1")
    assert project.document("two").outlet is None
    assert project.document("two").event == "ev1"


def test_json_manifest(project, tmp_path):
    (tmp_path / "one.txt").write_text("Article one.", encoding="utf-8")
    man = tmp_path / "meta.json"
    man.write_text(json.dumps({"documents": [{"file": "one.txt", "outlet": "O", "id": 7}]}),
                   encoding="utf-8")
    import_paths(project, [tmp_path / "one.txt"], manifest=man)
    assert project.document("7").outlet == "O"


def test_same_text_is_not_imported_twice(project, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8")
    report = import_paths(project, [tmp_path])
    assert report.added == ["a"]
    assert [d for _, d in report.duplicates] == ["a"]
    assert "skipped 1 already in the project" in report.summary()
    again = import_paths(project, [tmp_path / "a.txt"])
    assert again.added == [] and len(again.duplicates) == 1
    assert project.document_count() == 1


def test_spans_of_a_duplicate_attach_to_the_existing_document(project, tmp_path):
    import_records(project, [DocRecord(ARTICLE, "x", id="orig")])
    path = tmp_path / "ann.jsonl"
    path.write_text(json.dumps({"id": "other", "text": ARTICLE, "spans": [
        {"start": 0, "end": 5, "label": "claim", "annotator": "ann"}]}) + "\n",
        encoding="utf-8")
    report = import_paths(project, [path])
    assert report.added == [] and report.spans_added == 1
    assert [s.text for s in project.spans("orig")] == ["First"]


def test_taken_id_is_renamed_with_a_warning(project):
    import_records(project, [DocRecord("One text.", "x", id="same")])
    report = import_records(project, [DocRecord("Another text.", "y", id="same")])
    assert report.added == ["same-2"]
    assert any("same-2" in w for w in report.warnings)


def test_progress_is_reported_and_cancel_writes_nothing(project, dump):
    records = [DocRecord(f"Document number {i}.", f"r{i}", id=f"r{i}") for i in range(600)]
    seen = []
    import_records(project, records[:300], progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 300) and seen[-1] == (300, 300) and len(seen) >= 3
    before = dump(project)
    with pytest.raises(Cancelled):
        import_records(project, records[300:], progress=lambda d, t: d < 250)
    assert dump(project) == before


# -- bad input leaves the project unchanged ------------------------------------------
def _bad_inputs(tmp_path):
    good = _write(tmp_path / "good.txt", b"A perfectly good article.\n")
    jsonl_ok = json.dumps({"text": "fine"})
    return {
        "empty": ([_write(tmp_path / "empty.txt", b"")], r"empty\.txt: empty file"),
        "blank": ([_write(tmp_path / "blank.txt", b" \n\r\n\t")], r"blank\.txt: empty file"),
        "binary": ([_write(tmp_path / "bin.txt", bytes(range(256)) * 4)],
                   r"bin\.txt: binary file"),
        "binary-no-nul": ([_write(tmp_path / "ctl.txt", bytes(range(1, 32)) * 20)],
                          r"ctl\.txt: binary file"),
        "undecodable": ([_write(tmp_path / "bad.txt", b"caf\xe9 \x81\x8d\x90 here")],
                        r"bad\.txt: undecodable text"),
        "bad-bom": ([_write(tmp_path / "bom.txt", codecs.BOM_UTF8 + b"\xff\xfe\xfa x")],
                    r"bom\.txt: not valid utf-8"),
        "malformed-json": ([_write(tmp_path / "m.jsonl",
                                   f"{jsonl_ok}\n{jsonl_ok}\n{{\"text\": oops}}\n".encode())],
                           r"m\.jsonl:3: malformed JSON"),
        "missing-text": ([_write(tmp_path / "t.jsonl",
                                 f"{jsonl_ok}\n{{\"meta\": {{}}}}\n".encode())],
                         r"t\.jsonl:2: missing 'text'"),
        "not-object": ([_write(tmp_path / "o.jsonl", b"[1, 2]\n")],
                       r"o\.jsonl:1: expected a JSON object"),
        "bad-span": ([_write(tmp_path / "s.jsonl", json.dumps(
            {"text": "short", "spans": [{"start": 2, "end": 99, "label": "claim"}]}).encode())],
            r"s\.jsonl:1 span 2-99: .*outside"),
        "unknown-label": ([_write(tmp_path / "l.jsonl", json.dumps(
            {"text": "short", "spans": [{"start": 0, "end": 3, "label": "rumour"}]}).encode())],
            r"l\.jsonl:1 .*'rumour'"),
        "good-then-bad": ([good, _write(tmp_path / "z-empty.txt", b"")],
                          r"z-empty\.txt: empty file"),
        "folder-with-bad-file": ([tmp_path / "folder"], r"folder.*b\.txt: empty file"),
        "missing-path": ([tmp_path / "nope.txt"], r"nope\.txt: no such file"),
        "unsupported": ([_write(tmp_path / "doc.pdf", b"%PDF-1.4")], r"doc\.pdf: unsupported"),
    }


@pytest.mark.parametrize("case", [
    "empty", "blank", "binary", "binary-no-nul", "undecodable", "bad-bom", "malformed-json",
    "missing-text", "not-object", "bad-span", "unknown-label", "good-then-bad",
    "folder-with-bad-file", "missing-path", "unsupported"])
def test_bad_input_leaves_project_unchanged(sample_project, tmp_path, dump, case):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("A good article in a folder.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    paths, message = _bad_inputs(tmp_path)[case]
    before = dump(sample_project)
    with pytest.raises(InputError, match=message):
        import_paths(sample_project, paths)
    assert dump(sample_project) == before


def test_oversize_file_is_refused(sample_project, tmp_path, dump, monkeypatch):
    monkeypatch.setattr(decoding, "MAX_FILE_BYTES", 1000)
    small = _write(tmp_path / "small.txt", b"x" * 999)
    big = _write(tmp_path / "big.txt", b"y" * 1001)
    before = dump(sample_project)
    with pytest.raises(InputError, match=r"big\.txt: file is 1,001 bytes, over the 1,000"):
        import_paths(sample_project, [small, big])
    assert dump(sample_project) == before
    with pytest.raises(InputError, match="over the"):      # decode() checks as well
        decoding.decode(b"z" * 1001, "mem")


def test_manifest_naming_a_missing_file(sample_project, tmp_path, dump):
    (tmp_path / "one.txt").write_text("Article one.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet\none.txt,O\ngone.txt,P\n",
                                           encoding="utf-8")
    before = dump(sample_project)
    with pytest.raises(InputError, match=r"manifest\.csv: entry 2 names 'gone\.txt'"):
        import_paths(sample_project, [tmp_path])
    assert dump(sample_project) == before


def test_error_in_the_write_phase_rolls_back(sample_project, dump):
    """A span that only fails inside the transaction (bad offsets) undoes the documents."""
    from annotator.core.interchange.importing import SpanRecord
    before = dump(sample_project)
    records = [DocRecord("Fresh article one.", "r1", id="n1"),
               DocRecord("Fresh article two.", "r2", id="n2",
                         spans=[SpanRecord(0, 5, "claim"), SpanRecord(3, 3, "claim")])]
    with pytest.raises(InputError, match=r"r2 span 3-3"):
        import_records(sample_project, records)
    assert dump(sample_project) == before


# -- figures stored with each document (core.doc_facts) ------------------------------
def test_space_lists_are_what_str_split_splits_on():
    import re
    import sys
    from annotator.core import doc_facts
    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert "".join(c for c in spaces if c.isascii()) == doc_facts.ASCII_SPACE
    assert re.fullmatch(f"[{doc_facts.OTHER_SPACE}]+", spaces[len(doc_facts.ASCII_SPACE):])
    assert len(spaces) == len(doc_facts.ASCII_SPACE) + 19


@given(st.text(alphabet=st.sampled_from("ab é“—\t\n\r\x1c\x1f\x85\xa0\u2003\u3000\x00"))
       | st.text())
def test_word_count_is_len_of_split(text):
    from annotator.core.doc_facts import word_count
    assert word_count(text) == word_count(text, text.encode("utf-8")) == len(text.split())


RUSSIAN = ("Министр иностранных дел заявил в четверг, что переговоры о прекращении огня "
           "зашли в тупик. По его словам, оппозиция отвергла все предложения правительства и "
           "потребовала новых гарантий. Представитель оппозиции опроверг это заявление и "
           "обвинил власти в затягивании процесса.\n")
CHINESE = ("外交部发言人周四表示，停火谈判陷入僵局。他说，反对派拒绝了政府的所有提议，并要求新的"
           "保证。反对派发言人否认了这一说法，并指责当局拖延进程。分析人士认为，双方在关键问题上"
           "仍存在严重分歧。\n")


@pytest.mark.parametrize("text, encoding, detected", [(RUSSIAN, "cp1251", "cp1251"),
                                                      (CHINESE, "gbk", "gb18030")])
def test_other_scripts_are_detected_and_named(project, tmp_path, text, encoding, detected):
    report = import_paths(project, [_write(tmp_path / "news.txt", text.encode(encoding))])
    assert project.document("news").text == text
    (warning,) = report.warnings
    assert "news.txt" in warning and f"decoded as {detected}" in warning


def test_the_import_row_of_a_document_names_the_metadata_in_its_order():
    from annotator.core.model import Document
    from annotator.core.store.interchange_queries import NewDocument
    assert NewDocument._fields[1:1 + len(Document.META)] == Document.META
