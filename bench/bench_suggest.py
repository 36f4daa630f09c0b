"""Speed of suggest(): ms per article and per 3 kB, beside a raw ceiling in the same run.

    PYTHONPATH=src python bench/bench_suggest.py [DIR_OF_TXT ...]   (default ../shared/seeds)

The ceiling is one pass of a small regex (quotation marks and "said"/"told") over the
same texts: the least any text-scanning suggester must spend.  Start-up (import) cost
is printed too, since the window imports the engine on demand.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import annotator.core  # noqa: F401  (the package is loaded anyway in the app)

t0 = time.perf_counter()
from annotator.core.suggest import suggest

IMPORT_MS = 1000 * (time.perf_counter() - t0)

CEILING = re.compile(r"[\"“”«»]|\b(?:said|says|told|according)\b")


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[1]
    dirs = [Path(a) for a in argv] or [repo.parent / "shared" / "seeds",
                                       repo.parent.parent / "shared" / "seeds"]
    texts = [p.read_text(encoding="utf-8") for d in dirs if d.is_dir()
             for p in sorted(d.glob("*.txt"))]
    if not texts:
        sys.exit("no .txt files found in " + ", ".join(map(str, dirs)))
    best_s = best_r = float("inf")
    for _ in range(3):                       # best of three: the machine is shared
        t = time.perf_counter()
        n = sum(len(suggest(x)) for x in texts)
        best_s = min(best_s, time.perf_counter() - t)
        t = time.perf_counter()
        sum(1 for x in texts for _m in CEILING.finditer(x))
        best_r = min(best_r, time.perf_counter() - t)
    chars = sum(map(len, texts)) / len(texts)
    ms, raw = 1000 * best_s / len(texts), 1000 * best_r / len(texts)
    print(f"{len(texts)} articles, mean {chars:.0f} chars, {n} suggestions")
    print(f"import annotator.core.suggest (annotator.core already loaded): {IMPORT_MS:.1f} ms")
    print(f"suggest(): {ms:.2f} ms/article = {ms * 3000 / chars:.2f} ms per 3 kB;  "
          f"raw ceiling (one regex pass) {raw:.3f} ms/article;  ratio {ms / raw:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
