"""The bench and `--screenshot` run offscreen, where nobody can answer the first-start
name dialog: with no name in the environment or settings they must never ask."""
import os
import subprocess
import sys

from annotator.core import Project

START = """
import sys
from annotator import cli
from annotator.ui.app import make_app, open_window
app = make_app()
window = open_window(cli.build_parser().parse_args(["--db", sys.argv[1]]))
print("opened as", window.session.editor.annotator)
"""


def test_offscreen_start_never_asks_for_a_name(tmp_path):
    Project(tmp_path / "p.db").close()
    env = {k: v for k, v in os.environ.items() if k not in ("ANNOTATOR_NAME", "ANNOTATOR_USER")}
    env.update(QT_QPA_PLATFORM="offscreen", ANNOTATOR_SETTINGS=str(tmp_path / "fresh.ini"))
    out = subprocess.run([sys.executable, "-c", START, str(tmp_path / "p.db")], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "opened as" in out.stdout
