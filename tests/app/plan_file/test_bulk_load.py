"""Loading a plan pauses the cyclic collector but keeps nothing alive for good (issue 11)."""

from __future__ import annotations

import gc
import weakref

from app.plan_file.bulk_load import collector_paused


class Node:
    pass


def test_a_cycle_alive_during_a_load_is_collected_once_it_is_dropped():
    cycle = Node()
    cycle.me = cycle  # only the cyclic collector can free it
    gone = weakref.ref(cycle)
    with collector_paused():
        loaded = [Node() for _ in range(1000)]
    del cycle
    gc.collect()
    assert gone() is None
    assert len(loaded) == 1000


def test_loading_leaves_the_collector_as_it_found_it():
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing is kept out of the collector's sight
