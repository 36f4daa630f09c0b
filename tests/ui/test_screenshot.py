"""`annotator --screenshot` renders the window offscreen, writes a PNG and exits 0.

The first test runs it as a real process (`python -m annotator`, the GUI started
lazily); the others call the CLI's main() in this process, since what they check
(the warning, the size, the view) is not about the process."""
import os
import subprocess
import sys

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from helpers.project import run_cli


def screenshot_here(qtbot, capsys, *argv):
    """run_cli in this process; the windows it leaves are closed and deleted at teardown."""
    before = QApplication.topLevelWidgets()
    try:
        return run_cli(capsys, *argv)
    finally:
        for w in QApplication.topLevelWidgets():
            if w not in before and w.isWindow() and w.parent() is None:
                qtbot.addWidget(w)


def test_screenshot_writes_the_window_as_png(db_path, tmp_path):
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path),
                           "--screenshot", str(out), "--doc", "002"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)


def test_screenshot_of_an_unknown_document_renders_the_first_and_warns(qtbot, capsys,
                                                                        db_path, tmp_path):
    out = tmp_path / "shot.png"
    code, _, err = screenshot_here(qtbot, capsys, "--db", db_path, "--screenshot", out,
                                   "--doc", "nope")
    assert code == 0 and out.exists()
    assert "no document 'nope'; showing 000" in err


def test_screenshot_size_and_compare_view(qtbot, capsys, monkeypatch, db_path, tmp_path):
    out = tmp_path / "compare.png"
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    code, _, err = screenshot_here(qtbot, capsys, "--db", db_path, "--screenshot", out,
                                   "--size", "1280x800", "--view", "compare")
    assert code == 0, err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    code, _, err = screenshot_here(qtbot, capsys, "--db", db_path, "--screenshot", out,
                                   "--size", "big")
    assert code == 2 and "--size 'big': give WIDTHxHEIGHT" in err

