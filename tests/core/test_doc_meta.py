"""Document properties: one undoable operation for one or many documents, checked
values, search following the new title/outlet, undo refused after a change elsewhere."""
import pytest

from annotator.core import Project
from annotator.core.doc_meta import SetDocumentMeta
from annotator.core.model import NotFound, ValidationError


def meta(project, doc_id):
    return project.document_meta(doc_id)


def test_set_outlet_and_event_of_many_documents_is_one_undo_step(editor):
    p = editor.project
    before = {d: meta(p, d) for d in ("000", "001", "002")}
    changes = editor.run(SetDocumentMeta.of(["000", "001", "002"], outlet="  Reuters ",
                                            event="summit-2024"))
    assert changes.doc_fields == {d: {"event": "summit-2024", "outlet": "Reuters"}
                                  for d in ("000", "001", "002")
                                  if before[d]["outlet"] != "Reuters"}
    assert {meta(p, d)["outlet"] for d in ("000", "001", "002")} == {"Reuters"}
    assert len(editor.undo_stack) == 1
    assert editor.undo_text() == "Set event, outlet of 3 documents"
    undone = editor.undo()
    assert {d: meta(p, d) for d in before} == before
    assert set(undone.doc_fields) == {"000", "001", "002"}
    editor.redo()
    assert {meta(p, d)["event"] for d in ("000", "001", "002")} == {"summit-2024"}


def test_values_are_trimmed_and_empty_means_unset(editor):
    editor.run(SetDocumentMeta.of("000", title="  A   new\ttitle ", author="",
                                  url=" https://example.org/a b ", language=" en "))
    m = meta(editor.project, "000")
    assert m["title"] == "A new title" and m["author"] is None
    assert m["url"] == "https://example.org/a b" and m["language"] == "en"


@pytest.mark.parametrize("value, stored", [("2024-03-05", "2024-03-05"),
                                           ("2024-03-05T14:30", "2024-03-05T14:30"),
                                           ("", None)])
def test_published_takes_an_iso_date(editor, value, stored):
    editor.run(SetDocumentMeta.of("000", published=value))
    assert meta(editor.project, "000")["published"] == stored


@pytest.mark.parametrize("values, message", [
    ({"published": "March 5"}, "published must be an ISO date"),
    ({"published": "2024-13-01"}, "published must be an ISO date"),
    ({"text": "x"}, "cannot set document field 'text'"),
    ({"status": "done"}, "cannot set document field 'status'"),
])
def test_bad_values_are_refused_and_change_nothing(editor, dump, values, message):
    before = dump(editor.project)
    with pytest.raises(ValidationError, match=message):
        editor.run(SetDocumentMeta.of("000", **values))
    assert dump(editor.project) == before and not editor.can_undo


def test_an_unknown_document_changes_none_of_the_others(editor, dump):
    before = dump(editor.project)
    with pytest.raises(NotFound, match="zzz"):
        editor.run(SetDocumentMeta.of(["000", "zzz"], outlet="X"))
    assert dump(editor.project) == before


def test_setting_what_is_already_there_is_no_undo_step(editor):
    outlet = meta(editor.project, "000")["outlet"]
    assert editor.run(SetDocumentMeta.of("000", outlet=outlet)).empty
    assert not editor.can_undo


def test_search_follows_a_new_title_and_outlet(editor):
    p = editor.project
    assert p.count_documents(search="zebrafish") == 0
    editor.run(SetDocumentMeta.of("001", title="Zebrafish summit", outlet="Quokka Daily"))
    assert [r["id"] for r in p.document_rows(search="zebrafish")] == ["001"]
    assert [r["id"] for r in p.document_rows(search="quokka")] == ["001"]
    editor.undo()
    assert p.count_documents(search="zebrafish") == 0
    assert p.count_documents(search="quokka") == 0


def test_undo_is_refused_when_a_document_was_changed_elsewhere(editor, dump):
    editor.run(SetDocumentMeta.of(["000", "001"], event="mine"))
    with Project(editor.project.path) as other:          # another program
        other.conn.execute("UPDATE documents SET event = 'theirs' WHERE id = '001'")
        other.conn.commit()
    before = dump(editor.project)
    with pytest.raises(ValidationError, match="001 changed elsewhere since; not undone"):
        editor.undo()
    assert dump(editor.project) == before          # not even 000 was put back
    assert meta(editor.project, "001")["event"] == "theirs"
