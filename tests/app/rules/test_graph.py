"""The dependency-cycle finder: one cycle per tangle, named by its path (issue 25 item 2)."""

from app.rules.graph import find_cycles


def test_a_complete_graph_is_one_tangle_reported_once_by_its_shortest_cycle():
    keys = [f"CR-{i:04d}" for i in range(400)]
    graph = {k: [d for d in keys if d != k] for k in keys}
    assert find_cycles(graph) == [["CR-0000", "CR-0001", "CR-0000"]]


def test_a_long_ring_is_found_without_recursion():
    n = 50_000
    graph = {f"N{i:06d}": [f"N{(i + 1) % n:06d}"] for i in range(n)}
    (cycle,) = find_cycles(graph)
    assert len(cycle) == n + 1 and cycle[0] == cycle[-1] == "N000000"


def test_separate_tangles_each_get_one_cycle_and_a_chain_into_one_is_not_part_of_it():
    graph = {"A": ["B"], "B": ["C", "A"], "C": ["A"], "X": ["Y"], "Y": ["X"], "Z": ["A"]}
    assert find_cycles(graph) == [["A", "B", "A"], ["X", "Y", "X"]]


def test_a_dependency_on_itself_is_a_cycle_and_unknown_nodes_are_ignored():
    assert find_cycles({"A": ["A", "GHOST"], "B": ["GHOST"]}) == [["A", "A"]]
