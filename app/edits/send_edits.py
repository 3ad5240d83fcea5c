"""Moving a send to another day by editing the change request that sets its date: the last `set
send_date` of the item in that CR, or the `send_date` its `create` gives. Pure: the desktop's
drag builds the edited CR here and saves it like the CR editor does."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.model.plan import ChangeRequest


def date_change_index(cr: ChangeRequest, item: str) -> int | None:
    """Index of the change of `cr` that decides `item`'s send date (the last one), or None."""
    found = None
    for i, ch in enumerate(cr.changes):
        if ch.item != item:
            continue
        if (ch.op == "set" and ch.field == "send_date") or \
                (ch.op == "create" and "send_date" in ch.attributes):
            found = i
    return found


def with_send_date(cr: ChangeRequest, item: str, day: date) -> ChangeRequest:
    """`cr` with `item`'s send date set to `day`; ValueError when `cr` does not set it."""
    index = date_change_index(cr, item)
    if index is None:
        raise ValueError(f"{cr.key} does not set the send date of {item}")
    ch = cr.changes[index]
    if ch.op == "set":
        new = replace(ch, to=day.isoformat())
    else:
        new = replace(ch, attributes={**ch.attributes, "send_date": day.isoformat()})
    changes = list(cr.changes)
    changes[index] = new
    return replace(cr, changes=tuple(changes))
