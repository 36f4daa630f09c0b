"""The cyclic garbage collector paused while a bulk operation allocates."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused():
    """Imports and comparisons allocate 10^5-10^6 small acyclic objects (records,
    rows, term sets, scored pairs) that the cyclic collector re-scans again and again
    as they pile up: 40 % of a 20,000-article import's Python time and of a
    50-article comparison's. Reference counting frees them all the same. A caller
    that had the collector off keeps it off."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
