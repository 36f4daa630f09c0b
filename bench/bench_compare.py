"""Comparison speed: one event of 50 articles, one of 500, and the per-outlet summary
of 20,000.

Each figure is printed beside a raw ceiling measured in the same run:
  * event comparison: plain sqlite3 SELECT of the same texts and spans, plus a plain
    Python loop that touches every candidate pair the aligner scored (one set
    intersection each) -- the least any pairwise method could do on those pairs;
  * project summary: plain sqlite3 SELECT of the same document texts and span rows,
    with no processing at all.

    python bench/bench_compare.py            # 50-article event, 20,000-article summary
    python bench/bench_compare.py --quick    # 50-article event, 2,000-article summary
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build_project  # noqa: E402

from annotator.core import Project  # noqa: E402
from annotator.core.compare import align  # noqa: E402
from annotator.core.compare.comparison import compare  # noqa: E402
from annotator.core.compare.profiles import outlet_summary  # noqa: E402
from annotator.core.compare.similarity import Vectors, related_words  # noqa: E402
from annotator.core.interchange.importing import DocRecord, SpanRecord, import_records  # noqa: E402

EVENT = "bench-event"
LABELS = ("claim", "denial", "accusation", "background")


# -- a synthetic event whose articles share reworded quotes ---------------------------
def vocabulary(rng: random.Random, n: int = 4000) -> tuple[list[str], list[float]]:
    """n words of the related-words list (WordNet stems), so that passages hold related
    words as real ones do and the comparison scores them; Zipf-like frequencies."""
    words = rng.sample(sorted(related_words()), n)
    return words, [1 / (rank + 1) ** 1.05 for rank in range(len(words))]


def sentence(rng, words, weights, k: int) -> list[str]:
    return rng.choices(words, weights, k=k)


def reword(rng, quote: list[str], words, weights) -> list[str]:
    """Another outlet's rendering: some words swapped, some dropped."""
    out = []
    for w in quote:
        r = rng.random()
        if r < 0.08:
            continue
        out.append(rng.choices(words, weights)[0] if r < 0.25 else w)
    return out or quote


def event_records(n: int = 50, size: int = 3000, spans_per_doc: int = 20,
                  seed: int = 5) -> list[DocRecord]:
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    quotes = [(sentence(rng, words, weights, rng.randint(12, 28)), rng.choice(LABELS))
              for _ in range(60)]
    out = []
    for i in range(n):
        picked = rng.sample(range(len(quotes)), 15)
        pieces, tagged = [], []                # pieces: (text, label or None)
        for q in picked:
            text, label = quotes[q]
            if rng.random() < 0.15:
                label = rng.choice(LABELS)     # an outlet labels it differently
            pieces.append((" ".join(reword(rng, text, words, weights)).capitalize() + ".",
                           label))
        while sum(len(p) + 1 for p, _ in pieces) < size:
            pieces.insert(rng.randrange(len(pieces) + 1),
                          (" ".join(sentence(rng, words, weights, rng.randint(8, 24)))
                           .capitalize() + ".", rng.choice(LABELS)))
        head = f"Headline {i}: " + " ".join(sentence(rng, words, weights, 8))
        text, spans = head + "\n\n", []
        for k, (piece, label) in enumerate(pieces):
            start = len(text)
            text += piece + ("\n\n" if k % 3 == 2 else " ")
            tagged.append((start, start + len(piece), label))
        quotes_first = tagged[:]               # tag 20: most quotes, some other sentences
        rng.shuffle(quotes_first)
        for start, end, label in sorted(quotes_first[:spans_per_doc]):
            spans.append(SpanRecord(start, end, label,
                                    speaker=rng.choice(["spokesman", "minister", None])))
        out.append(DocRecord(text.rstrip(), f"bench:{i}", id=f"ev{i:03d}",
                             meta={"outlet": f"Outlet {i:02d}", "event": EVENT,
                                   "title": head, "language": "en"}, spans=spans))
    return out


# -- measuring ---------------------------------------------------------------------------
CPU: dict[str, float] = {}          # last timed() call's median CPU time, by name
FIRST: dict[str, float] = {}        # ... and its first run's (the process's caches cold)


