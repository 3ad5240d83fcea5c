"""Dependency graph helpers: cycle detection with the cycle's path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping


def find_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One dependency cycle per tangle of `graph` (node -> nodes it depends on), each as a path
    that starts and ends at the same node, e.g. ["CR-1", "CR-2", "CR-1"]: the shortest cycle
    through the tangle's first node in key order, following dependencies in key order. Edges to
    unknown nodes are ignored. Linear in nodes and edges: listing every cycle (or one per back
    edge) is quadratic in paths on a dense graph, and 1,500 CRs that all depend on each other
    ran out of memory (issue 25 item 2)."""
    graph = {node: deps for node, deps in graph.items() if deps}
    cycles = []
    for component in _strong_components(graph):
        first = min(component)
        if len(component) > 1 or first in graph[first]:
            inside = set(component)
            cycles.append([first, *_shortest_path(graph, first, first, inside)])
    return sorted(cycles)


def _strong_components(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively: a recursion limit must not decide
    whether a long chain is valid."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    break
                if child in on_stack and index[child] < low[node]:
                    low[node] = index[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def _shortest_path(graph, start: str, goal: str, inside: set[str]) -> list[str]:
    """The nodes after `start` on a shortest path to `goal` within `inside` (breadth first,
    children in key order); `goal` may be `start` itself, which closes a cycle."""
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in sorted(graph[node]):
                if child not in inside or child in parents:
                    continue
                parents[child] = node
                if child == goal:
                    path = [child]
                    while path[-1] != start or len(path) == 1:
                        path.append(parents[path[-1]])
                    return path[::-1][1:]
                nxt.append(child)
        frontier = nxt
    raise AssertionError("a strongly connected component holds a cycle through each member")


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
