"""Evaluate attribution suggestions (issue 14) on PolNeAR and on the seed articles.

    PYTHONPATH=src python bench/eval_suggestions.py /work/data/polnear [--split dev|train]
    PYTHONPATH=src python bench/eval_suggestions.py --seeds ../shared/seeds

PolNeAR (github networkdynamics/PolNeAR) is brat standoff: T lines carry Source, Cue and
Content spans (Content may be discontinuous, "s e;s e"), E lines tie them into one
attribution.  Only train and dev may be used: the test compartment is reserved for a
single final measurement and this script refuses it.

Matching: a suggestion matches a gold Content when their overlap (in characters, against
the gold fragments) covers at least half of each (also reported at 0.3); matching is
one-to-one, greedy by overlap.  Speaker accuracy is over matched pairs: the suggestion's
speaker mention overlaps the gold Source.  PolNeAR marks the surface mention ("he",
"who"), while the API's speaker is the resolved mention, so both are reported: "api"
uses Suggestion.speaker_start/end only; "surface-or-resolved" also accepts the surface
mention the engine resolved from.  Cue accuracy: the suggested cue overlaps the gold Cue.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from annotator.core.suggest import engine, suggest

ALLOWED_SPLITS = ("train", "dev")


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[tuple[int, int], ...]     # fragments
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]


def parse_ann(path: Path) -> list[GoldAttribution]:
    """Gold attributions of one brat .ann file (E lines joining T spans)."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[dict[str, list[str]]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _type, _, offs = parts[1].partition(" ")
            try:
                spans[parts[0]] = tuple(tuple(int(x) for x in frag.split())
                                        for frag in offs.split(";"))
            except ValueError:
                sys.exit(f"{path}:{n}: bad span {parts[1]!r}")
        elif line.startswith("E") and len(parts) >= 2:
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append(roles)
    out = []
    for roles in events:
        content = _frags(roles, spans, "Content")
        if content:
            out.append(GoldAttribution(content, _frags(roles, spans, "Source"),
                                       _frags(roles, spans, "Cue")))
    return out


def _frags(roles, spans, role) -> tuple[tuple[int, int], ...]:
    return tuple(f for ref in roles.get(role, []) for f in spans.get(ref, ()))


