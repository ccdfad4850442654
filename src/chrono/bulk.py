"""Bulk work (imports, exports of many events) with fewer garbage-collector passes.

CPython's collector runs a pass every 700 new container objects, and every so often a full pass
over everything alive: on a large import that is the ids already seen, the caches of names and
dates, and the batch in hand, again and again. Events make no reference cycles, so such passes
find nothing to free; measured on an import of 100,000 events they were 16% of its CPU time. Inside
`fewer_collections()` a pass runs every 100,000 new objects instead (the collector stays on, so
memory held in any cycle is still freed), and the thresholds are put back afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (100_000, 20, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
