"""Window speed: label key -> span committed and repainted, opening a document, start-up.

Each figure is printed beside a raw ceiling measured in the same run (the least
work the same result needs, without the window) and the ratio, plus the target.
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui.py
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_SETTINGS", os.path.join(tempfile.mkdtemp(), "bench.ini"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QPlainTextEdit  # noqa: E402

from annotator.core import Editor, Project, resources  # noqa: E402
from annotator.core.interchange.importing import import_paths, import_records  # noqa: E402
from annotator.ui.app import make_app, WINDOW_SIZE  # noqa: E402
from annotator.ui.main_window import MainWindow  # noqa: E402
from annotator.ui.session import Session  # noqa: E402
from synthetic import records  # noqa: E402

DOCS = {"typical": (3_000, 20), "long": (1_000_000, 10_000)}
TARGETS = {"key typical": 16, "key long": 16, "open typical": 300, "open long": 300}
ROUNDS = 25
OPENS = 11


def ms(seconds: float) -> float:
    return seconds * 1000


def report(name: str, figure: float, raw: float, target: str) -> None:
    print(f"{name:<28} {figure:9.2f} ms   raw {raw:8.2f} ms   ratio {figure / raw:6.1f}x"
          f"   target {target}")


def build(path: Path) -> Project:
    project = Project(path)
    for name, (size, spans) in DOCS.items():
        (rec,) = records(1, spans, size=size, seed=len(name))
        rec.id = name
        # Random spans can repeat; keep the first of each (start, end, label).
        seen, unique = set(), []
        for s in rec.spans:
            if (s.start, s.end, s.label) not in seen:
                seen.add((s.start, s.end, s.label))
                unique.append(s)
        rec.spans = unique
        import_records(project, [rec], annotator="bench")
    for name in DOCS:      # being worked on: a tag does not also change the status
        Editor(project, "bench").set_status(name, "in_progress")
    return project


def middle_sentence(window) -> None:
    """Put the sentence cursor in the middle of the article, scrolled into view."""
    text = window.doc.text
    window.article.select_cp(len(text) // 2, len(text) // 2)
    QTest.keyClick(window.article, Qt.Key_J)


def bench_open(app, window, doc_id: str, other: str) -> tuple[list[float], list[float]]:
    """Wall and CPU times (this process, user + system) of opening the document."""
    times, cpu = [], []
    for _ in range(OPENS):
        window.docs.select(other)
        app.processEvents()
        t0, c0 = time.perf_counter(), time.process_time()
        window.docs.select(doc_id)
        app.processEvents()                 # laid out and painted
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        assert window.doc.id == doc_id
    return times, cpu


def raw_open(app, project: Project, doc_id: str) -> tuple[list[float], list[float]]:
    """Read text and spans, show the text in a bare QPlainTextEdit."""
    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    bare.resize(700, 800)
    bare.show()
    times, cpu = [], []
    for _ in range(OPENS):
        bare.setPlainText("")
        app.processEvents()
        t0, c0 = time.perf_counter(), time.process_time()
        text = project.document(doc_id).text
        project.span_bounds(doc_id)
        bare.setPlainText(text)
        app.processEvents()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    bare.close()
    return times, cpu


def bench_key(app, window, labels) -> tuple[list[float], list[float]]:
    """Label key press -> span committed by the core and the article repainted
    (the span is on screen); and -> every view (span list, counts, status) settled."""
    window.activateWindow()              # the raw runs show windows of their own
    window.article.setFocus()
    app.processEvents()
    middle_sentence(window)
    times, settled, cpu = [], [], []
    for i in range(ROUNDS):
        was = window.article.selection_cp()
        QTest.keyClick(window.article, Qt.Key_J)        # a fresh sentence (untimed)
        if window.article.selection_cp() == was:        # at the end: start again at the top
            window.article.select_cp(0, 0)
            QTest.keyClick(window.article, Qt.Key_J)
        app.processEvents()
        before, paints = window.session.project.span_count(), window.article.paints
        t0, c0 = time.perf_counter(), time.process_time()
        QTest.keyClick(window.article, labels[i % len(labels)])
        app.processEvents()
        settled.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        times.append(window.article.painted_at - t0)
        assert window.session.project.span_count() == before + 1, window.message.text()
        assert window.article.paints > paints, "no repaint"
        window.session.undo()                            # keep the article as it was
        app.processEvents()
    return times, settled, cpu


def raw_key(app, project: Project, doc_id: str) -> list[float]:
    """One span INSERT committed through sqlite3 and a bare text view repainted."""
    text = project.document(doc_id).text
    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    bare.setPlainText(text)
    bare.resize(700, 800)
    bare.show()
    app.processEvents()
    conn = project.conn
    project.ensure_annotator("raw")
    times, cpu = [], []
    for i in range(ROUNDS):
        t0, c0 = time.perf_counter(), time.process_time()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute('INSERT INTO spans (doc_id, start, "end", label, text, annotator, created, '
                     "updated) VALUES (?, ?, ?, 'claim', ?, 'raw', '', '')",
                     (doc_id, i, i + 7, text[i:i + 7]))
        conn.execute("COMMIT")
        bare.viewport().update()
        app.processEvents()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    conn.execute("DELETE FROM spans WHERE annotator = 'raw'")
    bare.close()
    return times, cpu


STARTUP_APP = """
import sys, time
t = time.perf_counter()
from annotator.ui.app import make_app, open_window
from annotator import cli
app = make_app()
args = cli.build_parser().parse_args(["--db", sys.argv[1]])
window = open_window(args)
window.resize(1400, 900)
window.show()
window.open_initial(None)
app.processEvents()
"""
STARTUP_BARE = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
w.resize(1400, 900)
w.show()
app.processEvents()
"""


