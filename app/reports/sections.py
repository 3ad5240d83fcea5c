"""The tables of a release report: their columns, intros and rows. Shared by planned and
deployed releases so that a CR reads the same in every table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from app.engine.conflicts import Conflict
from app.model.plan import LINEAR_STAGES, STAGES, ChangeRequest, Plan, Target
from app.reports.model import (
    COUNT,
    DATE,
    FLAG,
    HOURS,
    PRINT_ROWS,
    VALUE,
    ChangeLine,
    Column,
    Hours,
    Section,
)
from app.views.explain import stage_words

KEY = Column("Key", width=0.9)
TITLE = Column("Title", width=2.6)
TEAM = Column("Team", width=1.1)
STAGE = Column("Stage", width=0.8)
SIGNERS = ("Release planner", "Marketing lead", "Legal and compliance", "Operations")
OVERVIEW_ROWS = 25  # releases in the held-back counts before they too are left to the XLSX
FIRST_HELD_BACK = 20  # held-back CRs listed after their counts: examples, not the list


def hours_total(crs: Iterable[ChangeRequest]) -> Hours:
    return Hours(sum(cr.estimate_hours for cr in crs))


def justification(cr: ChangeRequest) -> str:
    """What the signer is asked to confirm for an emergency; empty for other work."""
    if not cr.emergency:
        return ""
    return cr.justification.strip() or "(no justification given)"


def _team(plan: Plan, cr: ChangeRequest) -> str:
    return team_name(plan, cr.team)


def team_name(plan: Plan, key: str) -> str:
    """Teams are named, never keyed, in every table and format."""
    team = plan.teams.get(key)
    return team.name if team else key


def _stage(stage: str) -> str:
    return stage_words(stage)


def cr_table(key: str, title: str, intro: str, plan: Plan, keys: Iterable[str],
             empty: str) -> Section:
    columns = (KEY, Column("Title", width=2.1), TEAM, STAGE, Column("Estimate", HOURS, 0.8),
               Column("Emergency", FLAG, 0.9), Column("Justification", width=1.8))
    rows = [(cr.key, cr.title, _team(plan, cr), _stage(cr.stage), cr.estimate_hours,
             cr.emergency, justification(cr)) for cr in (plan.crs[k] for k in keys)]
    return Section(key, title, intro, columns, rows, empty)


def teams(plan: Plan, included: Iterable[str], excluded: Iterable[str] | None,
          words: tuple[str, str] = ("Included", "Excluded")) -> Section:
    """Each team's work; `excluded` None: not known (a deployed release without its audit
    log), so the table has no column for it rather than a column of zeros."""
    ins, outs = Counter(), Counter()
    work: Counter = Counter()
    for k in included:
        ins[plan.crs[k].team] += 1
        work[plan.crs[k].team] += plan.crs[k].estimate_hours
    for k in excluded or ():
        outs[plan.crs[k].team] += 1
    known = excluded is not None
    rows = [(t.name, ins[t.key], *((outs[t.key],) if known else ()), work[t.key])
            for t in plan.teams.values() if ins[t.key] or outs[t.key]]
    return Section("teams", "Teams", "Each team's work in this release.",
                   (Column("Team", width=2), Column(words[0], COUNT, 0.8),
                    *((Column(words[1], COUNT, 0.8),) if known else ()),
                    Column(f"Estimate {words[0].lower()}", HOURS, 1.2)),
                   rows, "No team has work in this release.")


def conflicts(plan: Plan, found: Iterable[Conflict]) -> Section:
    found = list(found)
    rows = [(f"{c.item} {c.field}", cr, _team(plan, plan.crs[cr]), value)
            for c in found for cr, value in c.values.items()]
    return Section("conflicts", "Conflicts",
                   "Change requests that set one field to different values, or create or "
                   "retire one item twice. A release with a conflict cannot be deployed.",
                   (Column("Item and field", width=1.6), KEY, TEAM, Column("Value", VALUE, 2.4)),
                   rows, "No conflicts: every change merges.", group=1,
                   count=len({(c.item, c.field) for c in found}))


def warnings(rows: list[tuple[str, str, str, str]]) -> Section:
    kinds = Counter(row[0] for row in rows)
    overview = None
    if len(rows) > PRINT_ROWS:
        overview = Section("warnings_by_kind", "Warnings by kind", "How many of each kind.",
                           (Column("Warning", width=1.5), Column("How many", COUNT, 0.8)),
                           sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])), "")
    return Section("warnings", "Warnings", "What needs a look before go-live, and what to do.",
                   (Column("Warning", width=1.15), Column("About", width=0.7),
                    Column("What it means", width=3.0), Column("What to do", width=2.2)),
                   rows, "No warnings.", overview=overview)


def excluded(plan: Plan, reasons: list[tuple[str, str]]) -> Section:
    rows = []
    for cr, why in ((plan.crs[k], why) for k, why in reasons):
        if cr.emergency:
            why += f". Emergency, justified as: {justification(cr)}"
        rows.append((cr.key, cr.title, _team(plan, cr), _stage(cr.stage), why))
    return Section("excluded", "Excluded change requests",
                   "Targeted to this release but not shipping with it, and why.",
                   (KEY, Column("Title", width=2.0), TEAM, STAGE, Column("Reason", width=2.4)),
                   rows, "Everything targeted to this release ships.",
                   overview=_by_stage("excluded_by_stage", "Excluded by stage",
                                      (plan.crs[k] for k, _why in reasons)))


def _by_stage(key: str, title: str, crs: Iterable[ChangeRequest]) -> Section | None:
    """How many CRs of a long list are in each stage: what the printed list stands for."""
    counts = Counter(cr.stage for cr in crs)
    if sum(counts.values()) <= PRINT_ROWS:
        return None
    rows = [(_stage(stage), counts[stage]) for stage in STAGES if counts[stage]]
    return Section(key, title, "How many in each stage.",
                   (Column("Stage", width=1.2), Column("How many", COUNT, 0.8)), rows, "")


def held_back(plan: Plan, entries: list) -> Section:
    rows = []
    by_target: dict[str | None, Counter] = {}
    for h, why in entries:
        by_target.setdefault(h.target, Counter())[h.stage] += 1
        cr = plan.crs[h.cr]
        target = plan.releases.get(h.target) if h.target else None
        rows.append((cr.key, cr.title, _team(plan, cr), _stage(h.stage), str(Target.of(h.target)),
                     target.go_live if target else None, why))
    return Section("held_back", "Held back",
                   "Work a stage-only rule would have swept into this release by mistake; "
                   "it stays out because it is meant for later.",
                   (KEY, Column("Title", width=1.8), TEAM, STAGE, Column("Meant for", width=0.8),
                    Column("Its go-live", DATE, 1.0), Column("Why it stays out", width=2.2)),
                   rows, "No work is held back.", wide=True,
                   print_limit=FIRST_HELD_BACK if len(rows) > PRINT_ROWS else PRINT_ROWS,
                   overview=_held_back_counts(plan, by_target) if rows else None)


def _held_back_counts(plan: Plan, by_target: dict[str | None, Counter]) -> Section:
    """Held-back work per release it is meant for and per stage, nearest release first."""
    stages = [s for s in (*LINEAR_STAGES, "on_hold")
              if any(counts[s] for counts in by_target.values())]

    def go_live(target):
        release = plan.releases.get(target) if target else None
        return release.go_live if release else None

    order = sorted(by_target, key=lambda t: (go_live(t) is None, go_live(t) or 0, t or ""))
    rows = [(str(Target.of(target)), go_live(target), *(by_target[target][s] for s in stages),
             sum(by_target[target].values())) for target in order]
    return Section("held_back_by_release", "Held back by release",
                   "How much work meant for each later release is held back, by stage.",
                   (Column("Meant for", width=1.0), Column("Its go-live", DATE, 1.1),
                    *(Column(_stage(s), COUNT, 0.7) for s in stages), Column("Total", COUNT, 0.7)),
                   rows, "", print_limit=OVERVIEW_ROWS)


def dependencies(plan: Plan, rows: list[tuple]) -> Section:
    return Section("dependencies", "Dependencies",
                   "What the work of this release waits for, and whether it is there in time.",
                   (KEY, Column("Title", width=1.6), Column("Depends on", width=0.9),
                    Column("Its title", width=1.6), Column("Its stage", width=0.8),
                    Column("Its release", width=0.8), Column("Status", width=2.0)),
                   rows, "No change request of this release depends on other work.", wide=True)


def changes(lines: tuple[ChangeLine, ...], before_known: bool) -> Section:
    """The changes grouped by item (items in key order, each item's changes in release order),
    with the value before the release and after it."""
    ordered = sorted(lines, key=lambda c: c.item)  # stable: keeps the engine's order per item
    what = {"create": "(created)", "retire": "(retired)"}
    rows = [(c.item, c.item_name, c.field if c.field is not None else what[c.op],
             *((c.before,) if before_known else ()), c.after, c.cr, c.team) for c in ordered]
    before = (Column("Before", VALUE, 2.0),) if before_known else ()
    intro = ("Every field this release changes, by item: the value before the release and "
             "after it. For a created or retired item, its status.")
    if not before_known:
        intro += " The values before the deployment were not recorded where this report was made."
    return Section("changes", "Changes by item", intro,
                   (Column("Item", width=1.0), Column("Item name", width=1.5),
                    Column("Field", width=1.1), *before, Column("After", VALUE, 2.0), KEY,
                    Column("Team", width=1.0)),
                   rows, "This release changes nothing.", group=2, wide=True,
                   also_in=" and the CSV report")


DECISIONS = "Approve / Approve with conditions / Reject"


def signoff() -> Section:
    """The sign-off lines: the decision page's in the PDF and HTML, a sheet in the XLSX."""
    return Section("signoff", "Sign-off", "Signed by those who approve this release: circle "
                   "one decision, and write any conditions.",
                   (Column("Role", width=1.5), Column("Name", width=1.8),
                    Column("Decision", width=2.2), Column("Conditions", width=2.2),
                    Column("Date", width=1.0), Column("Signature", width=1.8)),
                   [(role, "", DECISIONS, "", "", "") for role in SIGNERS], "", signoff=True)
