"""What an edit did, as a plain value: the rows it added, changed (before and after) and removed.

This is the spine of every edit (DESIGN.md section 2). An engine operation returns one beside
its result; the store writes exactly its rows (each under its version check) and records them
in the audit log; a client applies one to its snapshot; undo applies its inverse. Nobody diffs
two whole plans to find out what happened, so one edit costs the same at 1,000 and 100,000 CRs.

Rows are the plan's dataclasses (Team, OfferPack, Item, Release, ChangeRequest, Settings),
which are treated as immutable: a change set holds them by reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from app.model.plan import Plan
from app.model.row_kinds import PLAN_TABLES, RowKind


def row_of(plan: Plan, kind: RowKind, key: str):
    """The row of `kind` keyed `key` in `plan` (None: absent); settings are one row."""
    if kind == RowKind.SETTINGS:
        return plan.settings
    return getattr(plan, PLAN_TABLES[kind]).get(key)


@dataclass(frozen=True, slots=True)
class RowChange:
    kind: RowKind
    key: str
    before: object | None  # None: the row is new
    after: object | None  # None: the row is removed

    def inverse(self) -> RowChange:
        return RowChange(self.kind, self.key, self.after, self.before)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    rows: tuple[RowChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __iter__(self) -> Iterator[RowChange]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def inverse(self) -> ChangeSet:
        """The change set that undoes this one (rows in reverse order)."""
        return ChangeSet(tuple(row.inverse() for row in reversed(self.rows)))

    def then(self, other: ChangeSet) -> ChangeSet:
        """This change set followed by `other`, folded to one change per row."""
        return ChangeSet.of(self.rows + other.rows)

    @staticmethod
    def of(rows: Iterable[RowChange]) -> ChangeSet:
        """Rows folded per (kind, key): the first `before` and the last `after`, in the order
        each row was first touched; a row that ends as it began is left out."""
        folded: dict[tuple[str, str], RowChange] = {}
        for row in rows:
            key = (row.kind, row.key)
            first = folded.get(key)
            folded[key] = row if first is None else RowChange(row.kind, row.key, first.before,
                                                              row.after)
        return ChangeSet(tuple(r for r in folded.values() if r.before != r.after))

    def keys(self, kind: RowKind) -> list[str]:
        """The keys of the rows of `kind` this change set touches, in its order."""
        return [row.key for row in self.rows if row.kind == kind]

    def touches(self, kind: RowKind, key: str | None = None) -> bool:
        return any(row.kind == kind and (key is None or row.key == key) for row in self.rows)

    def apply(self, plan: Plan) -> Plan:
        """The plan with these rows written: only the dictionaries of touched kinds are
        copied, and every untouched row stays the same object."""
        tables: dict[str, dict] = {}
        settings = plan.settings
        for row in self.rows:
            if row.kind == RowKind.SETTINGS:
                settings = row.after
                continue
            attr = PLAN_TABLES[row.kind]
            table = tables.get(attr)
            if table is None:
                table = tables[attr] = dict(getattr(plan, attr))
            if row.after is None:
                table.pop(row.key, None)
            else:
                table[row.key] = row.after
        after = replace(plan, settings=settings, **tables)
        if plan._dependents is not None and all(
                row.kind != RowKind.CR or (row.before is not None and row.after is not None
                                     and row.before.depends_on == row.after.depends_on)
                for row in self.rows):
            after._dependents = plan._dependents  # nobody's dependencies changed
        return after

    def describe(self) -> str:
        """A short summary for logs and messages: "cr CR-1 changed, release R2 added"."""
        def what(row: RowChange) -> str:
            verb = "added" if row.before is None else "removed" if row.after is None else "changed"
            return f"{row.kind} {row.key} {verb}".replace("  ", " ")
        return ", ".join(what(r) for r in self.rows) or "nothing"


class ChangeSetBuilder:
    """Collects the rows an operation changes, against the plan it started from."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self._rows: list[RowChange] = []
        self._current: dict[tuple[str, str], object | None] = {}

    def current(self, kind: RowKind, key: str):
        """The row as this edit has left it so far (None: absent)."""
        if (kind, key) in self._current:
            return self._current[kind, key]
        return row_of(self.plan, kind, key)

    def put(self, kind: RowKind, key: str, after) -> None:
        """Add the row, or replace it with `after`."""
        before = self.current(kind, key)
        self._rows.append(RowChange(kind, key, before, after))
        self._current[kind, key] = after

    def remove(self, kind: RowKind, key: str) -> None:
        self.put(kind, key, None)

    def build(self) -> ChangeSet:
        return ChangeSet.of(self._rows)


def put(plan: Plan, kind: RowKind, key: str, after) -> ChangeSet:
    """The change set of one row added or replaced."""
    builder = ChangeSetBuilder(plan)
    builder.put(kind, key, after)
    return builder.build()


@dataclass(frozen=True, slots=True)
class Edited:
    """The outcome of an edit without more to say: the new plan and what changed."""

    plan: Plan
    changes: ChangeSet

    @staticmethod
    def of(plan: Plan, changes: ChangeSet) -> Edited:
        return Edited(changes.apply(plan), changes)
