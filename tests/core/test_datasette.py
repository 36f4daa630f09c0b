"""Datasette metadata: every column of the tables a reader sees is described, the
internal ones hidden; and document_facts.lead_start points into the lead."""
import json

from annotator import cli
from annotator.core.interchange import datasette
from annotator.core.interchange.importing import import_paths
from annotator.core.store.project import Project


def test_metadata_describes_every_column_and_hides_internal_tables(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("Headline\n\nThe minister said the talks failed.\n", encoding="utf-8")
    with Project(tmp_path / "project.db") as project:
        import_paths(project, [src])
        conn = project.conn
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        columns = {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
                   for t in datasette.TABLES}
    assert cli.main(["datasette-metadata", "--db", str(tmp_path / "project.db"),
                     "-o", str(tmp_path / "m.json")]) == 0
    meta = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    described = meta["databases"]["project"]["tables"]
    for table, names in columns.items():
        assert set(described[table]["columns"]) == set(names), table
    assert described["fts_deferred"] == {"hidden": True}
    shadows = [t for t in tables if t.startswith("documents_fts_")]
    assert shadows and all(described[t] == {"hidden": True} for t in shadows)
    assert described["documents"]["columns"]["source"].startswith("the path")


def test_lead_start_is_a_character_of_the_lead(tmp_path):
    src = tmp_path / "a.txt"
    lead = ("  The minister said on Thursday that the talks on a ceasefire had failed after "
            "the opposition rejected every proposal the government made and asked for new "
            "guarantees before any further meeting.")
    src.write_text(f"Talks fail\n\nBy Jane Doe\n\n{lead}\n\nMore.\n", encoding="utf-8")
    with Project(tmp_path / "p.db") as project:
        import_paths(project, [src])
        text = project.document("a").text
        (lead_start, lead_end), = project.conn.execute(
            "SELECT lead_start, lead_end FROM document_facts WHERE doc_id = 'a'")
    assert text[lead_start:lead_end] == lead.strip()      # not the newline before it
