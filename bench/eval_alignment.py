"""Alignment quality against a gold standard: precision and recall of cross-article
passage pairs, untagged (articles only) and tagged (the gold passages imported as
spans, as if an analyst had tagged each statement).

    python bench/eval_alignment.py                      # the seeds' gold (tests/fixtures)
    python bench/eval_alignment.py -v                   # also list misses and wrong pairs
    python bench/eval_alignment.py --gold G.json --corpus DIR     # another gold set
    python bench/eval_alignment.py --agreement tests/fixtures/alignment_gold_b.json
                                   # how far the two analysts' golds of the seeds agree

Counting. A passage "matches" a gold passage when they overlap by at least half of
the shorter of the two (OVERLAP). Every pair of cells of different documents in one
predicted group is a predicted pair; it is correct when both cells match passages of
one gold group (of their own documents). Precision = correct / predicted pairs.
Recall counts, per gold group, each pair of its documents: found when some predicted
pair matches a passage of the group in each of the two documents (a group lists
several passages of a document when that article renders the statement twice).
"""
from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from annotator.core import Project  # noqa: E402
from annotator.core.compare.comparison import compare  # noqa: E402
from annotator.core.interchange.importing import SpanRecord, import_records, read_paths  # noqa: E402

OVERLAP = 0.5
GOLD = ROOT / "tests" / "fixtures" / "alignment_gold.json"
CORPUS = ROOT / "sample_corpus"


def matches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= OVERLAP * min(a[1] - a[0], b[1] - b[0])


def predicted_pairs(comparison) -> list[tuple]:
    out = []
    for g in comparison.groups:
        for x, y in combinations(g.cells.values(), 2):
            out.append(((x.doc_id, x.start, x.end), (y.doc_id, y.start, y.end),
                        min(x.score, y.score), x.text, y.text))
    return out


def groups_of(cell: tuple, gold: list[dict]) -> set[str]:
    doc, start, end = cell
    return {g["id"] for g in gold for p in g["passages"]
            if p["doc"] == doc and matches((start, end), (p["start"], p["end"]))}


def score(comparison, gold: list[dict]) -> dict:
    pairs = predicted_pairs(comparison)
    correct, wrong, found = 0, [], set()
    for a, b, s, ta, tb in pairs:
        shared = groups_of(a, gold) & groups_of(b, gold)
        if shared:
            correct += 1
            found |= {(gid, *sorted((a[0], b[0]))) for gid in shared}
        else:
            wrong.append((s, a[0], ta, b[0], tb))
    wanted = {(g["id"], *pair) for g in gold
              for pair in combinations(sorted({p["doc"] for p in g["passages"]}), 2)}
    missed = sorted(wanted - found)
    return {"pairs": len(pairs), "correct": correct, "gold": len(wanted),
            "found": len(wanted & found),
            "precision": correct / len(pairs) if pairs else 1.0,
            "recall": len(wanted & found) / len(wanted) if wanted else 1.0,
            "wrong": wrong, "missed": missed}


def project_for(corpus: Path, gold_events: dict, tagged: bool) -> Project:
    records = read_paths([corpus])
    if tagged:
        by_doc: dict[str, list] = {}
        for groups in gold_events.values():
            for g in groups:
                for p in g["passages"]:
                    by_doc.setdefault(p["doc"], []).append(
                        SpanRecord(p["start"], p["end"], "claim", p["text"], "gold"))
        for r in records:
            r.spans = sorted(by_doc.get(r.id, []), key=lambda s: (s.start, s.end))
    project = Project(":memory:")
    import_records(project, records)
    return project


