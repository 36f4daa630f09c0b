"""Text from documents never reaches a terminal raw (issue 8): list, stats and
compare --format text print control characters as visible escapes."""
import hashlib

import pytest

from annotator import cli
from annotator.core import Editor, Project
from annotator.core.interchange.importing import DocRecord, import_records
from annotator.core.terminal import visible

HOSTILE = "Evil\x1b]0;pwned\x07\x1b[2J title\rOVERWRITE\nsecond line\u202eright-to-left"


def test_visible_escapes_every_control_character():
    assert visible("a\x1b[31mb\r\n\tc\x00\u202e") == "a\\e[31mb\\r\\n\\tc\\x00\\u202e"
    assert visible("plain — text, 主张") == "plain — text, 主张"


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "default.db"))
    path = tmp_path / "p.db"
    text = "They said it. Nobody denied it.\n\nMore text here."
    with Project(path) as p:
        import_records(p, [
            DocRecord(text, "a", id="a", meta={"title": HOSTILE, "outlet": "Out\x1blet",
                                              "event": "ev"}),
            DocRecord(text + " Extra.", "b", id="b", meta={"title": "B", "outlet": "Other",
                                                            "event": "ev"})])
        ed = Editor(p, "ann\x1b[1m")
        ed.add_span("a", 0, 12, "claim", speaker="Spoke\rsman")
        ed.add_span("b", 0, 12, "claim")
    return path


@pytest.mark.parametrize("argv", [["list"], ["stats"], ["compare", "--event", "ev"]],
                         ids=lambda a: a[0])
def test_reading_commands_print_no_raw_control_character(db, capsys, argv):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert cli.main([*argv, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\e" in out                          # shown, escaped, not dropped
    assert not any(line.startswith("second line") for line in out.splitlines())
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
