"""Data safety costs on the 20,000-article project: the open-time quick_check, a
rolling backup, and what a backup running in the background does to tagging.

Each figure is printed beside a raw ceiling from the same run, and the ratio:
- quick_check vs reading the whole file once (what any check must at least do),
  and what it adds to `list` (which skips it now; writers, export, compare keep it);
- a backup vs copying the closed file with shutil (a plain file copy);
- committed edits while the window's background backup runs (paced steps through
  the project's own connection) vs edits with no backup, in alternating rounds:
  p95, slowest, and how many take over one 60 Hz frame (16.7 ms; a backup must never
  block tagging for longer). The old way (one step on a connection of its own) is
  measured too, for reference.

    python bench/bench_safety.py            # 20,000 articles
    python bench/bench_safety.py --n 2000   # smaller, quicker
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import records  # noqa: E402

from annotator.core import Editor, Project  # noqa: E402
from annotator.core.interchange.importing import import_records  # noqa: E402
from annotator.core.store import backup, health  # noqa: E402

FRAME_MS = 1000 / 60


def line(name: str, ours: float, ceiling: float) -> None:
    print(f"  {name:<46} {ours:9.1f} ms   ceiling {ceiling:9.1f} ms   "
          f"ratio {ceiling / ours if ours else float('nan'):.2f}")


def best(fn, reps: int = 3) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


_made = 0


def edits(editor: Editor, doc_ids: list[str], count: int) -> list[float]:
    global _made
    out = []
    for _ in range(count):
        i = _made = _made + 1
        start = 5 + (i // len(doc_ids)) % 2000
        t = time.perf_counter()
        editor.add_span(doc_ids[i % len(doc_ids)], start, start + 11, "claim")
        out.append((time.perf_counter() - t) * 1000)
        time.sleep(0.005)                   # an analyst's pace, compressed
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="articles (default 20,000)")
    ap.add_argument("--rounds", type=int, default=4, help="backup rounds (default 4)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        tmp = Path(tmp)
        db = tmp / "bench.db"
        with Project(db) as p:
            import_records(p, records(args.n, 10, 3000), annotator="bench")
        size = db.stat().st_size / 2**20
        print(f"sqlite {sqlite3.sqlite_version}; project of {args.n:,} articles, {size:.0f} MiB")

        def read_file():
            with open(db, "rb") as f:        # no project is open in this process now
                while f.read(1 << 20):
                    pass

        def check():
            conn = sqlite3.connect(db)
            try:
                assert health.quick_check(conn) == "ok"
            finally:
                conn.close()
        ceiling = best(read_file)
        line("PRAGMA quick_check, whole project", best(check), ceiling)

        def listing(check):
            with Project(db, readonly=True, check=check) as p:
                p.document_rows()
        line("list (open + rows) with quick_check",
             best(lambda: listing("now")), best(lambda: listing("off")))
        print("    (ceiling: the same without it, as list, stats and labels open now;\n"
              "     commands that write, export and compare still check first)")

        out = tmp / "copy.db"
        line("backup (sqlite3 backup API, one step)",
             best(lambda: backup.make_backup(db, tmp / "b.db")),
             best(lambda: shutil.copyfile(db, out)))

        os.environ[backup.ENV_BACKUPS] = str(tmp / "rolling")
        project = Project(db)
        editor = Editor(project, "bench")
        doc_ids = project.document_ids()[:200]
        quiet, paced, one_step, took = [], [], [], []
        stepped = backup.Backups(project)
        backup.time = held = StepClock()
        for _ in range(args.rounds):
            t = time.perf_counter()
            while time.perf_counter() - t < (took[-1] if took else 3.0):
                quiet += edits(editor, doc_ids, 5)
            t, held.woke = time.perf_counter(), None
            assert stepped.start()
            while stepped.running():
                paced += edits(editor, doc_ids, 5)
            took.append(time.perf_counter() - t)
            assert stepped.error is None, stepped.error
            old = threading.Thread(target=backup.make_backup, args=(str(db),),
                                   kwargs={"durable": False})
            old.start()
            while old.is_alive():
                one_step += edits(editor, doc_ids, 5)
        project.close()
        print(f"  {args.rounds} rounds; a paced backup took {min(took):.1f}-{max(took):.1f} s "
              f"({backup.STEP_PAGES} pages a step, {backup.PAUSE_S * 1000:.0f} ms pause); "
              f"a step (copying, then waiting for the GIL) took {pct(held.steps, 50) * 1000:.2f} "
              f"ms median, {pct(held.steps, 99) * 1000:.2f} ms p99, "
              f"{held.longest * 1000:.2f} ms at most")
        for name, during in (("paced backup (the window's)", paced),
                             ("one-step backup, own connection (old)", one_step)):
            print(f"  edits during a {name}: {len(during)}; without a backup "
                  f"(as long, just before): {len(quiet)}")
            line("  median edit during it (vs without)", pct(during, 50), pct(quiet, 50))
            line("  p95 edit during it (vs without)", pct(during, 95), pct(quiet, 95))
            line("  slowest edit during it (vs without)", max(during), max(quiet))
            over = sum(t > FRAME_MS for t in during)
            print(f"    edits over one frame ({FRAME_MS:.1f} ms): {over} of {len(during)} "
                  f"({100 * over / len(during):.1f}%) during, "
                  f"{sum(t > FRAME_MS for t in quiet)} of {len(quiet)} "
                  f"({100 * sum(t > FRAME_MS for t in quiet) / len(quiet):.1f}%) without")


class StepClock:
    """Stands in for backup.py's `time`: the pause after each step is the only
    sleep there, so the gap between two pauses is one step holding the connection."""

    def __init__(self):
        self.steps: list[float] = []
        self.woke: float | None = None

    @property
    def longest(self) -> float:
        return max(self.steps, default=0.0)

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if self.woke is not None:
            self.steps.append(time.perf_counter() - self.woke)
        time.sleep(seconds)
        self.woke = time.perf_counter()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]


if __name__ == "__main__":
    main()
