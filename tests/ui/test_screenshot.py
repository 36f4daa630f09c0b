"""`annotator --screenshot` renders the window offscreen, writes a PNG and exits 0."""
import os
import subprocess
import sys

from PySide6.QtGui import QImage


def screenshot(db_path, out, doc):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path),
                           "--screenshot", str(out), "--doc", doc],
                          env=env, capture_output=True, text=True, timeout=120)


def test_screenshot_writes_the_window_as_png(db_path, tmp_path):
    out = tmp_path / "shot.png"
    done = screenshot(db_path, out, "002")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)


def test_screenshot_of_an_unknown_document_renders_the_first_and_warns(db_path, tmp_path):
    out = tmp_path / "shot.png"
    done = screenshot(db_path, out, "nope")
    assert done.returncode == 0 and out.exists()
    assert "no document 'nope'; showing 000" in done.stderr


def test_screenshot_size_and_compare_view(db_path, tmp_path):
    out = tmp_path / "compare.png"
    env = {k: v for k, v in os.environ.items() if k not in ("ANNOTATOR_NAME", "ANNOTATOR_USER")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path),
                           "--screenshot", str(out), "--size", "1280x800", "--view", "compare"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    bad = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path),
                          "--screenshot", str(out), "--size", "big"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--size 'big': give WIDTHxHEIGHT" in bad.stderr
