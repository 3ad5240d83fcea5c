"""The decision summary: the first page of the PDF and HTML reports, for the people who sign a
release off without reading on. The verdict (in the report itself), the counts, the top risks
with what to do, each team's load against its capacity for this release, and the sign-off
lines. Every list is bounded so the page fits one sheet of A4 or Letter however big the plan.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from app.engine.bundle import candidates_by_release
from app.engine.capacity import loads_by_release
from app.engine.report import BundleReport
from app.engine.warnings import subject
from app.model.plan import Plan
from app.reports.model import Decision, Risk, TeamBar
from app.reports.sections import SIGNERS, team_name
from app.views.explain import WARNING_TITLES, advise_warning

RISKS = 5  # kinds of risk named on the page; the rest are counted
NAMED = 3  # subjects named per risk; the rest are counted
TEAMS = 12  # bars in the chart; the rest are counted
NAME_CHARS = 40  # a team or CR named on the page is cut to this many characters
# Which risks come first: what blocks the deployment, then what changes what ships.
RISK_ORDER = ("will-slip", "stale-base", "emergency", "over-capacity", "sla-risk",
              "send-before-go-live", "audience-overlap", "frequency-cap")


def clip(text: str, chars: int = NAME_CHARS) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def _named(names: list[str]) -> str:
    shown = ", ".join(clip(n) for n in names[:NAMED])
    return shown + (f" and {len(names) - NAMED:,} more" if len(names) > NAMED else "")


def decision_summary(plan: Plan, r: BundleReport, today: date, blockers: list[str]) -> Decision:
    counts = (("Ships", len(r.included)), ("Excluded", len(r.excluded)),
              ("Held back", len(r.held_back)), ("Conflicts", len(r.conflicts)),
              ("Warnings", len(r.warnings)), ("Changes", len(r.changes)))
    risks = []
    if r.conflicts:
        n = len(r.conflicts)
        risks.append(Risk("Conflict" + ("s" if n > 1 else ""),
                          f"{n:,} field{'s' if n > 1 else ''} set to different values: "
                          + _named([f"{c.item} {c.field}" for c in r.conflicts]),
                          "pick the value that wins in the bundle preview, or move the other "
                          "change requests to a later release"))
    by_code: dict[str, list[str]] = defaultdict(list)
    for w in r.warnings:
        about = team_name(plan, w.team) if w.code == "over-capacity" else subject(w)
        if about not in by_code[w.code]:
            by_code[w.code].append(about)
    example = {w.code: w for w in r.warnings}
    for code in RISK_ORDER:
        if by_code.get(code):
            risks.append(Risk(WARNING_TITLES[code], _named(by_code[code]),
                              advise_warning(example[code])))
    left = risks[RISKS:]
    more = (f"and {len(left)} more kind{'s' if len(left) > 1 else ''} of risk: "
            + ", ".join(x.title for x in left) + "; see Warnings") if left else ""
    loads, note = _loads(plan, r, today)
    return Decision(counts, tuple(risks[:RISKS]), more, loads, note, SIGNERS)


def _loads(plan: Plan, r: BundleReport, today: date) -> tuple[tuple[TeamBar, ...], str]:
    """Each team's open work up to this release against its capacity before the freeze, as
    the `over-capacity` warning counts it (app.engine.capacity): the teams over it first."""
    groups = candidates_by_release(plan)
    order = []
    for release in plan.planned_releases():
        order.append((release.key, [c.key for c in groups.get(release.key, ())]))
        if release.key == r.release:
            break
    found = loads_by_release(plan, today, order, last_only=True).get(r.release, [])
    busy = [t for t in found if t.load_hours > 0]
    busy.sort(key=lambda t: (-(t.load_hours - t.capacity_hours) if t.over else 1,
                             -t.load_hours, t.team))
    bars = tuple(TeamBar(clip(team_name(plan, t.team)), t.load_hours, t.capacity_hours)
                 for t in busy[:TEAMS])
    over = sum(1 for t in busy if t.over)
    note = ("Open work (neither ready nor on hold) in every planned release up to this one, "
            "against members x hours a day x working days until the freeze.")
    if r.frozen:
        note += " The release is frozen: no working days are left, so any open work is over."
    if len(busy) > TEAMS:
        note += (f" The {TEAMS} most loaded of {len(busy):,} teams with open work are shown; "
                 f"{over:,} in all are over capacity.")
    if not busy:
        note = "No team has open work up to this release: every change request is ready."
    return bars, note


def deployed_decision(counts: tuple[tuple[str, int], ...]) -> Decision:
    """A deployed release's front page: what shipped; no risks or capacity are left to weigh."""
    return Decision(counts, (), "", (), "The release has shipped: there is no capacity left "
                    "to weigh.", SIGNERS)
