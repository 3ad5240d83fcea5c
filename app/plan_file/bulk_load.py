"""Building a whole plan in one go creates about a million objects and no reference cycles.
With the cyclic collector on, it would traverse all of them again and again while they are
being made (half the load time at 100,000 CRs). Pause it while loading; then move everything
into the oldest generation at once, so that the young collections that run after every few
hundred allocations never walk the plan either.

That move is `gc.freeze()` followed at once by `gc.unfreeze()`: both are list splices, no
traversal. Freezing alone (as before) kept every object alive at that moment out of the
collector's sight for good, so the cycles a long desktop session makes and drops (Qt wrappers,
closures, old layouts) were never collected: a leak. In the oldest generation they are found
by the next full collection, which the collector runs rarely on its own."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def decode_json_values(texts: list[str]) -> list:
    """Many small JSON texts decoded by one parser call instead of one call each."""
    import json

    return json.loads("[" + ",".join(texts) + "]") if texts else []
