"""The project file: opening rules, pragmas, schema shape, search, locking."""
import os
import sqlite3

import pytest

from annotator.core import Editor, Project, ProjectError

from annotator.core.store import project as store
from annotator.core.interchange.importing import DocRecord, import_records
from annotator.core.store.schema import SCHEMA_VERSION


def _files(path):
    """Bytes of the project file and the names of any side files next to it."""
    side = sorted(p.name for p in path.parent.iterdir() if p.name != path.name)
    return path.read_bytes(), side


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "p.db"
    with Project(path) as p:
        import_records(p, [DocRecord("Some article text.", "x", id="d")])
        Editor(p, "a").add_span("d", 0, 4, "claim")
    return path


def test_new_project_has_schema_labels_and_pragmas(tmp_path):
    with Project(tmp_path / "new.db") as p:
        assert p.schema_version == SCHEMA_VERSION
        assert [l.name for l in p.labels()] == ["claim", "denial", "accusation", "background"]
        assert [l.key for l in p.labels()] == ["c", "d", "a", "b"]
        q = lambda sql: p.conn.execute(sql).fetchone()[0]
        assert q("PRAGMA journal_mode") == "wal"
        assert q("PRAGMA foreign_keys") == 1
        assert q("PRAGMA busy_timeout") == store.BUSY_TIMEOUT_MS


def test_reopening_keeps_everything(saved, dump):
    with Project(saved) as p:
        first = dump(p)
    with Project(saved) as p:
        assert dump(p) == first
        assert [s.text for s in p.spans("d")] == ["Some"]


def test_newer_schema_is_refused_and_file_untouched(saved):
    conn = sqlite3.connect(saved)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = _files(saved)
    with pytest.raises(ProjectError, match=r"made by a newer annotator \(schema 99; this "
                                           r"version reads up to \d+\).*not changed"):
        Project(saved)
    assert _files(saved) == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = _files(path)
    with pytest.raises(ProjectError, match="SQLite file but not an annotator project.*recipes"):
        Project(path)
    assert _files(path) == before


@pytest.mark.parametrize("content", [os.urandom(4096), b"SQLite format 3\x00" + b"\x07" * 2000,
                                     b"hello, I am a text file\n"])
