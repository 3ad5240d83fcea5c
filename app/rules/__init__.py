"""Planning rules with one home each: working days, readiness, freeze, moves, permissions,
the dependency graph."""
