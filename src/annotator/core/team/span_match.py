"""Span matching between two annotators: exact and one-to-one overlap matches."""
from __future__ import annotations

Spans = list[tuple[int, int]]


def exact_matches(a: Spans, b: Spans) -> int:
    """Spans with the same start and end (both lists already hold distinct spans)."""
    return len(set(a).intersection(b))


def overlap_matches(a: Spans, b: Spans) -> int:
    """Size of a maximum one-to-one matching where matched spans overlap enough.

    Two spans overlap enough when they share at least half of the longer one's
    characters. a and b are sorted by start. Maximum rather than greedy, so the count
    does not depend on the order spans were made in.
    """
    adj = []
    for sa, ea in a:
        row = []
        for k, (sb, eb) in enumerate(b):
            if sb >= ea:
                break
            if eb > sa:
                shared = min(ea, eb) - max(sa, sb)
                if 2 * shared >= max(ea - sa, eb - sb):
                    row.append(k)
        adj.append(row)
    return _max_matching(adj)


def _max_matching(adj: list[list[int]]) -> int:
    """Kuhn's augmenting paths, iterative so long chains cannot hit the recursion limit."""
    owner: dict[int, int] = {}
    count = 0
    for root, first in enumerate(adj):
        if not first:
            continue
        if len(first) == 1 and first[0] not in owner:  # the common case: no contest
            owner[first[0]] = root
            count += 1
            continue
        seen: set[int] = set()
        stack = [(root, iter(first))]
        path: list[int] = []  # path[k]: the span of b tried for stack[k]
        found = False
        while stack and not found:
            for k in stack[-1][1]:
                if k in seen:
                    continue
                seen.add(k)
                path.append(k)
                if k in owner:
                    stack.append((owner[k], iter(adj[owner[k]])))
                else:
                    found = True
                break
            else:
                stack.pop()
                if path:
                    path.pop()
        if found:
            for (a, _), k in zip(stack, path):
                owner[k] = a
            count += 1
    return count
