"""Loading a plan pauses the cyclic collector but keeps nothing alive for good (issue 11);
a large plan the window shows is set aside until it is taken back, and a load meanwhile does
not thaw it (issue 21)."""

from __future__ import annotations

import gc
import weakref

from app.plan_file.bulk_load import collector_paused, set_aside, take_back


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


def test_a_plan_set_aside_stays_out_of_the_collectors_walks_until_taken_back():
    plan = [Node() for _ in range(1000)]
    try:
        set_aside()
        frozen = gc.get_freeze_count()
        assert frozen >= len(plan)
        with collector_paused():  # a later load (the work list's rows) keeps it aside
            rows = [Node() for _ in range(100)]
        assert gc.get_freeze_count() >= frozen + len(rows)
    finally:
        take_back()
    assert gc.get_freeze_count() == 0
    cycle = Node()
    cycle.me = cycle
    gone = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert gone() is None  # collected as before
