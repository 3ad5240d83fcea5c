"""A scenario's report, held against the live plan (issue 22): one table of what differs for
the release, from `scenario diff live SCENARIO --release R` (app.scenarios.diff, the one home
of the diff): the go-live if it differs, the CRs that ship only in the scenario or only in
live, those excluded for another reason, and the CRs moved into or out of the release. A plain
section of the report model, so every format (PDF, HTML, XLSX) writes it as it writes the
rest, before the other tables."""

from __future__ import annotations

from datetime import date

from app.model.plan import Plan
from app.reports.model import Column, Section
from app.scenarios.diff import diff_plans
from app.views.explain import long_date

_COLUMNS = (Column("What", width=1.4), Column("CR", width=1.1), Column("Detail", width=4.5))
_REASONS = {"on-hold": "on hold", "not-ready": "not ready",
            "blocked-by-dependency": "blocked by a dependency"}


def _reason(code: str | None) -> str:
    """A candidate's reason (None: it ships; a CR not a candidate on one side is a move)."""
    return "ships" if code is None else f"excluded: {_REASONS.get(code, code)}"


def _title(plan: Plan, cr: str) -> str:
    found = plan.crs.get(cr)
    return found.title if found is not None else "(not in this plan)"


def _where(release: str | None) -> str:
    return release or "the backlog"


def live_diff_section(live: Plan, scenario: Plan, release: str, today: date,
                      name: str) -> Section:
    """What `release` ships differently in scenario `name` than in live."""
    doc = diff_plans(live, scenario, today, release)
    rows: list[tuple] = []
    entry = doc["releases"][0] if doc["releases"] else None
    moved = {m["cr"]: m for m in doc["moved"] if release in (m["a"], m["b"])}
    listed: set[str] = set()
    if entry is not None:
        then, now = entry["go_live"]["a"], entry["go_live"]["b"]
        if then != now:
            rows.append(("Go-live", "", f"{_day(now)} in the scenario, {_day(then)} in live"))
        listed = {*entry["ships_only_in_a"], *entry["ships_only_in_b"]}
        why = {e["cr"]: e for e in entry["excluded_reason_changed"]}
        for cr in entry["ships_only_in_b"]:
            rows.append(("Ships only in the scenario", cr, _title(scenario, cr)
                         + _from(moved.get(cr), "a", "in live")
                         + _why(why.get(cr), "a", "in live")))
        for cr in entry["ships_only_in_a"]:
            rows.append(("Ships only in live", cr, _title(live, cr)
                         + _from(moved.get(cr), "b", "in the scenario")
                         + _why(why.get(cr), "b", "in the scenario")))
        for e in entry["excluded_reason_changed"]:
            if e["cr"] in moved or e["cr"] in listed:  # said above, or as a move below
                continue
            rows.append(("Reason changed", e["cr"], f"{_title(scenario, e['cr'])}: "
                         f"{_reason(e['b'])} in the scenario, {_reason(e['a'])} in live"))
    for m in moved.values():
        if m["cr"] not in listed:
            into = m["b"] == release
            rows.append(("Moved " + ("in" if into else "out"), m["cr"],
                         f"{_title(scenario, m['cr'])}: {_where(m['b'])} in the scenario, "
                         f"{_where(m['a'])} in live"))
    return Section("scenario-vs-live", "Differences from the live plan",
                   f"What {release} ships in scenario {name} and does not in the live plan, "
                   "and the other way round (`release-planner scenario diff live "
                   f"\"{name}\" --release {release}` says the same).",
                   _COLUMNS, rows, f"{release} ships the same in scenario {name} as in live.")


def _day(iso: str | None) -> str:
    return long_date(date.fromisoformat(iso)) if iso else "not planned"


def _from(m: dict | None, side: str, words: str) -> str:
    return f" (in {_where(m[side])} {words})" if m is not None else ""


def _why(e: dict | None, side: str, words: str) -> str:
    return f" ({_reason(e[side])} {words})" if e is not None and e[side] is not None else ""
