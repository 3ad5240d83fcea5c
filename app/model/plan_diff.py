"""What differs between two whole plans, row by row, as a change set. Only for where two
documents really are compared (an import against what is stored, and tests checking that an
operation's change set names exactly what it changed); edits say what they change themselves
(app.model.change_set). Unchanged objects are skipped by identity first."""

from __future__ import annotations

from app.model.change_set import ROW_KINDS, ChangeSet, RowChange
from app.model.plan import Plan


def plan_diff(old: Plan, new: Plan) -> ChangeSet:
    out = []
    if old.settings != new.settings:
        out.append(RowChange("settings", "", old.settings, new.settings))
    for kind, attr in ROW_KINDS.items():
        before, after = getattr(old, attr), getattr(new, attr)
        if before is after:
            continue
        # Identity first, in one comprehension: at 100,000 CRs the loop is the commit's cost.
        get = before.get
        touched = [(key, obj) for key, obj in after.items() if get(key) is not obj]
        out.extend(RowChange(kind, key, before.get(key), obj) for key, obj in touched
                   if before.get(key) != obj)
        out.extend(RowChange(kind, key, before[key], None)
                   for key in sorted(before.keys() - after.keys()))
    return ChangeSet(tuple(out))
