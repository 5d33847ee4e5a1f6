"""How the process's garbage collector is set once the catalog and a session are loaded.

The catalog, the modules and a loaded design are tens of thousands of objects that live
as long as the process. CPython's collector walks every tracked object in a full
collection, and with its default thresholds (700, 10, 10) an edit of a 500-component
design, which allocates well over a hundred thousand objects for its analysis, set off a
collection of the oldest generation every few edits: 60-100 ms pauses, the p95 of
"change → analysis ready" (issue 18). Measured on that benchmark, CPU time per edit:

| collector | median | p95 |
|---|---|---|
| default | 31 ms | 86 ms |
| off | 26 ms | 28 ms |
| `gc.freeze()` alone | 28 ms | 43 ms |
| thresholds (10000, 10, 100) alone | 25 ms | 27 ms |
| both | 26 ms | 27 ms |

`settle_heap` does both: what is loaded moves to the permanent generation, which no
collection walks again, and young objects are collected every 10,000 allocations (not
700), the older generations proportionally less often; cycles are still collected.
"""

from __future__ import annotations

import gc

THRESHOLDS = (10_000, 10, 100)
"""Allocations before a young collection; young collections before a middle one; middle
collections before a full one (which CPython also defers until a quarter of the
long-lived objects are new)."""


def settle_heap() -> None:
    """Collect once, freeze what survives, and raise the collector's thresholds.

    Call it once the catalog and the first session are loaded and analysed (the app, after
    its loader's warm-up; a benchmark, after its setup): everything alive then lives as
    long as the process, so no later collection needs to walk it. Collecting first keeps
    garbage out of the frozen generation, which is never collected. Calling it again
    freezes what has been loaded since.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
