"""Label names are checked wherever they enter (issue 8): labels --load, import
--add-labels (through add_label) and the window, all via validate_label_name."""
import json

import pytest

from annotator import cli
from annotator.core.labels import MAX_LABEL_CHARS, add_label, validate_label_name
from annotator.core.model import ValidationError
from helpers.project import dump_file as dump


@pytest.mark.parametrize("name, why", [
    ("", "empty"), ("   ", "empty"), ("a\tb", "U+0009"), ("line\nbreak", "U+000A"),
    ("nul\x00", "U+0000"), ("esc\x1b[31m", "U+001B"), ("bidi\u202e", "U+202E"),
    (["claim"], "must be a string"), ({"name": "x"}, "must be a string"), (7, "must be a string"),
    ("x" * (MAX_LABEL_CHARS + 1), "at most 64"),
])
def test_bad_label_names_are_refused_with_where_and_why(name, why):
    with pytest.raises(ValidationError, match="^in.jsonl line 3: .*" + why.replace("+", r"\+")):
        validate_label_name(name, "in.jsonl line 3")


@pytest.mark.parametrize("name", ["claim", "  claim ", "x" * MAX_LABEL_CHARS, "Behauptung",
                                  "主张", "claim/denial"])
def test_good_label_names_come_back_trimmed(name):
    assert validate_label_name(name) == name.strip()


@pytest.mark.parametrize("bad", ["a\tb", "x" * 65, "esc\x1b[2J"])
def test_labels_load_refuses_a_bad_name_and_changes_nothing(tmp_path, capsys, bad):
    db = tmp_path / "p.db"
    assert cli.main(["labels", "--db", str(db), "--load", str(_file(tmp_path, "claim"))]) == 0
    before = dump(db)
    path = _file(tmp_path, bad)
    assert cli.main(["labels", "--db", str(db), "--load", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "label #2" in err and err.count("\n") == 1
    assert "\x1b" not in err and "\t" not in err      # the message shows it escaped
    assert dump(db) == before


def _file(tmp_path, name):
    path = tmp_path / "labels.json"
    path.write_text(json.dumps([{"name": "denial", "colour": "#ff0000"},
                                {"name": name, "colour": "#00ff00"}]), encoding="utf-8")
    return path


def test_add_label_refuses_a_bad_name_and_adds_nothing(project):
    before = project.labels()
    with pytest.raises(ValidationError, match="a.jsonl line 2: .*U\\+000A"):
        with project.transaction():
            add_label(project, "two\nlines", "a.jsonl line 2")
    assert project.labels() == before
    with project.transaction():
        assert add_label(project, " rumour ").name == "rumour"
