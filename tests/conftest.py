import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_USER", "tester")
# No test may touch the real default project in the user data folder.
os.environ["ANNOTATOR_DB"] = str(Path(tempfile.mkdtemp(prefix="annotator-tests-")) / "default.db")
# Shared test helpers (tests/helpers/*.py) import by module name from any test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from annotator.core import Editor, Project  # noqa: E402
from annotator.core import resources  # noqa: E402
from annotator.core.importing import import_paths  # noqa: E402


@pytest.fixture
def project():
    with Project(":memory:") as p:
        yield p


@pytest.fixture
def sample_project(tmp_path):
    with Project(tmp_path / "sample.db") as p:
        import_paths(p, [resources.sample_corpus_dir()])
        yield p


@pytest.fixture
def editor(sample_project):
    return Editor(sample_project, annotator="tester")
