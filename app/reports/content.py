"""The content of a release report, computed from the plan by the engine (SPEC.md section 2), in
the words of `app.views.explain`. Pure: the caller passes who generates it, from which database, and
for a deployed release what the audit log recorded of its deployment."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime

from app.engine.bundle import compute_bundles
from app.engine.report import BundleReport, bundle_report
from app.engine.warnings import subject
from app.model.errors import Refusal, RefusalCode
from app.model.plan import Plan, Target
from app.reports import sections as S
from app.reports.cells import long_date
from app.reports.communications import communications
from app.reports.decision import decision_summary
from app.reports.deployment import DeployRecord, deployed_report
from app.reports.fingerprint import bundle_fingerprint
from app.reports.model import CalendarEntry, ChangeLine, ReleaseReport, Section
from app.rules.freeze import freeze_start
from app.views.explain import (
    WARNING_TITLES,
    advise_warning,
    explain_dependency,
    explain_exclusion,
    explain_held_back,
    explain_warning,
    hours,
    stage_words,
)

TEAMS_NAMED = 8  # teams the summary names; more are counted


def build_report(plan: Plan, release: str, today: date, *, generated_by: str = "",
                 database: str = "", generated_at: datetime | None = None,
                 deployment: DeployRecord | None = None,
                 revisions: dict[str, int] | None = None,
                 plan_identity: str = "", front: tuple[Section, ...] = (),
                 front_note: str = "", scenario: str = "") -> ReleaseReport:
    """The report of a planned or deployed release; `Refusal` for an unknown or cancelled one.
    `deployment` is what the audit log recorded of a deployed release (None: not at hand);
    `revisions` and `plan_identity` are the calendar's (app.reports.calendar_identity); `front`
    are tables read before the rest (what changed since a sign-off or a baseline, issue 24),
    `front_note` their one line on the decision page. `scenario`: the report is of that
    scenario's plan, which its name says on every page."""
    r = plan.releases.get(release)
    if r is None:
        raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{release}"')
    if r.status == "cancelled":
        raise Refusal(RefusalCode.RELEASE_CLOSED, f'release "{release}" is cancelled: it ships nothing')
    name = f"{r.name} (Scenario: {scenario}, not the live plan)" if scenario else r.name
    header = {"release": release, "name": name, "go_live": r.go_live,
              "freeze_start": freeze_start(r.go_live, r.freeze_days),
              "freeze_days": r.freeze_days, "today": today,
              "generated_at": generated_at or datetime.now().astimezone(),
              "generated_by": generated_by, "database": database,
              "calendar": calendar_entries(plan, revisions or {}),
              "plan_identity": plan_identity}
    if r.status == "deployed":
        report = deployed_report(plan, header, deployment)
    else:
        report = _planned_report(plan, header, bundle_report(plan, release, today))
    if scenario:
        report = replace(report, scenario=scenario)
    if front_note and report.decision is not None:
        report = replace(report, decision=replace(report.decision, since=front_note))
    return replace(report, sections=(*front, *report.sections)) if front else report


def calendar_entries(plan: Plan, revisions: dict[str, int]) -> tuple[CalendarEntry, ...]:
    return tuple(CalendarEntry(r.key, r.name, r.go_live, freeze_start(r.go_live, r.freeze_days),
                               r.status, revisions.get(r.key, 0)) for r in plan.release_order())


def change_lines(plan: Plan, report: BundleReport) -> tuple[ChangeLine, ...]:
    names = _item_names(plan, report.included)
    crs = plan.crs
    return tuple(ChangeLine(c.cr, S.team_name(plan, crs[c.cr].team), c.op, c.item,
                            names.get(c.item, ""), c.field, c.before, c.after,
                            S.justification(crs[c.cr])) for c in report.changes)


def _item_names(plan: Plan, crs) -> dict[str, str]:
    """Item names from production, else from the create that makes the item."""
    names = {key: item.name for key, item in plan.items.items()}
    for key in crs:
        for ch in plan.crs[key].changes:
            if ch.op == "create":
                names.setdefault(ch.item, ch.name)
    return names


