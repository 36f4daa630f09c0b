"""Export speed and memory: jsonl throughput beside a raw ceiling, and peak memory.

Figure:  `exporting.export(project, "jsonl", file)`: database read, records, JSON,
         written to disk through the temp-file-and-rename path (spans/s).
Ceiling: a bare loop of json.dumps over the same records already in memory (spans/s),
         measured in the same run. Target: ratio >= 0.5.
Memory:  peak Python allocation (tracemalloc) during the export, for a small and a
         large project; streaming means the two stay close.

    python bench/bench_export.py            # 1,000 and 20,000 articles, 10 spans each
    python bench/bench_export.py --quick    # 200 and 2,000 articles
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build_project  # noqa: E402

from annotator.core.interchange import exporting  # noqa: E402
from annotator.core.interchange.formats.jsonl import JsonlWriter  # noqa: E402
from annotator.core.store import interchange_queries  # noqa: E402

REPEATS = 5


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def in_memory_records(project) -> list[dict]:
    writer = JsonlWriter()
    with project.snapshot() as snap:
        return [obj for doc in interchange_queries.iter_documents(snap, exporting.Filters())
                for obj in writer.objects(doc)]


def throughput(project, out: Path) -> None:
    spans = project.span_count()
    records = in_memory_records(project)

    def ceiling():
        for obj in records:
            json.dumps(obj, ensure_ascii=False)
    # Alternate the two and keep each one's fastest run, so a busy machine
    # slows both alike rather than whichever ran during the disturbance.
    runs = [(timed(lambda: exporting.export(project, "jsonl", out)), timed(ceiling))
            for _ in range(REPEATS)]
    export_s, ceiling_s = min(r[0] for r in runs), min(r[1] for r in runs)
    figure, ceil = spans / export_s, spans / ceiling_s
    size = out.stat().st_size / 1e6
    print(f"jsonl export, {project.document_count():,} articles, {spans:,} spans, "
          f"{size:,.0f} MB file")
    print(f"  figure   export to file       {figure:>12,.0f} spans/s  ({export_s:.2f} s)")
    print(f"  ceiling  json.dumps in memory {ceil:>12,.0f} spans/s  ({ceiling_s:.2f} s)")
    print(f"  ratio    {figure / ceil:.2f}   (target >= 0.5)")


def peak_memory(project, out: Path) -> float:
    tracemalloc.start()
    exporting.export(project, "jsonl", out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 and 2,000 articles")
    args = parser.parse_args()
    small, large = (200, 2000) if args.quick else (1000, 20000)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        peaks = {}
        for n in (small, large):
            t0 = time.perf_counter()
            with build_project(tmp / f"p{n}.db", n, spans_per_doc=10) as project:
                print(f"(built {n:,} articles in {time.perf_counter() - t0:.1f} s)")
                # As closing and reopening the project would: fold the import's WAL in.
                project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                peaks[n] = peak_memory(project, tmp / f"peak{n}.jsonl")
                if n == large:
                    throughput(project, tmp / "out.jsonl")
        print("peak Python memory during export (tracemalloc)")
        for n, mb in peaks.items():
            print(f"  {n:>6,} articles  {mb:6.2f} MB")
        print(f"  growth ×{peaks[large] / peaks[small]:.2f} for ×{large // small} articles")


if __name__ == "__main__":
    main()
