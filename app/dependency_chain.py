"""A change request's whole dependency chain: what it waits for, what waits for it, and so on
in both directions. The timeline highlights it so that a planner sees what a move drags along."""

from __future__ import annotations

from collections.abc import Mapping


class DependencyChains:
    """Chains over one plan's dependency graph (CR -> the CRs it depends on). The reverse
    edges are built once, on the first question: 100,000 CRs are walked once, not per click."""

    def __init__(self, depends_on: Mapping[str, tuple[str, ...]]):
        self.depends_on = depends_on
        self._dependents: dict[str, list[str]] | None = None

    def chain(self, key: str) -> set[str]:
        """Every CR connected to `key` through dependencies, upstream and downstream,
        including `key` itself."""
        if self._dependents is None:
            self._dependents = {}
            for cr, deps in self.depends_on.items():
                for dep in deps:
                    self._dependents.setdefault(dep, []).append(cr)
        found = {key}
        for edges in (lambda k: self.depends_on.get(k, ()),
                      lambda k: self._dependents.get(k, ())):
            todo = [key]
            while todo:
                for other in edges(todo.pop()):
                    if other not in found:
                        found.add(other)
                        todo.append(other)
        return found
