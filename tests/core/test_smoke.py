def test_sample_corpus_imports_five_documents_in_two_events(sample_project):
    rows = sample_project.document_rows()
    assert len(rows) == 5
    assert {r["event"] for r in rows} == {"nato-sg-response-2025-06", "vilnius-communique-2023-07"}
    assert sample_project.document("000").outlet == "The Diplomatic Insight"


def test_add_undo_redo_round_trip(editor):
    doc = editor.project.document("000")
    start = doc.text.index("NATO’s false narratives")
    changes = editor.add_span("000", start, start + 23, "claim", speaker="spokesman")
    (span_id,) = changes.added_ids
    assert editor.project.span(span_id).text == "NATO’s false narratives"
    assert editor.project.document("000").status == "in_progress"
    editor.undo()
    assert editor.project.spans("000") == []
    assert editor.project.document("000").status == "new"
    editor.redo()
    assert [s.id for s in editor.project.spans("000")] == [span_id]
