"""Krippendorff's unitizing alpha (Krippendorff 2004, Quality & Quantity 38:787-800).

Pure segment arithmetic on one continuum [0, length): each coder's units of one label
are sorted, non-overlapping (start, end) pairs; the stretches between them are gaps.
No loop ever walks individual characters.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

Units = list[tuple[int, int]]


def merge(units) -> Units:
    """Sorted units with overlapping ones joined. The formula assumes one coder's units
    of a label never overlap; units that only touch stay separate (a deliberate cut)."""
    out: Units = []
    for s, e in sorted(units):
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _pair(a: Units, b: Units) -> int:
    """Sum of squared distances between two coders' segments, each overlapping pair once.

    Unit against unit (overlapping): (start difference)^2 + (end difference)^2.
    Unit lying wholly inside the other coder's gap: its length^2. Gap against gap, and a
    unit only partly inside a gap (already counted against the unit it overlaps): 0.
    One sweep; hit_a/hit_b say whether the current unit overlapped anything yet.
    """
    total = i = j = 0
    na, nb = len(a), len(b)
    hit_a = hit_b = False
    while i < na and j < nb:
        sa, ea = a[i]
        sb, eb = b[j]
        if sa < eb and sb < ea:
            total += (sa - sb) ** 2 + (ea - eb) ** 2
            hit_a = hit_b = True
        if ea <= eb:
            if not hit_a:
                total += (ea - sa) ** 2
            i, hit_a = i + 1, False
        else:
            if not hit_b:
                total += (eb - sb) ** 2
            j, hit_b = j + 1, False
    for units, k, hit in ((a, i, hit_a), (b, j, hit_b)):
        total += sum((e - s) ** 2 for s, e in units[k + hit:])
    return total


def observed_sum(coders: list[Units]) -> int:
    """Numerator of D_o: distances summed over ordered coder pairs (i != j). The sum is
    local to overlapping segments, so per-document sums add up to the corpus sum."""
    m = len(coders)
    return 2 * sum(_pair(coders[i], coders[j]) for i in range(m) for j in range(i + 1, m))


def observed(total: int, m: int, length: int) -> float:
    """D_o = sum / (m (m-1) L^2)."""
    return total / (m * (m - 1) * length * length)


def expected(coders: list[Units], length: int) -> float | None:
    """D_e for one label, or None when no coder made a unit (D_e would be 0).

    D_e = 2/L * sum_g [ (N-1)(2l^3 - 3l^2 + l)/3 + l^2 * sum_{gaps h, l_h >= l}(l_h - l + 1) ]
          / ( mL(mL-1) - sum_g l(l-1) )
    over all coders' units g (length l, N of them) and all coders' gaps h. Integer
    arithmetic until the final division, so large corpora lose no precision.
    """
    m = len(coders)
    lengths, gaps = [], []
    for units in coders:
        prev = 0
        for s, e in units:
            if s > prev:
                gaps.append(s - prev)
            lengths.append(e - s)
            prev = e
        if length > prev:
            gaps.append(length - prev)
    if not lengths:
        return None
    gaps.sort()
    tail = list(accumulate(reversed(gaps)))[::-1]  # tail[k] = sum(gaps[k:])
    n, k = len(lengths), len(gaps)
    num = 0
    for ln in lengths:
        # l(l-1)(2l-1) = 6 * sum of squares below l, so /3 is exact
        num += (n - 1) * (ln * (ln - 1) * (2 * ln - 1) // 3)
        first = bisect_left(gaps, ln)
        if first < k:
            num += ln * ln * (tail[first] - (k - first) * (ln - 1))
    den = length * (m * length * (m * length - 1) - sum(ln * (ln - 1) for ln in lengths))
    return 2 * num / den
