"""A change request's whole dependency chain: what it waits for, what waits for it, and so on
in both directions. The timeline highlights it so that a planner sees what a move drags along."""

from __future__ import annotations

from collections.abc import Mapping


class DependencyChains:
    """Chains over one plan's dependency graph (CR -> the CRs it depends on) and its reverse
    edges: 100,000 CRs are walked once per plan, not per click."""

    def __init__(self, depends_on: Mapping[str, tuple[str, ...]],
                 dependents: Mapping[str, tuple[str, ...]]):
        """`dependents`: the reverse edges (app.model.plan.Plan.dependents, built once per plan)."""
        self.depends_on = depends_on
        self._dependents = dependents

    @staticmethod
    def of(plan) -> DependencyChains:
        return DependencyChains({k: c.depends_on for k, c in plan.crs.items() if c.depends_on},
                                plan.dependents())

    def chain(self, key: str) -> set[str]:
        """Every CR connected to `key` through dependencies, upstream and downstream,
        including `key` itself."""
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
