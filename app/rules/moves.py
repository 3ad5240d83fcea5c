"""Whether a change request may move to a target (SPEC.md section 3's refusals of `schedule`,
in SPEC.md's order), and which CRs of a selection a move would move at all. The command line,
a drag's note on every view, the drop and a bulk move all ask here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.model.errors import Refusal, RefusalCode
from app.model.plan import CLOSED_STAGES, Plan, Target
from app.rules.freeze import join_refusal


def schedule_refusal(plan: Plan, cr_key: str, target: Target, today: date) -> Refusal | None:
    """Why `schedule` refuses to move the CR to `target` (None: it may). Cheap at any plan
    size: a drag and a bulk move ask it for every CR they carry."""
    cr = plan.crs.get(cr_key)
    if cr is None:
        return Refusal(RefusalCode.UNKNOWN_CR, f'there is no change request "{cr_key}"')
    release = None if target.is_backlog else plan.releases.get(target.release)
    if not target.is_backlog and release is None:
        return Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{target}"')
    if cr.stage in CLOSED_STAGES:
        return Refusal(RefusalCode.CR_CLOSED,
                       f"{cr_key} is {cr.stage} and can no longer be scheduled")
    if release is not None and release.status != "planned":
        return Refusal(RefusalCode.RELEASE_CLOSED, f'release "{target}" is {release.status}')
    if release is not None and not target.holds(cr):
        return join_refusal(release, cr, today)
    return None


def to_move(plan: Plan, keys: Iterable[str], target: Target) -> list[str]:
    """The CRs of `keys` (once each, in order) that are in the plan and not at `target`
    already: what a move of them moves. A CR already there is no move and never refused."""
    crs = plan.crs
    return [k for k in dict.fromkeys(keys) if k in crs and not target.holds(crs[k])]


def move_refusal(plan: Plan, cr_key: str, target: Target, today: date) -> Refusal | None:
    """As `schedule_refusal`, but a CR that is at `target` already stays and is not refused."""
    cr = plan.crs.get(cr_key)
    if cr is not None and target.holds(cr):
        return None
    return schedule_refusal(plan, cr_key, target, today)
