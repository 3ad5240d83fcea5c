"""Small plans for rule tests, written the way SPEC.md talks about them.

Every plan goes through the real plan file validation, so a test can never build a plan the
product would refuse. Defaults: today Monday 2027-01-04; team T (1 member, 6 h/day); items OFR
(offer), EM (email using OFR) and PDF (pdf); releases R1 (go-live 2027-01-15) and R2
(2027-02-15), both with a 3-day freeze.
"""

from __future__ import annotations

from datetime import date

from app.domain import Plan
from app.plan_validation import build_plan

TODAY = date(2027, 1, 4)
_ABSENT = object()


def set_(item: str, field: str, to, frm=_ABSENT) -> dict:
    change = {"op": "set", "item": item, "field": field, "to": to}
    if frm is not _ABSENT:
        change["from"] = frm
    return change


def create(item: str, kind: str = "email", pack: str = "P", **attributes) -> dict:
    return {"op": "create", "item": item, "pack": pack, "kind": kind, "name": item,
            "attributes": attributes}


def retire(item: str) -> dict:
    return {"op": "retire", "item": item}


def cr(key: str, release: str | None = "R1", stage: str = "approved", *changes: dict,
       deps: tuple = (), team: str = "T", hours: float = 0, emergency: bool = False,
       justification: str = "") -> dict:
    return {"key": key, "title": f"Title of {key}", "team": team, "release": release,
            "stage": stage, "estimate_hours": hours, "emergency": emergency,
            "justification": justification, "depends_on": list(deps), "changes": list(changes)}


def release(key: str, go_live: str, freeze_days: int = 3, status: str = "planned") -> dict:
    return {"key": key, "name": f"Release {key}", "go_live": go_live,
            "freeze_days": freeze_days, "status": status}


DEFAULT_RELEASES = (release("R1", "2027-01-15"), release("R2", "2027-02-15"))


def plan(*crs: dict, releases=DEFAULT_RELEASES, items=None, teams=None,
         **settings) -> Plan:
    items = items if items is not None else [
        {"key": "OFR", "kind": "offer", "name": "Offer",
         "attributes": {"price": "10", "headline": "Hello"}},
        {"key": "EM", "kind": "email", "name": "Email", "attributes": {"subject": "Hi"},
         "uses": ["OFR"]},
        {"key": "PDF", "kind": "pdf", "name": "Sheet", "attributes": {}},
    ]
    return build_plan({
        "format": "release-plan/1",
        "settings": {"today": TODAY.isoformat(), **settings},
        "teams": teams or [{"key": "T", "name": "Team"}],
        "offer_packs": [{"key": "P", "name": "Pack", "items": items}],
        "releases": list(releases),
        "change_requests": list(crs),
    })
