"""Core speed: import, span inserts and one committed edit, each beside a raw ceiling.

Every figure is printed next to a ceiling measured in the same run on the same
machine (plain sqlite3 on a bare table in a fresh file, same pragmas), and the ratio.

    python bench/bench_core.py            # 1,000 and 20,000 articles
    python bench/bench_core.py --quick    # 200 articles, a smoke run
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import records  # noqa: E402

from annotator.core import Editor, Project  # noqa: E402
from annotator.core.interchange.importing import import_paths, import_records  # noqa: E402
from annotator.core.store.project import SYNCHRONOUS  # noqa: E402

DOC_COLS = ("id", "outlet", "title", "author", "published", "url", "event", "language",
            "text", "sha256", "source", "imported_at")
SPAN_COLS = ("doc_id", "start", "end_", "label", "text", "annotator", "speaker", "note",
             "created", "updated")


def bare_db(path: Path) -> sqlite3.Connection:
    """The ceiling's database: same pragmas as a project, no constraints, no indexes."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    conn.execute(f"CREATE TABLE documents ({', '.join(DOC_COLS)})")
    conn.execute(f"CREATE TABLE spans ({', '.join(SPAN_COLS)})")
    return conn


def raw_rows(recs):
    """The rows our import writes, built before the clock starts for the ceiling."""
    docs, spans = [], []
    for r in recs:
        sha = hashlib.sha256(r.text.encode()).hexdigest()
        docs.append((r.id, r.meta.get("outlet"), r.meta.get("title"), None, None, None,
                     r.meta.get("event"), r.meta.get("language"), r.text, sha, r.origin, "t"))
        spans += [(r.id, s.start, s.end, s.label, r.text[s.start:s.end], "bench", s.speaker,
                   None, "t", "t") for s in r.spans]
    return docs, spans


