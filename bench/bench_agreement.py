"""Agreement speed: 1,000 documents x 3 annotators x 20 spans each, 3 kB documents.

The figure (agreement(): span F1 for every pair, alpha_u per label over the corpus and per
document) is printed beside a raw ceiling measured in the same run on the same units:
sorting every unit by document, label, annotator and start, then a bare Python loop that
touches every span pair the F1 matcher considers (same document and label, one
comparison each) -- the least any pairwise method could do. Target: under 2 s.

    python bench/bench_agreement.py            # 1,000 documents
    python bench/bench_agreement.py --docs 200 # smaller
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import defaultdict
from itertools import combinations

from annotator.core.team.agreement import Unit, agreement

LABELS = ("claim", "denial", "accusation", "background")
ANNOTATORS = ("alice", "bob", "carol")


def corpus(docs: int, spans: int = 20, size: int = 3000, seed: int = 1):
    """Each annotator starts from the same reference spans, then moves boundaries,
    drops, adds or relabels some -- roughly what real partial agreement looks like."""
    rng = random.Random(seed)
    lengths, units = {}, []
    for d in range(docs):
        doc = f"doc{d:06d}"
        lengths[doc] = size
        ref = []
        for _ in range(spans):
            start = rng.randrange(0, size - 200)
            ref.append((start, start + rng.randint(20, 180), rng.choice(LABELS)))
        for who in ANNOTATORS:
            for start, end, label in ref:
                roll = rng.random()
                if roll < 0.1:  # dropped, replaced by a span of its own
                    start = rng.randrange(0, size - 200)
                    end = start + rng.randint(20, 180)
                elif roll < 0.15:
                    label = rng.choice(LABELS)
                elif roll < 0.6:
                    start = max(0, start + rng.randint(-8, 8))
                    end = max(start + 1, min(size, end + rng.randint(-8, 8)))
                units.append(Unit(doc, start, end, label, who))
    return lengths, units


def ceiling(units: list[Unit]) -> int:
    """Sort the units, then one comparison per candidate span pair."""
    units = sorted(units, key=lambda u: (u.doc_id, u.label, u.annotator, u.start))
    groups = defaultdict(lambda: defaultdict(list))
    for u in units:
        groups[u.doc_id, u.label][u.annotator].append((u.start, u.end))
    touched = 0
    for per in groups.values():
        for a, b in combinations(per.values(), 2):
            for sa in a:
                for sb in b:
                    touched += sa[0] < sb[1] and sb[0] < sa[1]
    return touched


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    lengths, units = corpus(args.docs)
    # interleaved, so a busy machine slows both sides alike
    agree_t, ceil_t, json_t = [], [], []
    for _ in range(args.repeat):
        t, report = timed(lambda: agreement(lengths, units))
        agree_t.append(t)
        ceil_t.append(timed(lambda: ceiling(units))[0])
        json_t.append(timed(report.to_json)[0])
    t_agree, med_agree = min(agree_t), statistics.median(agree_t)
    t_ceil, med_ceil = min(ceil_t), statistics.median(ceil_t)
    t_json = min(json_t)
    ov = report.overall
    print(f"{args.docs} documents x {len(ANNOTATORS)} annotators x 20 spans "
          f"({len(units)} units), best of {args.repeat}")
    print(f"  agreement()          {t_agree:7.3f} s  (median {med_agree:.3f})   target < 2 s")
    print(f"  raw ceiling          {t_ceil:7.3f} s  (median {med_ceil:.3f})   "
          "sort units + touch every candidate pair")
    print(f"  ratio                {t_agree / t_ceil:7.1f} x")
    print(f"  to_json()            {t_json:7.3f} s")
    print(f"  figures: alpha_u micro {ov.alpha_u_micro.value:.3f}, macro "
          f"{ov.alpha_u_macro.value:.3f}, F1 exact {ov.f1_exact.value:.3f}, "
          f"F1 overlap {ov.f1_overlap.value:.3f}")


if __name__ == "__main__":
    main()