def test_corrupt_file_gives_one_clear_error(tmp_path, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(ProjectError) as err:
        Project(path)
    msg = str(err.value)
    assert "broken.db" in msg and "\n" not in msg
    assert "not an annotator project" in msg or "cannot open" in msg
    assert path.read_bytes() == content


def test_folder_and_missing_file(tmp_path):
    with pytest.raises(ProjectError, match="is a folder"):
        Project(tmp_path)
    with pytest.raises(ProjectError, match="no such project file"):
        Project(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(ProjectError, match="cannot open project"):
        Project(tmp_path / "no" / "such" / "dir" / "p.db")


@pytest.fixture
def locked(saved, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 100)
    blocker = sqlite3.connect(saved, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    yield saved
    blocker.execute("ROLLBACK")
    blocker.close()


def test_locked_project_gives_a_clear_error_and_no_change(locked, dump):
    with Project(locked) as p:                     # reading still works
        before = dump(p)
        with pytest.raises(ProjectError, match="locked by another program"):
            Editor(p, "a").add_span("d", 5, 12, "denial")
        with pytest.raises(ProjectError, match="locked"):
            import_records(p, [DocRecord("Another article.", "y")])
        assert dump(p) == before
        assert p.conn.in_transaction is False


def test_creating_a_project_in_a_locked_file(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "new.db"
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectError, match="locked"):
            Project(path)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Project(path) as p:                       # fine once released
        assert p.schema_version == SCHEMA_VERSION


def test_schema_reads_well_in_datasette(project):
    db = project.db
    fks = {(fk.column, fk.other_table, fk.other_column) for fk in db["spans"].foreign_keys}
    assert fks == {("doc_id", "documents", "id"), ("label", "labels", "name"),
                   ("annotator", "annotators", "name")}
    for table in ("documents", "labels", "spans", "annotators"):
        types = {c.name: c.type.upper() for c in db[table].columns}
        assert "BLOB" not in types.values() and "" not in types.values(), (table, types)
    assert set(db["documents"].columns_dict) >= {
        "id", "outlet", "title", "author", "published", "url", "event", "language", "text",
        "sha256", "source", "imported_at", "status"}
    assert set(db["spans"].columns_dict) == {
        "id", "doc_id", "start", "end", "label", "text", "annotator", "speaker", "note",
        "created", "updated"}
    assert db["documents"].detect_fts() == "documents_fts"


def test_database_constraints_back_up_the_core(project):
    import_records(project, [DocRecord("Text here.", "x", id="d")])
    project.ensure_annotator("a")
    insert = ('INSERT INTO spans (doc_id, start, "end", label, text, annotator, created, '
              "updated) VALUES (?, ?, ?, ?, 'x', 'a', 'now', 'now')")
    for args in [("d", 3, 3, "claim"), ("d", -1, 2, "claim"), ("nodoc", 0, 2, "claim"),
                 ("d", 0, 2, "nolabel")]:
        with pytest.raises(sqlite3.IntegrityError):
            project.conn.execute(insert, args)
    with pytest.raises(sqlite3.IntegrityError):
        project.conn.execute("UPDATE documents SET status = 'finished'")


def test_full_text_search(sample_project):
    search = lambda q: [r["id"] for r in sample_project.document_rows(search=q)]
    assert search("Lithuania") == ["003", "004"]
    assert search("NATO communiqué") == ["003", "004"]         # accents folded
    assert search("vilnius") == ["004"]                        # case folded
    assert search("Rutte") == ["000", "001", "002"]
    assert search("Vilni") == ["004"]                          # last word is a prefix
    assert search('NATO\'s "weird (syntax* OR') == []          # never an FTS syntax error
    assert sample_project.count_documents(search="Lithuania", event="vilnius-communique-2023-07") == 2


def test_search_follows_imports(sample_project):
    import_records(sample_project, [DocRecord("Zanzibar ferry timetable.", "z", id="z")])
    assert [r["id"] for r in sample_project.document_rows(search="zanzibar")] == ["z"]


def test_document_rows_have_counts_not_text(editor):
    editor.add_spans("001", [(0, 4), (5, 9)], "claim")
    rows = {r["id"]: r for r in editor.project.document_rows()}
    assert rows["001"]["spans"] == 2 and rows["000"]["spans"] == 0
    assert "text" not in rows["000"]
    assert editor.project.document_rows(limit=2, offset=1)[0]["id"] == "001"
    assert editor.project.distinct("event") == ["nato-sg-response-2025-06",
                                                "vilnius-communique-2023-07"]
    assert editor.project.document_rows(status="in_progress")[0]["id"] == "001"


def test_stats_and_speakers(editor):
    editor.add_span("000", 0, 5, "claim", speaker="Lin Jian")
    editor.add_span("000", 6, 12, "claim", speaker="Lin Jian")
    editor.add_span("003", 0, 5, "denial", speaker="Mission")
    stats = editor.project.stats()
    assert stats["label"] == [("claim", 2), ("denial", 1)]
    assert ("The Diplomatic Insight", 1, 2) in stats["outlet"]
    assert stats["annotator"] == [("tester", 3, 2)]
    assert editor.project.speakers() == ["Lin Jian", "Mission"]
    assert editor.project.label_counts("000") == {"claim": 2}
    assert editor.project.integrity_check() == "ok"


def _make_v1_project(path):
    """A project file as version 1 of the schema left it, with one document."""
    import sqlite_utils
    from annotator.core.store.schema import MIGRATIONS
    conn = sqlite3.connect(path, isolation_level=None)
    db = sqlite_utils.Database(conn)
    MIGRATIONS[1](db)
    conn.execute("INSERT INTO labels VALUES ('claim', '#ffd54f', 'c', '', 0)")
    conn.execute("INSERT INTO documents (id, title, text, sha256, imported_at) "
                 "VALUES ('d', 'Old title', 'Zebra crossing text.', 'x', 'then')")
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_version_1_file_is_migrated(tmp_path):
    path = tmp_path / "v1.db"
    _make_v1_project(path)
    with Project(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        assert p.document("d").title == "Old title"
        assert [l.name for l in p.labels()] == ["claim"]        # labels kept, not reset
        assert [r["id"] for r in p.document_rows(search="zebra")] == ["d"]


def test_status_change_does_not_reindex_the_text(sample_project):
    fts = lambda: sample_project.conn.execute(
        "SELECT * FROM documents_fts_data ORDER BY id").fetchall()
    before = fts()
    Editor(sample_project, "a").set_status("000", "done")
    assert fts() == before
    # ... but a change of an indexed column is re-indexed
    with sample_project.transaction():
        sample_project.conn.execute("UPDATE documents SET title = 'Zanzibar' WHERE id = '000'")
    assert [r["id"] for r in sample_project.document_rows(search="zanzibar")] == ["000"]


def _indexed(project):
    """Rowids the search index holds (one docsize row per indexed document)."""
    return [r[0] for r in project.conn.execute("SELECT id FROM documents_fts_docsize ORDER BY id")]


def _rowids(project):
    return [r[0] for r in project.conn.execute("SELECT rowid FROM documents ORDER BY rowid")]


def test_bulk_import_indexes_every_document_before_commit(sample_project):
    records = [DocRecord(f"Quokka number {i} reports.", f"r{i}", id=f"q{i}") for i in range(300)]
    import_records(sample_project, records)
    assert _indexed(sample_project) == _rowids(sample_project)
    assert len(_rowids(sample_project)) == 305
    assert sample_project.count_documents(search="quokka") == 300
    assert sample_project.conn.execute("SELECT count(*) FROM fts_deferred").fetchone()[0] == 0
    # Another connection (Datasette, sqlite3) sees the same, complete index.
    with Project(sample_project.path) as other:
        assert other.count_documents(search="quokka reports") == 300


def test_failed_bulk_import_leaves_no_deferral(sample_project, dump):
    from annotator.core.interchange.importing import Cancelled
    before = dump(sample_project)
    with pytest.raises(Cancelled):
        import_records(sample_project, [DocRecord(f"Wombat {i}.", f"w{i}") for i in range(10)],
                       progress=lambda done, total: done < total)
    assert dump(sample_project) == before
    # A plain insert (another tool, no deferral) is indexed by the trigger at once.
    with sample_project.transaction():
        sample_project.conn.execute("INSERT INTO documents (id, text, sha256, imported_at) "
                                    "VALUES ('raw', 'Platypus text', 'abc', 'now')")
    assert _indexed(sample_project) == _rowids(sample_project)
    assert [r["id"] for r in sample_project.document_rows(search="platypus")] == ["raw"]


def test_bulk_documents_needs_a_transaction(project):
    with pytest.raises(RuntimeError):
        with project.bulk_documents():
            pass


def test_many_openers_of_a_new_file_all_succeed(tmp_path):
    """Two windows (or a window and the CLI) creating the same project at once."""
    import threading
    path, errors, barrier = tmp_path / "race.db", [], threading.Barrier(8)

    def opener():
        barrier.wait()
        try:
            Project(path).close()
        except Exception as e:        # noqa: BLE001 - collect, assert below
            errors.append(e)

    threads = [threading.Thread(target=opener) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Project(path) as p:
        assert p.schema_version == SCHEMA_VERSION and len(p.labels()) == 4


def test_a_database_error_inside_an_edit_is_one_clear_error_and_changes_nothing(project):
    import_records(project, [DocRecord("Some words here.", "x", id="d")])
    editor = Editor(project, "a")
    span_id = editor.new_span_id(editor.add_span("d", 0, 4, "claim"))
    deny_delete = (lambda action, *_: sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_DELETE
                   else sqlite3.SQLITE_OK)
    project.conn.set_authorizer(deny_delete)        # the DELETE fails inside the transaction
    try:
        with pytest.raises(ProjectError, match="could not save.*nothing was changed"):
            editor.remove_span(span_id)
    finally:
        project.conn.set_authorizer(None)
    assert not project.conn.in_transaction
    assert [s.id for s in project.spans("d")] == [span_id]
    assert editor.undo_text() == "Add claim"         # the failed step left no undo entry


def test_version_2_file_is_migrated_with_document_facts(tmp_path):
    """Opening a v2 file adds document_facts, computed from the texts already there."""
    from annotator.core.doc_facts import facts
    from annotator.core.store.schema import MIGRATIONS
    path = tmp_path / "v2.db"
    _make_v1_project(path)
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[2](__import__("sqlite_utils").Database(conn))
    text = "Headline here\n\nBy a reporter\n\n" + "word " * 30
    conn.execute("INSERT INTO documents (id, title, text, sha256, imported_at) "
                 "VALUES ('e', 'T', ?, 'y', 'then')", (text,))
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    with Project(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        got = {r[0]: r[1:] for r in p.conn.execute("SELECT * FROM document_facts")}
        assert got == {"d": facts("Zebra crossing text."), "e": facts(text)}
        assert got["e"][:3] == (len(text), 35, len("Headline here"))
        assert p.document("e").text == text                  # documents' columns unchanged
        assert [r["id"] for r in p.document_rows(search="zebra")] == ["d"]


def test_version_3_file_gets_its_document_facts_recomputed(tmp_path):
    """v4 recomputes document_facts (the lead rule changed): stale rows are replaced."""
    import sqlite_utils
    from annotator.core.doc_facts import facts
    from annotator.core.store.schema import MIGRATIONS
    path = tmp_path / "v3.db"
    _make_v1_project(path)
    conn = sqlite3.connect(path, isolation_level=None)
    text = "Headline\n\nA lead paragraph of the story with more than twelve words in it.\n\n"
    conn.execute("INSERT INTO documents (id, title, text, sha256, imported_at) "
                 "VALUES ('e', 'T', ?, 'y', 'then')", (text,))
    for n in (2, 3):
        MIGRATIONS[n](sqlite_utils.Database(conn))
    conn.execute("UPDATE document_facts SET lead_start = 8, lead_end = 99 WHERE doc_id = 'e'")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Project(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        row = p.conn.execute("SELECT * FROM document_facts WHERE doc_id = 'e'").fetchone()
        assert row == ("e", *facts(text))
        assert text[row[4]] == "A" and text[row[4]:row[5]].endswith("in it.")


def test_import_stores_document_facts(project):
    from annotator.core.doc_facts import facts
    texts = ["One line only.", "Head\n\nshort\n\n" + "a b c d e f g h i j k l m\n\nrest"]
    import_records(project, [DocRecord(t, f"r{i}", id=f"f{i}") for i, t in enumerate(texts)])
    import_records(project, [DocRecord(texts[0], "again")])          # a duplicate adds nothing
    rows = project.conn.execute("SELECT * FROM document_facts ORDER BY doc_id").fetchall()
    assert rows == [("f0", *facts(texts[0])), ("f1", *facts(texts[1]))]
    assert rows[1][3:] == (4, 13, 13 + 25)        # headline end, lead start and end