def evaluate(corpus: Path, gold_path: Path, verbose: bool = False) -> dict:
    gold_events = json.loads(gold_path.read_text(encoding="utf-8"))["events"]
    results = {}
    for mode in ("untagged", "tagged"):
        with project_for(corpus, gold_events, mode == "tagged") as project:
            totals = {"pairs": 0, "correct": 0, "gold": 0, "found": 0}
            for event, gold in gold_events.items():
                r = score(compare(project, event=event), gold)
                for k in totals:
                    totals[k] += r[k]
                if verbose:
                    print(f"\n[{mode}] {event}: {r['correct']}/{r['pairs']} pairs correct, "
                          f"{r['found']}/{r['gold']} gold pairs found")
                    for gid, a, b in r["missed"]:
                        print(f"  missed  {gid}: {a}-{b}")
                    for s, da, ta, db, tb in r["wrong"]:
                        print(f"  wrong   {s:.2f} {da}: {ta[:70]!r}\n"
                              f"               {db}: {tb[:70]!r}")
                if mode == "untagged" and event.startswith("nato-sg"):
                    results["will_not_fool"] = will_not_fool_aligned(project, event)
            totals["precision"] = totals["correct"] / totals["pairs"] if totals["pairs"] else 1.0
            totals["recall"] = totals["found"] / totals["gold"] if totals["gold"] else 1.0
            results[mode] = totals
    return results


def will_not_fool_aligned(project: Project, event: str) -> bool | None:
    """The two translations of the quote share one group (None: not in this corpus)."""
    c = compare(project, event=event)
    quotes = ("NATO’s false narratives will not fool the world",
              "NATO’s misinformation will not fool people in the world")
    docs = [d for d in c.docs if any(q in project.document(d.id).text for q in quotes)]
    if len(docs) < 2:
        return None
    return any(sum(any(q in cell.text for q in quotes) for cell in g.cells.values()) == 2
               for g in c.groups)


def gold_agreement(pred: list[dict], gold: list[dict]) -> tuple[int, int, int, int]:
    """One gold read as a prediction of another: (correct, predicted, found, wanted)
    document pairs. A group's document pair is correct when any of its passage pairs
    match passages of one group of the other gold (a gold may list several renderings
    in one article), counted as score() counts the method's pairs."""
    correct = predicted = 0
    found: set = set()
    for g in pred:
        pair_ok: dict = {}
        for x, y in combinations(g["passages"], 2):
            if x["doc"] == y["doc"]:
                continue
            shared = (groups_of((x["doc"], x["start"], x["end"]), gold)
                      & groups_of((y["doc"], y["start"], y["end"]), gold))
            key = tuple(sorted((x["doc"], y["doc"])))
            pair_ok[key] = pair_ok.get(key, False) or bool(shared)
            found |= {(gid, *key) for gid in shared}
        predicted += len(pair_ok)
        correct += sum(pair_ok.values())
    wanted = {(g["id"], *pair) for g in gold
              for pair in combinations(sorted({p["doc"] for p in g["passages"]}), 2)}
    return correct, predicted, len(wanted & found), len(wanted)


def print_gold_agreement(path_a: Path, path_b: Path) -> None:
    """How far two analysts' golds agree: the ceiling a method can be held to."""
    a = json.loads(path_a.read_text(encoding="utf-8"))["events"]
    b = json.loads(path_b.read_text(encoding="utf-8"))["events"]
    c = p = f = w = 0
    for event in a.keys() & b.keys():
        c1, p1, f1, w1 = gold_agreement(a[event], b[event])
        c, p, f, w = c + c1, p + p1, f + f1, w + w1
    print(f"\n{path_a.name} read as a prediction of {path_b.name}: precision {c / p:.3f} "
          f"({c}/{p} document pairs), recall {f / w:.3f} ({f}/{w})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--agreement", type=Path, metavar="OTHER_GOLD",
                    help="only print how far --gold and OTHER_GOLD agree (both ways)")
    args = ap.parse_args(argv)
    if args.agreement:
        print_gold_agreement(args.gold, args.agreement)
        print_gold_agreement(args.agreement, args.gold)
        return 0
    res = evaluate(args.corpus, args.gold, args.verbose)
    print(f"\nalignment vs {args.gold.name} (overlap >= {OVERLAP:.0%} of the shorter passage)")
    print(f"{'mode':10} {'precision':>10} {'recall':>8}   pairs  (target P >= 0.90, R >= 0.85)")
    for mode in ("untagged", "tagged"):
        r = res[mode]
        print(f"{mode:10} {r['precision']:10.3f} {r['recall']:8.3f}   "
              f"{r['correct']}/{r['pairs']} predicted correct, {r['found']}/{r['gold']} gold found")
    if res.get("will_not_fool") is not None:
        print(f"'will not fool' pair aligned untagged: {'yes' if res['will_not_fool'] else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
