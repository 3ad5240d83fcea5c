"""Dependency graph helpers: cycle detection with the cycle's path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping


def find_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every dependency cycle reachable in `graph` (node -> nodes it depends on), each as a path
    that starts and ends at the same node, e.g. ["CR-1", "CR-2", "CR-1"]. Nodes are visited in
    key order so the answer is deterministic. Edges to unknown nodes are ignored."""
    WHITE, GREY, BLACK = 0, 1, 2
    # Only nodes with dependencies can lie on a cycle; the rest are leaves (and most CRs).
    graph = {node: deps for node, deps in graph.items() if deps}
    color = dict.fromkeys(graph, WHITE)
    cycles: list[list[str]] = []
    for root in sorted(graph):
        if color[root] != WHITE:
            continue
        # Iterative DFS: a recursion limit must not decide whether a long chain is valid.
        stack = [(root, iter(sorted(graph[root])))]
        on_path = [root]
        color[root] = GREY
        while stack:
            node, children = stack[-1]
            for child in children:
                state = color.get(child, BLACK)
                if state == WHITE:
                    color[child] = GREY
                    on_path.append(child)
                    stack.append((child, iter(sorted(graph[child]))))
                    break
                if state == GREY:
                    cycles.append([*on_path[on_path.index(child):], child])
            else:
                color[node] = BLACK
                on_path.pop()
                stack.pop()
    return cycles


def path_to(graph: Mapping[str, Iterable[str]], start: str, goal: str) -> list[str] | None:
    """A dependency path from `start` to `goal` (both included), or None."""
    parents: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            if node == goal:
                path = [node]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return path[::-1]
            for child in sorted(graph.get(node, ())):
                if child not in parents:
                    parents[child] = node
                    nxt.append(child)
        frontier = nxt
    return None


def cycle_if_added(graph: Mapping[str, Iterable[str]], key: str, dep: str) -> list[str] | None:
    """The cycle that `key` depending on `dep` would close, e.g. ["A", "B", "A"], or None."""
    back = path_to(graph, dep, key)
    return None if back is None else [key, *back]


class DependsOn(Mapping):
    """The dependency graph of a plan's CRs (key -> keys it depends on), read from the CRs
    as the search needs it: building a dict of 100,000 CRs to follow a few edges costs more
    than the search. `override` replaces some CRs' dependencies (an edit being checked)."""

    def __init__(self, crs: Mapping, override: Mapping[str, Iterable[str]] | None = None):
        self._crs = crs
        self._override = override or {}

    def __getitem__(self, key: str) -> Iterable[str]:
        if key in self._override:
            return self._override[key]
        return self._crs[key].depends_on

    def __iter__(self) -> Iterator[str]:
        yield from self._override
        yield from (k for k in self._crs if k not in self._override)

    def __len__(self) -> int:
        return len(self._crs) + sum(k not in self._crs for k in self._override)