def _planned_report(plan: Plan, header: dict, r: BundleReport) -> ReleaseReport:
    crs = plan.crs
    key = r.release
    start = header["freeze_start"]
    state = f"frozen since {long_date(start)}" if r.frozen else \
        f"open, freeze starts {long_date(start)}"
    blockers = _blockers(plan, r)
    verdict = "Can be deployed: no conflicts, and it is the next release to go live." \
        if not blockers else "Cannot be deployed yet: " + "; ".join(blockers) + "."
    changes = change_lines(plan, r)
    facts = (
        ("Go-live", r.go_live), ("Freeze window", _freeze_text(header)),
        ("Status", f"planned, {state}"),
        ("Included change requests", len(r.included)),
        ("Estimated work included", S.hours_total(crs[k] for k in r.included)),
        ("Excluded change requests", len(r.excluded)),
        ("Held back (meant for later)", len(r.held_back)),
        ("Conflicts", len(r.conflicts)), ("Warnings", len(r.warnings)),
        ("Changes", len(changes)), ("Items changed", len({c.item for c in changes})),
        ("Teams", _teams_text(plan, r.included)),
        ("Can be deployed", "yes" if not blockers else "no"),
    )
    sections = (
        S.teams(plan, r.included, (e.cr for e in r.excluded)),
        S.conflicts(plan, r.conflicts),
        S.warnings(_warning_rows(plan, r.warnings)),
        communications(plan, r),
        S.cr_table("included", "Included change requests",
                   "What ships with this release: ready, and every dependency satisfied.",
                   plan, r.included, "Nothing ships with this release."),
        S.excluded(plan, [(e.cr, explain_exclusion(plan, e)) for e in r.excluded]),
        S.held_back(plan, [(h, explain_held_back(plan, h)) for h in r.held_back]),
        S.dependencies(plan, _dependency_rows(plan, key)),
        S.changes(changes, before_known=True),
        S.signoff(),
    )
    return ReleaseReport(status="planned", status_text=f"planned, {state}", verdict=verdict,
                         deployable=not blockers, facts=facts, sections=sections,
                         changes=changes, fingerprint=bundle_fingerprint(r),
                         decision=decision_summary(plan, r, header["today"], blockers),
                         **header)


def _warning_rows(plan: Plan, warnings) -> list[tuple[str, str, str, str]]:
    """The warnings in words. Teams with no time at all left before the freeze (capacity 0 h:
    a frozen release) are said once, in one row naming each with its load: one row per team
    filled 50 of the 60 printed rows of a frozen release with the same sentence."""
    idle = [w for w in warnings if w.code == "over-capacity" and not w.capacity_hours]
    rows = []
    for w in warnings:
        if len(idle) > 1 and w is idle[0]:
            loads = "; ".join(f"{S.team_name(plan, x.team)} {hours(x.load_hours)}" for x in idle)
            rows.append((WARNING_TITLES[w.code], f"{len(idle):,} teams",
                         f"No working time is left before the freeze (capacity 0 h), so the "
                         f"open work of {len(idle):,} teams up to this release cannot be done "
                         f"in time: {loads}", advise_warning(w)))
        elif not (len(idle) > 1 and w in idle):
            rows.append(_warning_row(plan, w))
    return rows


def _warning_row(plan: Plan, w) -> tuple[str, str, str, str]:
    """A warning in words; an emergency's with the justification the signer is to confirm."""
    about = S.team_name(plan, w.team) if w.code == "over-capacity" else subject(w)
    meaning = explain_warning(w)
    if w.code == "over-capacity":  # the team by its name, as everywhere in the report
        meaning = meaning.replace(f"team {w.team} ", f"{about} ", 1)
    if w.code == "emergency":
        meaning += f'. Justification: {S.justification(plan.crs[w.cr])}'
    return WARNING_TITLES[w.code], about, meaning, advise_warning(w)


def _freeze_text(header: dict) -> str:
    days = header["freeze_days"]
    if not days:
        return "none"
    return (f"{long_date(header['freeze_start'])} until go-live "
            f"({days} day{'s' if days != 1 else ''})")


def _teams_text(plan: Plan, included) -> str:
    counts = Counter(plan.crs[k].team for k in included)
    if len(counts) > TEAMS_NAMED:  # the Teams table lists them
        return f"{len(counts):,} teams (see Teams)"
    return ", ".join(f"{plan.teams[t].name} ({n})" for t, n in sorted(counts.items())) or "none"


def _blockers(plan: Plan, r: BundleReport) -> list[str]:
    """What `deploy` (SPEC.md section 3) would refuse today, every reason, not the first."""
    out = []
    first = plan.planned_releases()[0]
    if first.key != r.release:
        out.append(f"{first.key} goes live first and must be deployed before it")
    if r.conflicts:
        n = len(r.conflicts)
        out.append(f"{n} conflict{'s' if n != 1 else ''} to resolve ("
                   + ", ".join(f"{c.item} {c.field}" for c in r.conflicts[:5])
                   + (", ..." if n > 5 else "") + ")")
    return out


def _dependency_rows(plan: Plan, release: str) -> list[tuple]:
    """Every dependency of the release's candidates, and whether it is satisfied (SPEC.md
    section 2, step 3): deployed, in an earlier bundle, or in this one."""
    bundles = compute_bundles(plan, through=release)
    ships_in = {cr: b.release for b in bundles.values() for cr in b.included}
    rows = []
    for key in bundles[release].candidates:
        cr = plan.crs[key]
        for dep_key in sorted(cr.depends_on):
            dep = plan.crs[dep_key]
            by = "deployed" if dep.stage == "deployed" else ships_in.get(dep_key)
            rows.append((key, cr.title, dep_key, dep.title, stage_words(dep.stage),
                         str(Target.of(dep.release)),
                         explain_dependency(dep, by, release)))
    return rows
