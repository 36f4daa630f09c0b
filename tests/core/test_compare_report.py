"""`annotator compare` output: text, jsonl, csv, html; atomic files; a real browser."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annotator import cli
from annotator.core import Project
from annotator.core.compare.report import RENDERERS, run
from annotator.core.compare.comparison import compare
from annotator.core.model import NotFound, ValidationError

EVENT = "nato-sg-response-2025-06"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def db(annotated_db):
    return annotated_db


class _Refs(HTMLParser):
    """Attribute values of real tags that a browser would fetch or follow."""
    def __init__(self):
        super().__init__()
        self.refs, self.tags = [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "action", "poster", "data"):
                self.refs.append(value or "")


def resource_refs(html: str) -> list[str]:
    parser = _Refs()
    parser.feed(html)
    assert not parser.tags & {"script", "link", "iframe", "img", "object", "embed"}
    return parser.refs


def cli_run(*args):
    return cli.main(list(args))


def test_text_lists_groups_and_flags(db, capsys):
    assert cli_run("compare", "--db", str(db), "--event", EVENT) == 0
    out = capsys.readouterr().out
    with Project(db) as p:
        n = len(compare(p, event=EVENT).groups)
    assert f"Aligned passages: {n} groups" in out
    assert "000  The Diplomatic Insight  Beijing (TDI): China on Thursday criticized NATO for…" \
        in out                                        # no headline: its first words
    block = out[out.rindex("\n\n", 0, out.index("NATO’s false narratives")):]
    block = block[:block.index("\n\n", 2)]
    assert "NATO’s misinformation will not fool people in the world" in block
    assert "! omitted by unknown outlet (001)" in block
    assert "! partly related in unknown outlet (002) (0.16: Guo Jiakun, spokesman for the " \
           "Chinese" in out
    assert cli_run("compare", "--db", str(db), "--event", "vilnius-communique-2023-07") == 0
    out = capsys.readouterr().out
    assert "! labels differ: unknown outlet (003) denial, unknown outlet (004) accusation" in out
    assert cli_run("compare", "--db", str(db), "--event", EVENT) == 0
    out = capsys.readouterr().out          # 002's second rendering, under its first
    assert ("  unknown outlet (002) (denial, Guo Jiakun, 0.73): We never provide weapons to "
            "any party" in out)
    assert "\n  unknown outlet (002) (also, denial, China): It denies sending any weapons.\n" in out


def test_jsonl_one_group_a_line_plus_outlet_records(db, tmp_path):
    out = tmp_path / "c.jsonl"
    assert cli_run("compare", "--db", str(db), "--event", EVENT, "--format", "jsonl",
                   "-o", str(out)) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kinds = [r["type"] for r in records]
    assert kinds[0] == "comparison" and kinds.count("outlet") == 3
    groups = [r for r in records if r["type"] == "group"]
    fool = [g for g in groups if any("will not fool" in c["text"] for c in g["cells"])]
    assert len(fool) == 1
    assert [c["doc_id"] for c in fool[0]["cells"]] == ["000", "002"]
    assert fool[0]["omitted"] == ["001"] and fool[0]["omission"] is True
    outlet = next(r for r in records if r["type"] == "outlet" and r["documents"] == ["002"])
    assert outlet["labels"]["accusation"]["count"] == 8
    remarks = next(g for g in groups if g["cells"][0]["text"].startswith(
        "Foreign Ministry Spokesperson Guo Jiakun made the remarks"))
    assert [(x["doc_id"], x["score"]) for x in remarks["partial"]] == [("002", 0.159)]
    twice = [g for g in groups if g["alternatives"]]
    assert [(x["doc_id"], x["text"]) for g in twice for x in g["alternatives"]] == [
        ("002", "It denies sending any weapons.")]
    assert [c["doc_id"] for c in twice[0]["cells"]] == ["000", "001", "002"]


def test_csv_has_a_row_per_group_and_document(db, tmp_path):
    out = tmp_path / "c.csv"
    with Project(db) as p:
        run(p, event=EVENT, fmt="csv", output=str(out))
        groups = compare(p, event=EVENT).groups
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 3 * len(groups) + 1           # + 002's second weapons denial
    also = [r for r in rows if r["present"] == "also"]
    assert [(r["doc_id"], r["text"]) for r in also] == [("002", "It denies sending any weapons.")]
    assert [r["doc_id"] for r in rows if r["group"] == also[0]["group"]] == [
        "000", "001", "002", "002"]
    asia = [r for r in rows if r["text"].startswith("Although NATO claims to be")][0]
    same = [r for r in rows if r["group"] == asia["group"]]
    assert {r["doc_id"]: r["present"] for r in same} == {"000": "yes", "001": "yes",
                                                         "002": "yes"}
    dismissed = [r for r in rows if r["text"].startswith("Guo dismissed the statement")][0]
    same = [r for r in rows if r["group"] == dismissed["group"]]
    assert {r["doc_id"]: r["present"] for r in same} == {"000": "yes", "001": "yes",
                                                         "002": "no"}
    remarks = [r for r in rows if r["text"].startswith("Foreign Ministry Spokesperson Guo")][0]
    same = [r for r in rows if r["group"] == remarks["group"]]
    assert {r["doc_id"]: r["present"] for r in same} == {"000": "yes", "001": "no",
                                                         "002": "partial"}
    assert [r["score"] for r in same if r["present"] == "partial"] == ["0.159"]


def test_csv_neutralises_formulas_like_the_export(db, tmp_path):
    """Outlets and speakers come from articles: a cell a spreadsheet would run as a
    formula gets the export's quote prefix (export_formats.neutralise)."""
    from annotator.core.files import neutralise
    evil = {"outlet": "=HYPERLINK(\"http://x.example\")", "speaker": "@SUM(1+1)",
            "tab": "\tTabbed", "minus": "-2+3"}
    with Project(db) as p:
        with p.transaction():
            p.conn.execute("UPDATE documents SET outlet = ? WHERE id = '000'", (evil["outlet"],))
            p.conn.execute("UPDATE spans SET speaker = ? WHERE doc_id = '002'", (evil["speaker"],))
            p.conn.execute("UPDATE spans SET speaker = ? WHERE doc_id = '001'", (evil["tab"],))
            p.conn.execute("UPDATE spans SET speaker = ? WHERE id = (SELECT min(id) FROM spans "
                           "WHERE doc_id = '000')", (evil["minus"],))
        out = tmp_path / "c.csv"
        run(p, event=EVENT, fmt="csv", output=str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["outlet"] for r in rows if r["doc_id"] == "000"} == {"'" + evil["outlet"]}
    speakers = {r["speaker"] for r in rows}
    assert {"'@SUM(1+1)", "'\tTabbed", "'-2+3"} <= speakers
    assert all(neutralise(v) == v for r in rows for v in r.values() if not v.startswith("'"))
    assert all(r["group"].isdigit() and r["start"].lstrip("-") == r["start"] for r in rows)


