"""Stage sets shared by every rule: ready and open work (SPEC.md section 1).

They are sets of stages rather than functions because the engine asks them about every CR of
every release; a set lookup inline is several times cheaper than a call at 100,000 CRs.
"""

from __future__ import annotations

from app.model.plan import LINEAR_STAGES, STAGE_RANK, STAGES

ON_HOLD = "on_hold"


def ready_stages(ready_stage: str) -> frozenset[str]:
    """Stages at or past the ready stage; on hold and cancelled never are."""
    return frozenset(s for s in LINEAR_STAGES if STAGE_RANK[s] >= STAGE_RANK[ready_stage])


def open_work_stages(ready_stage: str) -> frozenset[str]:
    """Stages of work still being done: neither ready nor on hold (nor cancelled or deployed).
    The load of capacity and lead-time warnings."""
    return frozenset(STAGES) - ready_stages(ready_stage) - {ON_HOLD, "cancelled"}

