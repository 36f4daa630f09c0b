"""Import peak memory: `annotator import` of four large JSONL files, in a subprocess.

Figure:  peak resident memory (ru_maxrss) of `annotator import --quiet` of FILES
         JSONL files of about SIZE MB each (documents of ~5,000 characters with 10
         spans), minus the same import of one small file (the interpreter, modules
         and SQLite's cache: the constant).
Ceiling: peak memory of a process that only reads the largest file and decodes it
         (bytes + text: what any reader of that file holds), minus its baseline.
Target:  figure < 3 x the largest file (issue 8; was 1.97 GB for 4 x 47 MB).

    python bench/bench_import_memory.py                 # 4 files of 47 MB
    python bench/bench_import_memory.py --mb 5          # quicker
    python bench/bench_import_memory.py --src OTHER/src # measure another checkout
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
WORDS = ("minister ministry denied report critics accused alliance summit spending "
         "defence talks officials statement said claimed sources briefing press war "
         "border trade sanctions agreement president spokesman regional tensions "
         "military build-up cooperation security council vote draft").split()
LABELS = ("claim", "denial", "accusation", "background")

CHILD = """
import resource, sys
from annotator.cli import main
rc = main(sys.argv[1:])
print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rc, file=sys.stderr)
"""
READER = """
import resource, sys
from pathlib import Path
import annotator.cli
text = Path(sys.argv[1]).read_bytes().decode("utf-8")
print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(text), file=sys.stderr)
"""
BASELINE = """
import resource, sys
import annotator.cli
print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 0, file=sys.stderr)
"""


def write_jsonl(path: Path, megabytes: float, seed: int) -> None:
    rng = random.Random(seed)
    target, n = megabytes * 1e6, 0
    with open(path, "w", encoding="utf-8") as f:
        while f.tell() < target:
            words = [rng.choice(WORDS) for _ in range(700)]
            text = f"Article {seed}-{n}\n\n" + " ".join(words)
            spans, pos = [], len(f"Article {seed}-{n}\n\n")
            for k in range(10):
                start = pos + k * 300
                spans.append({"start": start, "end": start + 40, "label": LABELS[k % 4]})
            f.write(json.dumps({"id": f"d{seed}-{n}", "text": text,
                                "meta": {"outlet": f"outlet {seed}"},
                                "spans": spans}) + "\n")
            n += 1


def peak_mb(code: str, args: list[str], src: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                         text=True, timeout=3600)
    line = next((l for l in out.stderr.splitlines() if l.startswith("MAXRSS")), None)
    if line is None or (code is CHILD and line.split()[2] != "0"):
        raise SystemExit(f"child failed: {out.stderr[-2000:]}")
    return int(line.split()[1]) / 1024             # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=47.0, help="size of each file")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--src", type=Path, default=SRC, help="the src/ folder to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = [tmp / f"part{i}.jsonl" for i in range(args.files)]
        for i, f in enumerate(files):
            write_jsonl(f, args.mb, i)
        small = tmp / "small.jsonl"
        write_jsonl(small, 0.01, 99)
        largest = max(f.stat().st_size for f in files) / 1e6
        base = peak_mb(CHILD, ["import", "--db", str(tmp / "base.db"), "--quiet",
                               str(small)], args.src)
        peak = peak_mb(CHILD, ["import", "--db", str(tmp / "big.db"), "--quiet",
                               *map(str, files)], args.src)
        idle = peak_mb(BASELINE, [], args.src)
        reader = peak_mb(READER, [str(max(files, key=lambda f: f.stat().st_size))], args.src)
    figure, ceiling = peak - base, reader - idle
    print(f"import of {args.files} JSONL files, largest {largest:,.1f} MB "
          f"(src: {args.src})")
    print(f"  figure   import peak RSS above a small import  {figure:8,.0f} MB "
          f"(peak {peak:,.0f} MB, small import {base:,.0f} MB)")
    print(f"  ceiling  read + decode the largest file        {ceiling:8,.0f} MB")
    print(f"  ratio    figure / largest file  {figure / largest:.2f}   (target < 3); "
          f"figure / ceiling {figure / ceiling:.2f}")


if __name__ == "__main__":
    main()
