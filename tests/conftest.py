import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_USER", "tester")
# No test may touch the real default project in the user data folder ...
_SCRATCH = [tempfile.mkdtemp(prefix="annotator-tests-"), tempfile.mkdtemp(prefix="annotator-backups-")]
os.environ["ANNOTATOR_DB"] = str(Path(_SCRATCH[0]) / "default.db")
# ... nor the real rolling backups (the window backs up every project it opens).
os.environ["ANNOTATOR_BACKUPS"] = _SCRATCH[1]
# Gone with this process (each xdist worker has its own): ~20 MB of backups a run.
atexit.register(lambda: [shutil.rmtree(d, ignore_errors=True) for d in _SCRATCH])
# Shared test helpers import as `helpers.<module>` (tests/helpers/) from any test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.core import Editor, Project  # noqa: E402
from annotator.core import resources  # noqa: E402
from annotator.core.interchange.importing import import_paths  # noqa: E402
from helpers.paths import ANNOTATED_SAMPLE  # noqa: E402
from helpers.project import copy_project  # noqa: E402


# Modules whose tests each run for seconds (subprocess bursts, property tests, a wheel
# build) start first, so under pytest-xdist (`make test`) none is left for last.
RUN_FIRST = ("test_kill_window.py", "test_edits_property.py", "test_crash.py",
             "test_packaging.py")


def pytest_collection_modifyitems(items):
    first = {name: i for i, name in enumerate(RUN_FIRST)}
    items.sort(key=lambda item: first.get(item.path.name, len(first)))  # stable sort


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Window settings in a per-test INI file: never the user's, never shared between
    tests or parallel workers (subprocesses inherit it)."""
    monkeypatch.setenv("ANNOTATOR_SETTINGS", str(tmp_path / "settings.ini"))
    return tmp_path / "settings.ini"


@pytest.fixture
def project():
    with Project(":memory:") as p:
        yield p


@pytest.fixture(scope="session")
def project_template(tmp_path_factory):
    """A project file built by importing `source`, once per session (per xdist worker);
    tests get copies (helpers.project.copy_project): an import takes ~15 ms, a copy ~1."""
    built = {}

    def template(source) -> Path:
        if source not in built:
            path = tmp_path_factory.mktemp("template") / "template.db"
            with Project(path) as p:
                import_paths(p, [source])
            built[source] = path
        return built[source]
    return template


@pytest.fixture
def sample_db(tmp_path, project_template):
    """A project file holding the sample corpus (five articles, no spans)."""
    return copy_project(project_template(resources.sample_corpus_dir()), tmp_path / "sample.db")


@pytest.fixture
def sample_project(sample_db):
    with Project(sample_db) as p:
        yield p


@pytest.fixture
def annotated_db(tmp_path, project_template):
    """A project file holding the sample corpus with its 101 fixture spans."""
    return copy_project(project_template(ANNOTATED_SAMPLE), tmp_path / "annotated.db")


@pytest.fixture
def annotated(annotated_db):
    with Project(annotated_db) as p:
        yield p


@pytest.fixture
def editor(sample_project):
    return Editor(sample_project, annotator="tester")
