"""Building a whole plan in one go creates about a million objects and no reference cycles.
With the cyclic collector on, it would traverse all of them again and again while they are
being made (half the load time at 100,000 CRs). Pause it while loading; then move everything
into the oldest generation at once, so that the young collections that run after every few
hundred allocations never walk the plan either.

That move is `gc.freeze()` followed at once by `gc.unfreeze()`: both are list splices, no
traversal. Freezing alone kept every object alive at that moment out of the collector's sight
for good, so the cycles a long desktop session makes and drops (Qt wrappers, closures, old
layouts) were never collected: a leak. In the oldest generation they are found by the next
full collection, which the collector runs rarely on its own.

One exception, and this module is its only owner: the window shows a large plan for long, and
that next full collection would walk its million objects in the middle of the first paint (a
quarter of a second at 100,000 CRs). `set_aside()` freezes what is alive then and keeps it
frozen (a later pause freezes what it built too) until `take_back()`: the plan is freed by
reference counting when another replaces it, and what stays frozen for good is only the
cyclic garbage alive at that moment, which full collections, cheap once the plan is out of
their way, keep small."""

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
        if not _set_aside:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


_set_aside = False  # set_aside() holds: pauses keep what they built frozen too


def set_aside() -> None:
    """Keep every object alive now out of the cyclic collector's walks (module docstring)."""
    global _set_aside
    _set_aside = True
    gc.freeze()


def take_back() -> None:
    """The collector walks everything again (another database is shown, or a test ends)."""
    global _set_aside
    _set_aside = False
    gc.unfreeze()


def decode_json_values(texts: list[str]) -> list:
    """Many small JSON texts decoded by one parser call instead of one call each."""
    import json

    return json.loads("[" + ",".join(texts) + "]") if texts else []
