"""The real main window on a real project file, with settings kept in a temp file."""
import pytest

from annotator.core import Project, resources
from annotator.core.interchange.importing import import_paths


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SETTINGS", str(tmp_path / "settings.ini"))
    return tmp_path / "settings.ini"


def make_window(qtbot, db_path, doc=None):
    from PySide6.QtWidgets import QApplication
    from annotator.ui.app import make_app
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session
    from annotator.ui.settings import Settings
    make_app()
    project = Project(db_path)
    win = MainWindow(Session(project, annotator="tester"), Settings())
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.restore()                    # as the app does: remembered layout, then show
    win.show()
    qtbot.waitExposed(win)
    win.open_initial(doc)
    win.activateWindow()             # an earlier test's closed window may still hold focus
    win.article.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.article, timeout=2000)
    return win


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "project.db"
    with Project(path) as p:
        import_paths(p, [resources.sample_corpus_dir()])
    return path


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
