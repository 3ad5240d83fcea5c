"""Plain words for the engine's reasons and warnings: one place, shared by the command line,
the desktop client and the reports, so every surface says the same thing."""

from __future__ import annotations

import json
from datetime import date

from app.engine.bundle import Exclusion
from app.engine.warnings import Warning
from app.model.plan import Plan


def show(value) -> str:
    """A JSON value as a planner reads it: strings quoted, null as 'empty'."""
    return "empty" if value is None else json.dumps(value, ensure_ascii=False)


def hours(value: float) -> str:
    return f"{value:g} h"


def load_figure(value: float) -> str:
    """A load or capacity in hours, as the capacity views print it: whole hours with
    thousands marked from 10 h, else as it is ("1,240", "7.5")."""
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:g}"


def long_date(d: date, year: bool = True) -> str:
    """`Thu 11 Feb 2027` (or `Thu 11 Feb`): the one way every surface writes a day, unambiguous
    on both sides of the Atlantic, the day of the month without a leading zero."""
    return f"{d:%a} {d.day} {d:%b}" + (f" {d:%Y}" if year else "")


def stage_words(stage: str) -> str:
    """A stage as a reader says it: `on hold`, never `on_hold`."""
    return stage.replace("_", " ")


def explain_exclusion(plan: Plan, e: Exclusion) -> str:
    if e.reason == "on-hold":
        return "on hold"
    if e.reason == "not-ready":
        return (f"not ready: still in {stage_words(e.detail)} (ships from "
                f"{stage_words(plan.settings.ready_stage)})")
    dep = plan.crs.get(e.detail)
    if dep is None:
        return f"waiting for {e.detail}"
    where = f"targeted to {dep.release}" if dep.release else "not scheduled"
    return f"waiting for {e.detail}, which is in {stage_words(dep.stage)}, {where}"


def explain_warning(w: Warning, plan: Plan | None = None) -> str:
    """A warning in words; with `plan`, a team is named by its name, not its key."""
    code = w.code
    if code == "stale-base":
        return (f"{w.cr} changes {w.item}.{w.field} from {show(w.recorded)}, but before this "
                f"release it is {show(w.expected)}: review the change against the new value")
    if code == "will-slip":
        return f"{w.cr} is not in the bundle and the release is frozen: it will slip"
    if code == "sla-risk":
        return (f"{w.cr} needs {w.need_days} working days of lead time, only "
                f"{w.available_days} left before the freeze")
    if code == "over-capacity":
        team = plan.teams[w.team].name if plan is not None and w.team in plan.teams else w.team
        return (f"team {team} has {hours(w.load_hours)} of open work up to this release, "
                f"capacity {hours(w.capacity_hours)} before the freeze")
    if code == "emergency":
        return f"{w.cr} is an emergency change"
    return explain_send_warning(w)


def explain_send_warning(w: Warning) -> str:
    """The send calendar's warnings (SPEC.md section 6)."""
    if w.code == "audience-overlap":
        (a, b), (da, db) = w.items, w.dates
        apart = "on the same day" if w.gap_days == 0 else \
            f"{w.gap_days} day{'s' if w.gap_days != 1 else ''} apart"
        return (f"audience \"{w.audience}\" gets {a} on {long_date(da, year=False)} and {b} "
                f"on {long_date(db, year=False)}, {apart}")
    if w.code == "frequency-cap":
        return (f"audience \"{w.audience}\" gets {w.count} sends in week {w.week} "
                f"({', '.join(w.items)}), more than the cap of {w.cap}")
    return (f"{w.item} goes out on {long_date(w.send_date)}, before this release goes live "
            f"on {long_date(w.go_live)}: it would announce what is not live yet")


WARNING_TITLES = {"stale-base": "Stale base", "will-slip": "Will slip",
                  "sla-risk": "Lead time at risk", "over-capacity": "Over capacity",
                  "emergency": "Emergency", "audience-overlap": "Audience hit twice",
                  "frequency-cap": "Too many sends a week",
                  "send-before-go-live": "Send before go-live"}


def explain_held_back(plan: Plan, h) -> str:
    """Why held-back work (SPEC.md section 2, `held_back`) stays out of this release."""
    where = f"meant for {h.target}" if h.target else "not scheduled"
    return (f"{where}; in {stage_words(h.stage)}, at or past "
            f"{stage_words(plan.settings.legacy_stage)}, so a stage-only rule would ship it now")


def explain_dependency(dep, satisfied_by: str | None, release: str) -> str:
    """Whether a dependency is satisfied (SPEC.md section 2, step 3): `satisfied_by` is
    "deployed", the key of the planned release whose bundle ships it, or None."""
    if satisfied_by == "deployed":
        return "satisfied: already deployed"
    if satisfied_by == release:
        return "satisfied: ships in this release"
    if satisfied_by:
        return f"satisfied: ships earlier, in {satisfied_by}"
    where = f"targeted to {dep.release}" if dep.release else "not scheduled"
    return f"not satisfied: {dep.key} is in {stage_words(dep.stage)}, {where}"


# What a planner does about each warning, said once for the preview, the editor and reports.
WARNING_ADVICE = {
    "stale-base": "open the CR, check its new value against the current one, then take the "
                  "current value as its base",
    "will-slip": "it moves to the next release when this one deploys; only an emergency with a "
                 "justification can still ship now",
    "sla-risk": "start it now, cut its scope, or move it to a later release",
    "over-capacity": "move some of the team's work to a later release, or add people",
    "emergency": "confirm the justification with the release owner before go-live",
    "audience-overlap": "move one of the two sends to another day (drag it in the "
                        "communications view), or send them as one message",
    "frequency-cap": "move a send to another week, or drop the least important one",
    "send-before-go-live": "move the send to the go-live day or later, or ship it with "
                           "an earlier release together with what it announces",
}


def advise_warning(w: Warning) -> str:
    return WARNING_ADVICE[w.code]
