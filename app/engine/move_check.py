"""Would a move be refused, and why? Asked while a bar is dragged, before anything is written,
so the timeline can show a refused target as refused. The answer is `operations.schedule`'s
own: the same checks in the same order (`schedule_refusal`)."""

from __future__ import annotations

from datetime import date

from app.engine.operations import schedule_refusal
from app.model.errors import Refusal
from app.model.plan import BACKLOG, Plan


def move_refusal(plan: Plan, cr_key: str, target: str | None, today: date) -> Refusal | None:
    """The refusal that scheduling `cr_key` to `target` (None: the backlog) would raise, or
    None when the rules allow it (a move to where the CR already is is allowed: it stays)."""
    cr = plan.crs.get(cr_key)
    if cr is not None and cr.release == target:
        return None
    return schedule_refusal(plan, cr_key, target or BACKLOG, today)