def bench_startup(db: Path) -> dict[str, list[float]]:
    """Whole processes, alternating: wall time and CPU time (user + system) of each.
    CPU time is what the start-up costs; wall time also counts waiting for a busy CPU."""
    # As installed (pip writes bytecode): cached .pyc in a private folder, one warm-up run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp()
    for code, extra in ((STARTUP_APP, [str(db)]), (STARTUP_BARE, [])):
        subprocess.run([sys.executable, "-c", code, *extra], check=True, env=env,
                       stderr=subprocess.DEVNULL)
    out = {"app wall": [], "app cpu": [], "bare wall": [], "bare cpu": []}
    for _ in range(5):
        for code, name, extra in ((STARTUP_APP, "app", [str(db)]), (STARTUP_BARE, "bare", [])):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code, *extra], check=True, env=env,
                           stderr=subprocess.DEVNULL)
            out[f"{name} wall"].append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            out[f"{name} cpu"].append(after.ru_utime - before.ru_utime
                                      + after.ru_stime - before.ru_stime)
    return out


def main() -> None:
    app = make_app()
    tmp = Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    project = build(tmp / "bench.db")
    print(f"built bench project in {time.perf_counter() - t0:.1f} s: "
          + ", ".join(f"{k} {len(project.document(k).text):,} chars / "
                      f"{len(project.spans(k)):,} spans" for k in DOCS))
    window = MainWindow(Session(project, annotator="bench"), persist=False)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.open_initial("typical")
    window.article.setFocus()
    app.processEvents()
    labels = [Qt.Key_C, Qt.Key_D, Qt.Key_A, Qt.Key_B]
    med = statistics.median
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; medians\n")
    for name, other in (("typical", "long"), ("long", "typical")):
        figure, cpu = bench_open(app, window, name, other)
        raw, raw_cpu = raw_open(app, project, name)
        report(f"open {name}", ms(med(figure)), ms(med(raw)), "< 300 ms"
               if name == "long" else "-")
        report(f"open {name}, CPU", ms(med(cpu)), ms(med(raw_cpu)), "-")
    for name in DOCS:
        window.docs.select(name)
        app.processEvents()
        figure, settled, cpu = bench_key(app, window, labels)
        raw, raw_cpu = raw_key(app, project, name)
        report(f"key -> span shown {name}", ms(med(figure)), ms(med(raw)), "< 16 ms")
        report(f"key -> all views {name}", ms(med(settled)), ms(med(raw)), "-")
        report(f"key -> all views {name}, CPU", ms(med(cpu)), ms(med(raw_cpu)), "-")
        print(f"{'':<28} worst shown {ms(max(figure)):.2f} ms of {ROUNDS}")
    window.close()
    project.close()

    sample = tmp / "sample.db"
    with Project(sample) as p:
        import_paths(p, [resources.sample_corpus_dir()])
    t = {k: med(v) for k, v in bench_startup(sample).items()}
    for kind in ("wall", "cpu"):
        a, b = t[f"app {kind}"], t[f"bare {kind}"]
        print(f"{'start-up, ' + kind + ' time':<28} {ms(a):9.0f} ms   bare PySide6 window "
              f"{ms(b):6.0f} ms   ratio {a / b:5.2f}x   target < 3x")


if __name__ == "__main__":
    main()
