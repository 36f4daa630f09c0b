"""Prodigy flavour: what db-in and the span recipes expect, and a lossless round trip."""
import json

from annotator.core.edits import Editor
from annotator.core.interchange.exporting import export
from annotator.core.interchange.formats.prodigy import tokens
from annotator.core.interchange.importing import import_paths
from annotator.core.store.project import Project

TEXT = "The minister's aide said: talks failed.\nCritics denied it."


def test_tokens_cover_words_and_punctuation():
    got = [(t["text"], t["ws"]) for t in tokens("minister's aide: co-op, 👍 ok")]
    assert got == [("minister's", True), ("aide", False), (":", True), ("co-op", False),
                   (",", True), ("👍", True), ("ok", False)]


def test_examples_carry_hashes_answer_tokens_and_token_bounds(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text(TEXT, encoding="utf-8")
    with Project(tmp_path / "a.db") as project:
        import_paths(project, [src])
        start = TEXT.index("talks")
        for who in ("bob", "alice"):
            Editor(project, annotator=who).add_span("doc", start, start + 12, "claim",
                                                    speaker="aide")
        Editor(project, annotator="alice").add_span("doc", 4, 14, "background")  # "minister's"
        report = export(project, "prodigy", tmp_path / "p.jsonl")
    lines = [json.loads(l) for l in (tmp_path / "p.jsonl").read_text("utf-8").splitlines()]
    assert [l["_annotator_id"] for l in lines] == ["alice", "bob"]
    assert sum(len(l["spans"]) for l in lines) == report.spans == 3
    for line in lines:
        assert line["answer"] == "accept" and line["_input_hash"] == lines[0]["_input_hash"]
        assert all(type(line[k]) is int for k in ("_input_hash", "_task_hash"))
        toks = line["tokens"]
        for span in line["spans"]:
            first, last = toks[span["token_start"]], toks[span["token_end"]]
            assert (first["start"], last["end"]) == (span["start"], span["end"])
    assert lines[0]["_task_hash"] != lines[1]["_task_hash"]
    with Project(tmp_path / "b.db") as fresh:
        import_paths(fresh, [tmp_path / "p.jsonl"], fmt="prodigy", annotator="x")
        assert sorted((s.start, s.end, s.label, s.annotator, s.speaker)
                      for s in fresh.spans("doc")) == [
            (4, 14, "background", "alice", None), (26, 38, "claim", "alice", "aide"),
            (26, 38, "claim", "bob", "aide")]
        export(fresh, "prodigy", tmp_path / "q.jsonl")
    assert (tmp_path / "p.jsonl").read_bytes() == (tmp_path / "q.jsonl").read_bytes()
