"""The real main window on a real project file (settings: a temp file, tests/conftest.py)."""
import pytest

from annotator.core import Project, resources
from helpers.project import copy_project
from helpers.ui import make_window


@pytest.fixture
def db_path(tmp_path, project_template):
    """The sample corpus (five articles, no spans) in tmp_path/project.db."""
    return copy_project(project_template(resources.sample_corpus_dir()), tmp_path / "project.db")


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    win.close()


@pytest.fixture
def check_db(db_path):
    """A second, independent connection: what is really in the file."""
    projects = []

    def open_():
        p = Project(db_path)
        projects.append(p)
        return p
    yield open_
    for p in projects:
        p.close()
