"""The rules a change set must meet when it is applied as such: undo (its inverse) and redo.

Undo is a compensating edit, not a replay of the forward use case under the forward rules: it
puts rows back as they were. It is still checked, here and by the store's version check, so
that it never writes a plan the rules would refuse:
- every row it touches must be as the edit left it (someone else's newer edit is refused, not
  overwritten);
- the rows it writes must hold together: a CR's team, release and dependencies exist, its
  release is planned, no dependency cycle, nothing depends on a CR it removes;
- what ships in a frozen release changes only as an emergency with a justification, as in the
  CR editor; but undo may put a CR back into the frozen release it was moved out of: that
  restores the scope that was approved (the audit records it as an undo). Redo follows the
  forward rule: it does not move work into a frozen release.
"""

from __future__ import annotations

from datetime import date

from app.model.change_set import ChangeSet, RowChange, row_of
from app.model.errors import Refusal, RefusalCode
from app.model.plan import ChangeRequest, Plan
from app.model.row_kinds import NOUNS
from app.rules.freeze import check_content, join_refusal
from app.rules.graph import DependsOn, cycle_if_added


def check_change_set(plan: Plan, changes: ChangeSet, today: date, restoring: bool) -> None:
    """Refuse `changes` (raise Refusal) unless it may be applied to `plan` now. `restoring`:
    it is an undo, putting rows back as they were before an edit."""
    for row in changes:
        _check_unchanged(plan, row)
    after = changes.apply(plan)
    for row in changes:
        if row.kind in _REFERENCED and row.after is None:
            _check_unreferenced(after, row.kind, row.key)
        if row.kind != "cr":
            continue
        if row.after is None:
            _check_removable(after, row.key)
        else:
            _check_cr(plan, after, row, today, restoring)


def _check_unchanged(plan: Plan, row: RowChange) -> None:
    if row_of(plan, row.kind, row.key) != row.before:
        what = f"{NOUNS[row.kind]} {row.key}".strip()
        raise Refusal(RefusalCode.CHANGED_SINCE, f"{what} has changed since (another edit, perhaps "
                                       "by someone else); it was left as it is now")


# What a removed team, release, offer pack or item may still be named by (undoing its creation).
_REFERENCED = ("team", "release", "pack", "item")


def _check_unreferenced(after: Plan, kind: str, key: str) -> None:
    if kind == "team":
        users = [k for k, cr in after.crs.items() if cr.team == key]
    elif kind == "release":
        users = [k for k, cr in after.crs.items() if cr.release == key]
    elif kind == "pack":
        users = [k for k, it in after.items.items() if it.pack == key]
        users += [k for k, cr in after.crs.items()
                  if any(ch.op == "create" and ch.pack == key for ch in cr.changes)]
    else:
        users = [k for k, it in after.items.items() if key in it.uses]
        users += [k for k, cr in after.crs.items() if any(ch.item == key for ch in cr.changes)]
    if users:
        shown = ", ".join(sorted(users)[:5]) + (" and more" if len(users) > 5 else "")
        raise Refusal(RefusalCode.IN_USE, f"{NOUNS[kind]} {key} is in use now ({shown}); it was left "
                                "as it is")


def _check_removable(after: Plan, key: str) -> None:
    dependents = sorted(after.dependents().get(key, ()))
    if dependents:
        raise Refusal(RefusalCode.HAS_DEPENDENTS, f"{', '.join(dependents)} now depend on {key}")


def _check_cr(plan: Plan, after: Plan, row: RowChange, today: date, restoring: bool) -> None:
    cr: ChangeRequest = row.after
    old: ChangeRequest | None = row.before
    if cr.team not in after.teams:
        raise Refusal(RefusalCode.UNKNOWN_TEAM, f'{cr.key}: team "{cr.team}" no longer exists')
    release = after.releases.get(cr.release) if cr.release else None
    if cr.release is not None and release is None:
        raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'{cr.key}: release "{cr.release}" no longer exists')
    if release is not None and release.status != "planned" and cr.stage != "deployed":
        raise Refusal(RefusalCode.RELEASE_CLOSED, f'{cr.key}: release "{cr.release}" is {release.status}')
    missing = [d for d in cr.depends_on if d not in after.crs]
    if missing:
        raise Refusal(RefusalCode.UNKNOWN_CR, f'{cr.key}: "{missing[0]}" no longer exists')
    if old is None or old.depends_on != cr.depends_on:
        others = DependsOn(after.crs, {cr.key: ()})
        for dep in cr.depends_on:
            cycle = cycle_if_added(others, cr.key, dep)
            if cycle is not None:
                raise Refusal(RefusalCode.DEPENDENCY_CYCLE, "that would close a dependency cycle: "
                              + " -> ".join(cycle))
    joins = release is not None and (old is None or old.release != cr.release)
    if joins and not restoring:
        refusal = join_refusal(release, cr, today)
        if refusal is not None:
            raise refusal
    if old is not None and not joins:
        check_content(after, old, cr, today)