def timed(fn, reps: int, name: str = "") -> tuple[float, object]:
    times, cpu, result = [], [], None
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU[name] = statistics.median(cpu)
    FIRST[name] = cpu[0]
    return statistics.median(times), result


def line(name: str, ours: float, ceiling: float) -> None:
    """Wall-clock figures (median) and ratio; CPU time beside ours, as a busy
    machine stretches wall-clock time but hardly the CPU time."""
    print(f"  {name:<46} {1000 * ours:>9.1f} ms   ceiling {1000 * ceiling:>9.1f} ms   "
          f"ratio {ours / ceiling:6.2f}   (CPU {1000 * CPU['ours']:.0f} ms, "
          f"first run {1000 * FIRST['ours']:.0f} ms)")


def bench_event(reps: int, n: int = 50, target: str = "200 ms") -> None:
    project = Project(":memory:")
    import_records(project, event_records(n), annotator="bench")
    ours, result = timed(lambda: compare(project, event=EVENT), reps, "ours")

    def ceiling():
        rows = project.conn.execute(
            "SELECT id, text FROM documents WHERE event = ?", (EVENT,)).fetchall()
        spans = project.conn.execute(
            'SELECT doc_id, start, "end", label, speaker, text FROM spans WHERE doc_id IN '
            "(SELECT id FROM documents WHERE event = ?)", (EVENT,)).fetchall()
        for i, j in pairs:
            sets[i] & sets[j]
        return rows, spans

    items = []
    for d in result.docs:
        doc = project.document(d.id)
        items += align.passages(d.id, doc.text, project.spans(d.id), len(items))
    vec = Vectors([p.text for p in items])
    pairs = sorted(align.candidate_pairs(items, vec))
    sets = [set(w) for w in vec.stems]
    raw, _ = timed(ceiling, reps)
    docs = {p.doc_id for p in items}
    every = sum(1 for a in range(len(items)) for b in range(a + 1, len(items))
                if items[a].doc_id != items[b].doc_id)
    multi = [g for g in result.groups if len(g.cells) > 1]
    print(f"Event of {len(docs)} articles: {len(items)} passages, {len(pairs):,} candidate "
          f"pairs scored of {every:,} cross-article pairs; {len(result.groups)} groups, "
          f"{len(multi)} spanning several articles (largest {max(len(g.cells) for g in multi)})")
    line(f"full comparison (target < {target})", ours, raw)
    tracemalloc.start()
    compare(project, event=EVENT)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of one comparison {peak / 2**20:.0f} MB (Python allocations); "
          f"process peak RSS so far {rss:.0f} MB (target < 500 MB)")
    project.close()


def bench_summary(n: int, reps: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        project = build_project(Path(tmp) / "summary.db", n)
        print(f"\nProject of {n:,} articles, {project.span_count():,} spans "
              f"(built in {time.perf_counter() - t:.1f} s)")
        ours, profiles = timed(lambda: outlet_summary(project), reps, "ours")

        def ceiling():
            a = project.conn.execute("SELECT id, outlet, text FROM documents").fetchall()
            b = project.conn.execute(
                'SELECT doc_id, start, "end", label, speaker FROM spans').fetchall()
            return a, b

        raw, _ = timed(ceiling, reps)
        assert sum(p.spans for p in profiles) == project.span_count()
        line(f"per-outlet summary, {len(profiles)} outlets (target < 1 s)", ours, raw)
        project.close()


def machine() -> None:
    """How fast this interpreter runs right now, to read the figures against."""
    import os
    import timeit
    calib = timeit.timeit("sum(range(1000))", number=10000)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Machine: {os.cpu_count()} CPU(s), load average {load:.1f}; "
          f"sum(range(1000)) x 10,000 = {calib:.2f} s (an idle recent CPU: ~0.1 s)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000-article summary")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    machine()
    bench_event(args.reps)
    print()
    bench_event(max(1, args.reps // 2), 500, "3 s")
    bench_summary(2000 if args.quick else 20000, max(1, args.reps // 2))


if __name__ == "__main__":
    main()