class Clock:
    """Wall time and this process's CPU time (user + system) of a block: on a shared
    machine the wall time also counts waiting for the CPU and the disk."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def ceiling_import(path: Path, docs, spans) -> Clock:
    conn = bare_db(path)
    with Clock() as clock:
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO documents VALUES ({','.join('?' * len(DOC_COLS))})",
                         docs)
        if spans:
            conn.executemany(f"INSERT INTO spans VALUES ({','.join('?' * len(SPAN_COLS))})",
                             spans)
        conn.execute("COMMIT")
    conn.close()
    return clock


def settle() -> None:
    """Flush the hundreds of MB the imports wrote, so the kernel's write-back does not
    throttle the timed writes that follow (it did: 35 of 500 edits over 2 ms)."""
    if hasattr(os, "sync"):
        os.sync()


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def rates(name: str, n: int, ours: list[Clock], ceiling: list[Clock], unit: str) -> None:
    """Best of the runs, by wall time and by CPU time."""
    line(name, n / min(c.wall for c in ours), n / min(c.wall for c in ceiling), unit)
    line("  the same, CPU time", n / min(c.cpu for c in ours),
         n / min(c.cpu for c in ceiling), unit)


def line(name: str, ours: float, ceiling: float, unit: str, higher_is_better=True) -> None:
    ratio = ours / ceiling if higher_is_better else ceiling / ours
    fmt = ",.3f" if unit == "ms" else ",.0f"
    print(f"  {name:<44} {ours:>12{fmt}} {unit:<8} ceiling {ceiling:>12{fmt}} {unit:<8} "
          f"ratio {ratio:5.2f}")


def bench_import(tmp: Path, n: int, reps: int) -> Project:
    """Best of `reps` runs each, ours and the ceiling alternating (the machine is shared)."""
    recs = records(n, 10, 3000)
    docs, spans = raw_rows(recs)
    ceiling, ours, project = [], [], None
    for _ in range(reps):
        settle()
        ceiling.append(ceiling_import(fresh(tmp / f"bare{n}.db"), docs, spans))
        if project:
            project.close()
        project = Project(fresh(tmp / f"import{n}.db"))
        settle()
        with Clock() as clock:
            import_records(project, recs, annotator="bench")
        ours.append(clock)
    assert project.document_count() == n and project.span_count() == len(spans)
    print(f"import of {n:,} articles (~3 kB, 10 spans each), one transaction, best of {reps}:")
    rates("import_records (articles/s)", n, ours, ceiling, "art/s")
    return project


def bench_import_files(tmp: Path, n: int, reps: int) -> None:
    recs = records(n, 0, 3000, seed=7)
    folder = tmp / f"txt{n}"
    folder.mkdir(exist_ok=True)
    for r in recs:
        (folder / f"{r.id}.txt").write_text(r.text, encoding="utf-8")
    docs, _ = raw_rows(recs)
    ceiling, ours = [], []
    for _ in range(reps):
        settle()
        ceiling.append(ceiling_import(fresh(tmp / f"bare-txt{n}.db"), docs, []))
        project = Project(fresh(tmp / f"txt{n}.db"))
        settle()
        with Clock() as clock:
            import_paths(project, [folder], annotator="bench")
        ours.append(clock)
        assert project.document_count() == n
        project.close()
    rates(f"import_paths, {n:,} .txt files (articles/s)", n, ours, ceiling, "art/s")
    print("    (ceiling: the same rows, already decoded, into a bare table)")


def bench_edits(tmp: Path, project: Project, count: int) -> None:
    """Editor.add_span, each its own committed transaction, vs bare insert + commit."""
    doc_ids = project.document_ids()[:count]
    editor = Editor(project, annotator="bench-editor")
    settle()
    times, cpu = [], []
    for i, doc in enumerate(doc_ids * (count // len(doc_ids) + 1)):
        if len(times) == count:
            break
        start = 5 + (i % 1000)
        with Clock() as clock:
            editor.add_span(doc, start, start + 17, "claim", speaker="spokesman")
        times.append(clock.wall)
        cpu.append(clock.cpu)

    bare = bare_db(fresh(tmp / "bare-edit.db"))
    row = ("doc", 1, 18, "claim", "x" * 17, "bench", "spokesman", None, "t", "t")
    sql = f"INSERT INTO spans VALUES ({','.join('?' * len(SPAN_COLS))})"
    raw, raw_cpu = [], []
    for _ in range(count):
        with Clock() as clock:
            bare.execute("BEGIN")
            bare.execute(sql, row)
            bare.execute("COMMIT")
        raw.append(clock.wall)
        raw_cpu.append(clock.cpu)
    bare.close()

    ms = lambda xs, q: statistics.quantiles(xs, n=100)[q - 1] * 1000
    print(f"edits: {count} Editor.add_span calls on a {project.document_count():,}-article "
          "project, each committed:")
    line("span inserts through Editor (spans/s)", count / sum(times), count / sum(raw), "spans/s")
    line("one committed edit, median (ms)", ms(times, 50), ms(raw, 50), "ms", False)
    line("one committed edit, p95 (ms)", ms(times, 95), ms(raw, 95), "ms", False)
    line("one committed edit, median CPU (ms)", ms(cpu, 50), ms(raw_cpu, 50), "ms", False)
    line("one committed edit, p95 CPU (ms)", ms(cpu, 95), ms(raw_cpu, 95), "ms", False)
    slow = sorted(t * 1000 for t in times if t > 0.002)
    print(f"    edits over 2 ms: {len(slow)} of {count}"
          + (f" ({', '.join(f'{t:.1f}' for t in slow[-5:])} ms; WAL checkpoints and a "
             "busy machine)" if slow else ""))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="200 articles only (smoke run)")
    ap.add_argument("--sizes", type=int, nargs="*", help="corpus sizes (default 1000 20000)")
    ap.add_argument("--edits", type=int, default=500)
    args = ap.parse_args(argv)
    sizes = args.sizes or ([200] if args.quick else [1000, 20000])
    print(f"sqlite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}; "
          "ratio = ours / ceiling for rates, ceiling / ours for times (1.0 = raw speed); "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        tmp = Path(tmp)
        project = None
        for n in sizes:
            if project:
                project.close()
            reps = 3 if n <= 5000 else 2
            project = bench_import(tmp, n, reps)
            if n == sizes[0]:
                bench_import_files(tmp, n, reps)
        bench_edits(tmp, project, min(args.edits, 50) if args.quick else args.edits)
        project.close()


if __name__ == "__main__":
    main()