def test_errors_are_one_line_and_write_nothing(db, tmp_path, capsys):
    out = tmp_path / "never.html"
    assert cli_run("compare", "--db", str(db), "--event", "nope", "--format", "html",
                   "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no documents for event 'nope'" in err
    assert not out.exists()
    assert cli_run("compare", "--db", str(db), "--doc", "999") == 1
    assert "no document '999'" in capsys.readouterr().err
    with Project(db) as p:
        with pytest.raises(NotFound):
            run(p, event="nope", output=str(out))
        with pytest.raises(ValidationError):
            run(p, output=str(out))
        with pytest.raises(ValidationError, match="does not exist"):
            run(p, event=EVENT, output=str(tmp_path / "missing" / "x.txt"))
    assert [n for n in os.listdir(tmp_path) if not n.startswith("annotated.db")] == []


def test_file_replaced_atomically_and_no_temp_left(db, tmp_path, monkeypatch):
    out = tmp_path / "report.txt"
    out.write_text("old report", encoding="utf-8")
    with Project(db) as p:
        def boom(c):
            raise RuntimeError("renderer failed")
        monkeypatch.setitem(RENDERERS, "text", boom)
        with pytest.raises(RuntimeError):
            run(p, event=EVENT, fmt="text", output=str(out))
        assert out.read_text(encoding="utf-8") == "old report"
        monkeypatch.undo()
        run(p, event=EVENT, fmt="text", output=str(out))
    assert out.read_text(encoding="utf-8").startswith("Comparison: " + EVENT)
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


def test_html_escapes_data_and_fetches_nothing(db, tmp_path):
    with Project(db) as p:
        with p.transaction():
            p.conn.execute("UPDATE documents SET outlet = '<script>alert(1)</script> & Co', "
                           "url = 'https://example.org/x' WHERE id = '001'")
            p.conn.execute("UPDATE spans SET speaker = '<img src=https://evil.example/x.png>'"
                           " WHERE doc_id = '002'")
        out = tmp_path / "r.html"
        run(p, event=EVENT, fmt="html", output=str(out))
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "&lt;img src=https://evil.example/x.png&gt;" in html
    refs = resource_refs(html)
    assert refs and all(r.startswith("#") for r in refs), refs       # only in-page jumps
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html, re.I)
    assert not re.search(r"@import|<link\b|<script\b|<iframe\b", html, re.I)
    assert html.count("<svg") == 1 and html.count("<rect") >= 12
    assert "NATO’s misinformation will not fool people in the world" in html
    # 002's second weapons denial, in its cell under the first
    assert re.search(r"We never provide weapons to any party[^<]*<span class=\"cellmeta\">"
                     r"[^<]*<span class=\"also\">also: It denies sending any weapons\.</span>",
                     html)


@pytest.mark.skipif(not Path(CHROMIUM).exists(),
                    reason="headless check needs Debian's chromium at /usr/bin/chromium "
                           "(apt-get install chromium)")
def test_html_renders_in_headless_chromium(db, tmp_path):
    html = tmp_path / "report.html"
    png = tmp_path / "report.png"
    with Project(db) as p:
        run(p, event=EVENT, fmt="html", output=str(html))
    profile = tmp_path / "chromium-profile"
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={png}",
         "--window-size=1300,1800", html.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000       # a blank 1300x1800 page compresses to a few kB
    try:
        from PySide6.QtGui import QImage
    except ImportError:
        return
    img = QImage(str(png))
    assert (img.width(), img.height()) == (1300, 1800)
    colours = {img.pixelColor(x, y).name() for x in range(0, 1300, 13)
               for y in range(0, 1800, 13)}
    assert {"#e57373", "#ffd54f"} <= colours     # the chart's label colours were painted
    shutil.rmtree(profile, ignore_errors=True)
