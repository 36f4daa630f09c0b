"""Build resources/related_words.tsv.gz: which word stems WordNet relates closely
enough that two outlets may use one for the other ("talks"/"negotiations",
"walkout"/"strike", "layoff"/"shutdown", "PRC"/"China", "autumn"/"fall").

    apt-get install wordnet-base          # the WordNet 3.0 database (Debian)
    pip install wordfreq                  # only to leave out rare words; not a run-time need
    PYTHONPATH=src python scripts/make_related_words.py

Two words are related when each is in the other's neighbourhood: the synonyms, direct
hypernyms and hyponyms, derivationally related forms and similar adjectives of its
most frequent sense (WordNet lists senses by frequency). Requiring it both ways and
using one sense keeps hubs out ("talk" would otherwise reach "babble" and "flirt").
Words are reduced to the Snowball stems the comparison uses; function words, the
report's frame words and words rarer than MIN_ZIPF (wordfreq's scale) are left out.
Licence: WordNet 3.0 (resources/related_words.LICENSE).
"""
from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wordfreq import zipf_frequency  # noqa: E402

from annotator.core.compare.similarity import FRAME, STOP, _stem  # noqa: E402

WORDNET = Path("/usr/share/wordnet")
OUT = ROOT / "resources" / "related_words.tsv.gz"
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
RELATIONS = {"@", "~", "+", "&"}    # hypernym, hyponym, derivation, similar to
SENSES = 1
MIN_ZIPF = 2.0


def synsets() -> dict:
    """(pos, offset) -> (its words, its pointers (symbol, pos, offset, source, target))."""
    out = {}
    for p, name in POS.items():
        for line in open(WORDNET / f"data.{name}", encoding="latin-1"):
            if line.startswith("  "):
                continue
            f = line.split(" | ")[0].split()
            n = int(f[3], 16)
            words = [re.sub(r"\(.*\)$", "", f[4 + 2 * i].lower()) for i in range(n)]
            k = 4 + 2 * n
            ptrs = []
            for _ in range(int(f[k])):
                sym, off, pos, st = f[k + 1:k + 5]
                ptrs.append((sym, "a" if pos == "s" else pos, off, int(st[:2], 16),
                             int(st[2:], 16)))
                k += 4
            out[(p, f[0])] = (words, ptrs)
    return out


def kept(word: str) -> bool:
    return (word.isalpha() and len(word) >= 3 and word not in STOP
            and zipf_frequency(word, "en") >= MIN_ZIPF)


def neighbourhoods(ss: dict) -> dict[str, set[str]]:
    near: dict[str, set[str]] = defaultdict(set)
    for p, name in POS.items():
        for line in open(WORDNET / f"index.{name}", encoding="latin-1"):
            if line.startswith("  "):
                continue
            f = line.split()
            lemma = f[0]
            if not kept(lemma):
                continue
            for off in f[-int(f[2]):][:SENSES]:
                words, ptrs = ss[(p, off)]
                me = words.index(lemma) + 1 if lemma in words else 0
                found = set(words)
                for sym, pos, other, source, target in ptrs:
                    if sym in RELATIONS and (not source or source == me):
                        theirs = ss[(pos, other)][0]
                        found |= {theirs[target - 1]} if target else set(theirs)
                a = _stem(lemma)
                for w in found:
                    b = _stem(w) if kept(w) else None
                    if b and a != b and a not in FRAME and b not in FRAME:
                        near[a].add(b)
    return near


def main() -> None:
    near = neighbourhoods(synsets())
    both = {a: sorted(b for b in bs if a in near.get(b, ())) for a, bs in near.items()}
    lines = [f"{a}\t{' '.join(bs)}\n" for a, bs in sorted(both.items()) if bs]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("".join(lines))
    print(f"wrote {OUT} ({len(lines)} stems, {OUT.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
