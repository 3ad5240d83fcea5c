"""The freeze window (SPEC.md sections 1 and 3): from `go_live - freeze_days` on, a planned
release takes no new work unless it is an emergency with a justification, and what it ships
changes only the same way. Moving work out is always allowed: that is how work slips."""

from __future__ import annotations

from datetime import date, timedelta

from app.model.errors import Refusal, RefusalCode
from app.model.plan import ChangeRequest, Plan, Release

# What a CR in a frozen release may still change without being an emergency: its place in the
# workflow, the emergency flag itself, and its release (moving out is how work slips).
FREEZE_FREE = frozenset({"stage", "emergency", "justification", "release"})
CR_FIELDS = ("title", "team", "stage", "release", "estimate_hours", "priority", "emergency",
             "justification", "depends_on", "changes")


def freeze_start(go_live: date, freeze_days: int) -> date:
    """`freeze_start(R) = go_live(R) - freeze_days(R)` calendar days."""
    return go_live - timedelta(days=freeze_days)


def is_frozen(release: Release, today: date) -> bool:
    return release.status == "planned" and today >= freeze_start(release.go_live,
                                                                 release.freeze_days)


def is_emergency(cr: ChangeRequest) -> bool:
    """Flagged as an emergency with a justification: what may still join a frozen release."""
    return cr.emergency and bool(cr.justification.strip())


def join_refusal(release: Release, cr: ChangeRequest, today: date) -> Refusal | None:
    """Why `cr` may not join `release` now (None: it may)."""
    if not is_frozen(release, today) or is_emergency(cr):
        return None
    return Refusal(RefusalCode.FROZEN, f'release "{release.key}" is frozen since '
                   f"{freeze_start(release.go_live, release.freeze_days).isoformat()}: only "
                   "an emergency with a justification may still join it")


def changed_fields(old: ChangeRequest, new: ChangeRequest) -> list[str]:
    return [f for f in CR_FIELDS if getattr(old, f) != getattr(new, f)]


def content_refusal(plan: Plan, old: ChangeRequest, new: ChangeRequest,
                    today: date) -> Refusal | None:
    """Why `new` may not replace `old` (None: it may): what ships in a frozen release (title,
    team, estimate, priority, dependencies, changes) changes only for an emergency."""
    edited = set(changed_fields(old, new)) - FREEZE_FREE
    release = plan.releases.get(new.release) if new.release else None
    if not edited or release is None or not is_frozen(release, today) or is_emergency(new):
        return None
    return Refusal(RefusalCode.FROZEN, f"release {release.key} is frozen since "
                   f"{freeze_start(release.go_live, release.freeze_days).isoformat()}: its "
                   "work changes only as an emergency with a justification (you changed "
                   f"{', '.join(sorted(edited)).replace('_', ' ')})")


def check_content(plan: Plan, old: ChangeRequest, new: ChangeRequest, today: date) -> None:
    """Raise `content_refusal`'s refusal, if there is one."""
    refusal = content_refusal(plan, old, new, today)
    if refusal is not None:
        raise refusal
