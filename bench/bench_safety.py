"""Data safety costs on the 20,000-article project: the open-time quick_check, a
rolling backup, and what a backup running in the background does to tagging.

Each figure is printed beside a raw ceiling from the same run, and the ratio:
- quick_check vs reading the whole file once (what any check must at least do);
- a backup vs copying the closed file with shutil (a plain file copy);
- the slowest committed edit while a backup runs vs the slowest edit without one
  (a backup must never block tagging for more than one 60 Hz frame, 16.7 ms).

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

        out = tmp / "copy.db"
        line("backup (sqlite3 backup API, one step)",
             best(lambda: backup.make_backup(db, tmp / "b.db")),
             best(lambda: shutil.copyfile(db, out)))

        project = Project(db)
        editor = Editor(project, "bench")
        doc_ids = project.document_ids()[:200]
        quiet = edits(editor, doc_ids, 150)
        os.environ[backup.ENV_BACKUPS] = str(tmp / "rolling")
        runner = backup.Backups(str(db))
        during, rounds = [], 0
        while True:
            runner.start()
            rounds += 1
            while runner.thread.is_alive():
                during += edits(editor, doc_ids, 10)
            if len(during) >= 150 or rounds >= 5:
                break
        project.close()
        print(f"  committed edits: {len(quiet)} without a backup, {len(during)} while "
              f"{rounds} backup(s) ran in a thread")
        line("slowest edit while a backup runs (vs without)", max(during), max(quiet))
        over = sum(t > FRAME_MS for t in during)
        print(f"  edits over one frame ({FRAME_MS:.1f} ms): {over} of {len(during)} during "
              f"backups, {sum(t > FRAME_MS for t in quiet)} of {len(quiet)} without")


if __name__ == "__main__":
    main()