def load_split(root: Path, split: str) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(name, text, gold) per article; with several annotators, the first .ann by name."""
    base = root / "data" / split if (root / "data").is_dir() else root / split
    docs = []
    for txt in sorted((base / "text").glob("*.txt")):
        anns = sorted((base / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        docs.append((txt.stem, txt.read_text(encoding="utf-8"), parse_ann(anns[0])))
    if not docs:
        sys.exit(f"{base}: no PolNeAR texts with annotations found")
    return docs


def _overlap(a: tuple[int, int], frags) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in frags)


def match(sugs, gold, ratio: float):
    """One-to-one greedy matching by overlap; returns [(suggestion, gold)]."""
    pairs = []
    for i, s in enumerate(sugs):
        slen = s.end - s.start
        for j, g in enumerate(gold):
            ov = _overlap((s.start, s.end), g.content)
            glen = sum(e - b for b, e in g.content)
            if ov and ov >= ratio * slen and ov >= ratio * glen:
                pairs.append((ov, i, j))
    pairs.sort(reverse=True)
    used_s, used_g, out = set(), set(), []
    for _ov, i, j in pairs:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            out.append((sugs[i], gold[j]))
    return out


def _hits(start, end, frags) -> bool:
    return start is not None and _overlap((start, end), frags) > 0


def evaluate(docs) -> None:
    n_sug = n_gold = 0
    matched = {0.5: 0, 0.3: 0}
    spk_api = spk_any = spk_n = cue_ok = 0
    t_sug = t_raw = 0.0
    chars = 0
    ceiling = re.compile(r"[\"“”«»]|\b(?:said|says|told|according)\b")
    for _name, text, gold in docs:
        chars += len(text)
        t0 = time.perf_counter()
        atts = engine.attributions(text)
        t1 = time.perf_counter()
        sum(1 for _ in ceiling.finditer(text))
        t2 = time.perf_counter()
        t_sug += t1 - t0
        t_raw += t2 - t1
        n_sug += len(atts)
        n_gold += len(gold)
        for ratio in matched:
            pairs = match(atts, gold, ratio)
            matched[ratio] += len(pairs)
            if ratio != 0.5:
                continue
            for a, g in pairs:
                if g.source:
                    spk_n += 1
                    api = _hits(a.speaker_start, a.speaker_end, g.source)
                    spk_api += api
                    spk_any += api or _hits(a.surface_start, a.surface_end, g.source)
                cue_ok += _hits(a.cue_start, a.cue_end, g.cue)
    print(f"articles {len(docs)}  gold attributions {n_gold}  suggestions {n_sug}")
    for ratio, m in matched.items():
        p = m / n_sug if n_sug else 0.0
        r = m / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"content @{ratio}: P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (matched {m})")
    m = matched[0.5]
    print(f"speaker acc (api, resolved mention)  {spk_api / max(spk_n, 1):.3f}  "
          f"(over {spk_n} matched with a gold Source)")
    print(f"speaker acc (surface-or-resolved)    {spk_any / max(spk_n, 1):.3f}")
    print(f"cue acc                              {cue_ok / max(m, 1):.3f}  (over {m})")
    ms = 1000 * t_sug / len(docs)
    raw = 1000 * t_raw / len(docs)
    print(f"time per article {ms:.2f} ms  (mean {chars / len(docs):.0f} chars; "
          f"ms per 3 kB {ms * 3000 / (chars / len(docs)):.2f})  raw ceiling "
          f"(one regex pass) {raw:.3f} ms  ratio {ms / max(raw, 1e-9):.0f}x")


SEED_SPEAKER = re.compile(r"Guo|Jiakun|spokes(?:man|person|woman)", re.IGNORECASE)
SEED_QUOTES = (Path(__file__).resolve().parent.parent
               / "tests" / "fixtures" / "suggest" / "seed_spokesman_quotes.json")


def seed_quote_spans(text: str, openings: list[str]) -> list[tuple[int, int]]:
    """The quotation (marks included) that starts with each opening, in order."""
    out = []
    for words in openings:
        i = text.index(words)
        start = text.rfind("“", 0, i)
        end = text.find("”", i) + 1
        out.append((start, end))
    return out


def seeds_report(seed_dir: Path) -> int:
    """Each of the spokesman's quotations (hand list) is inside a suggestion naming him."""
    wanted = json.loads(SEED_QUOTES.read_text(encoding="utf-8"))
    failures = 0
    for path in sorted(seed_dir.glob("00[0-4]_*.txt")):
        text = path.read_text(encoding="utf-8")
        sugs = suggest(text)
        print(f"== {path.name}: {len(sugs)} suggestions")
        for s in sugs:
            print(f"   [{s.start}:{s.end}] {s.kind:8} {s.label:10} {s.score:.2f} "
                  f"speaker={s.speaker!r} cue={s.cue!r}  {s.text[:70]!r}")
        for qs, qe in seed_quote_spans(text, wanted.get(path.name[:3], [])):
            hit = [s for s in sugs if s.start <= qs and qe <= s.end]
            who = hit[0].speaker if hit else None
            ok = bool(SEED_SPEAKER.search(who or ""))
            failures += not ok
            print(f"  {'OK ' if ok else 'MISS'} spokesman quote [{qs}:{qe}] "
                  f"speaker={who!r}: {text[qs:qe][:60]!r}")
    print(f"seed spokesman quotes missed: {failures}")
    return failures


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("polnear", nargs="?", type=Path, help="PolNeAR checkout (has data/)")
    ap.add_argument("--split", default="dev",
                    help="train or dev (test is reserved and refused)")
    ap.add_argument("--seeds", type=Path, help="directory of the seed articles")
    args = ap.parse_args(argv)
    if args.split not in ALLOWED_SPLITS:
        ap.error(f"split {args.split!r} refused: only {ALLOWED_SPLITS} "
                 "(PolNeAR's test compartment is reserved)")
    if args.seeds:
        return 1 if seeds_report(args.seeds) else 0
    if not args.polnear:
        ap.error("give the PolNeAR path or --seeds DIR")
    evaluate(load_split(args.polnear, args.split))
    return 0


if __name__ == "__main__":
    sys.exit(main())
