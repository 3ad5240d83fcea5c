"""Real collisions among the CRs of one bundle (SPEC.md section 2, `conflicts`).

Field-level changes merge: two CRs that set different fields of one item, or the same field to
equal values, are no conflict. What cannot merge is reported with every CR involved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from app.model.plan import ChangeRequest, Scalar
from app.model.values import all_equal

CREATE_FIELD = "(create)"
RETIRE_FIELD = "(retire)"


@dataclass(frozen=True, slots=True)
class Conflict:
    item: str
    field: str  # a field name, "(create)" or "(retire)"
    values: dict[str, Scalar]  # CR key -> its value (or "create" / "retire" / "set"), key order


def find_conflicts(bundle: Iterable[ChangeRequest]) -> list[Conflict]:
    """Conflicts among `bundle`, by item then field."""
    sets: dict[tuple[str, str], dict[str, Scalar]] = defaultdict(dict)
    creators: dict[str, list[str]] = defaultdict(list)
    touch: dict[str, dict[str, str]] = defaultdict(dict)  # item -> CR -> "set" or "retire"
    for cr in sorted(bundle, key=lambda cr: cr.key):
        for ch in cr.changes:
            if ch.op == "set":
                sets[ch.item, ch.field][cr.key] = ch.to  # a later set of the same CR wins
                touch[ch.item].setdefault(cr.key, "set")
            elif ch.op == "create":
                if cr.key not in creators[ch.item]:
                    creators[ch.item].append(cr.key)
            else:
                touch[ch.item][cr.key] = "retire"  # a CR that sets and retires: "retire"
    conflicts = [Conflict(item, field, values)
                 for (item, field), values in sets.items()
                 if len(values) > 1 and not all_equal(values.values())]
    conflicts += [Conflict(item, CREATE_FIELD, dict.fromkeys(keys, "create"))
                  for item, keys in creators.items() if len(keys) > 1]
    conflicts += [Conflict(item, RETIRE_FIELD, by_cr)
                  for item, by_cr in touch.items()
                  if len(by_cr) > 1 and "retire" in by_cr.values()]
    conflicts.sort(key=lambda c: (c.item, c.field))
    return conflicts
