"""Stage predicates shared by every rule: ready, candidate, held back (SPEC.md section 1)."""

from __future__ import annotations

from app.domain import CLOSED_STAGES, STAGE_RANK, ChangeRequest

ON_HOLD = "on_hold"


def is_ready(stage: str, ready_stage: str) -> bool:
    """At or past the ready stage; never on hold or cancelled (they have no rank)."""
    return STAGE_RANK.get(stage, -1) >= STAGE_RANK[ready_stage]


def is_candidate(cr: ChangeRequest) -> bool:
    """Targeted work still to ship: neither deployed nor cancelled."""
    return cr.release is not None and cr.stage not in CLOSED_STAGES


def is_open_work(cr: ChangeRequest, ready_stage: str) -> bool:
    """Work still being done: neither ready nor on hold (the load of capacity and lead times)."""
    return cr.stage != ON_HOLD and not is_ready(cr.stage, ready_stage)
