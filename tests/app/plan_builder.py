"""Small plans for rule tests, written the way SPEC.md talks about them.

`plan_doc(...)` returns a plan file document (SPEC.md section 4); `plan(...)` passes it through
the real plan file validation (`build_plan`), so a test can never build a plan the product would
refuse.

Defaults, chosen so that the numbers of a test can be worked out on a calendar:

- today: Monday 2027-01-04;
- team T: 1 member, 6 hours a day;
- pack P with items OFR (offer: price "10", headline "Hello"), EM (email using OFR: subject
  "Hi") and PDF (pdf, no attributes);
- releases R1 (go-live Friday 2027-01-15, freeze 3 days: frozen from Tuesday 2027-01-12) and
  R2 (go-live Monday 2027-02-15, freeze 3 days: frozen from Friday 2027-02-12).
  From today to R1's freeze start there are 6 working days (4, 5, 6, 7, 8, 11 January), to
  R2's there are 29.

A CR is written `cr(key, release, stage, *changes, ...)`; release None is the backlog.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib.resources import files

from app.model.plan import Plan
from app.plan_file.document import parse_plan
from app.plan_file.validation import build_plan

TODAY = date(2027, 1, 4)  # a Monday
GENERATED = datetime(2027, 2, 8, 9, 30).astimezone()  # when test reports say they were made
R1_FREEZE_START = date(2027, 1, 12)  # R1 is frozen from this day on

_ABSENT = object()


# ---- changes -----------------------------------------------------------------------------------

def set_(item: str, field: str, to, from_=_ABSENT) -> dict:
    """A `set`; without `from_` the change has no `from` (its base is not checked)."""
    change = {"op": "set", "item": item, "field": field, "to": to}
    if from_ is not _ABSENT:
        change["from"] = from_
    return change


def create(item: str, kind: str = "email", *, pack: str = "P", uses: tuple = (),
           **attributes) -> dict:
    return {"op": "create", "item": item, "pack": pack, "kind": kind, "name": f"New {item}",
            "attributes": attributes, "uses": list(uses)}


def retire(item: str) -> dict:
    return {"op": "retire", "item": item}


# ---- plan objects ------------------------------------------------------------------------------

def cr(key: str, release: str | None = "R1", stage: str = "approved", *changes: dict,
       deps: tuple = (), team: str = "T", hours: float = 0, emergency: bool = False,
       justification: str = "") -> dict:
    return {"key": key, "title": f"Title of {key}", "team": team, "release": release,
            "stage": stage, "estimate_hours": hours, "emergency": emergency,
            "justification": justification, "depends_on": list(deps), "changes": list(changes)}


def release(key: str, go_live: str, freeze_days: int = 3, status: str = "planned") -> dict:
    return {"key": key, "name": f"Release {key}", "go_live": go_live,
            "freeze_days": freeze_days, "status": status}


def item(key: str, kind: str, *, uses: tuple = (), status: str = "active", **attributes) -> dict:
    return {"key": key, "kind": kind, "name": f"Item {key}", "status": status,
            "attributes": attributes, "uses": list(uses)}


def team(key: str = "T", members: int = 1, hours_per_day: float = 6) -> dict:
    return {"key": key, "name": f"Team {key}", "members": members,
            "hours_per_day": hours_per_day}


R1 = release("R1", "2027-01-15")
R2 = release("R2", "2027-02-15")
R0_DEPLOYED = release("R0", "2026-12-01", status="deployed")
DEFAULT_RELEASES = (R1, R2)
DEFAULT_TEAMS = (team(),)
DEFAULT_ITEMS = (
    item("OFR", "offer", price="10", headline="Hello"),
    item("EM", "email", uses=("OFR",), subject="Hi"),
    item("PDF", "pdf"),
)


def plan_doc(*crs: dict, releases=DEFAULT_RELEASES, items=DEFAULT_ITEMS, teams=DEFAULT_TEAMS,
             **settings) -> dict:
    """A plan file document; keyword arguments other than the named ones are settings."""
    return {
        "format": "release-plan/1",
        "settings": {"today": TODAY.isoformat(), **settings},
        "teams": list(teams),
        "offer_packs": [{"key": "P", "name": "Pack", "items": list(items)}],
        "releases": list(releases),
        "change_requests": list(crs),
    }


def plan(*crs: dict, **kwargs) -> Plan:
    """The validated `Plan` of `plan_doc(*crs, **kwargs)`."""
    return build_plan(plan_doc(*crs, **kwargs))


def demo_plan() -> Plan:
    """The demo plan that ships in resources/ (today 2027-02-08; R-FEB frozen)."""
    return parse_plan(files("resources").joinpath("demo_plan.json").read_bytes())
