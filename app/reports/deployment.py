"""The report of a deployed release: what shipped, and what slipped.

A deployed release's bundle is gone from the plan (its CRs are `deployed`, the others moved on),
so what slipped and the values before the deployment come from the audit log: `deploy R`
records each row it changed with its JSON document before and after (storage/store.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.edits.store_port import PlanStore
from app.model.plan import Plan, Target
from app.reports import sections as S
from app.reports.cells import long_date, timestamp
from app.reports.communications import deployed_communications
from app.reports.decision import deployed_decision
from app.reports.fingerprint import fingerprint
from app.reports.model import DATE, ChangeLine, Column, ReleaseReport, Section
from app.views.explain import stage_words


@dataclass(frozen=True)
class Slip:
    cr: str
    title: str
    team: str
    stage: str  # at the deployment
    moved_to: str | None  # None: the backlog


@dataclass(frozen=True)
class DeployRecord:
    at: datetime | None
    by: str
    slipped: tuple[Slip, ...] = ()
    items_before: dict[str, dict | None] = field(default_factory=dict)  # None: created by it


def deploy_action(release: str) -> str:
    """The audit log's action of a deployment (app.edits.service.PlanService.deploy)."""
    return f"deploy {release}"


def deploy_record(audit_rows: list[dict], release: str) -> DeployRecord | None:
    """What the audit rows of `deploy R` (dicts with at, user, kind, key, before, after) say;
    None when there are none (a plan imported with the release already deployed)."""
    if not audit_rows:
        return None
    slipped, items = [], {}
    for row in audit_rows:
        before, after = row["before"], row["after"]
        if row["kind"] == "item":
            items[row["key"]] = before
        elif row["kind"] == "cr" and before and after and before.get("release") == release \
                and after.get("release") != release and before.get("stage") != "cancelled":
            slipped.append(Slip(row["key"], before["title"], before["team"], before["stage"],
                                after.get("release")))
    slipped.sort(key=lambda s: s.cr)
    first = audit_rows[0]
    return DeployRecord(first["at"], first["user"], tuple(slipped), items)


def deployed_report(plan: Plan, header: dict, record: DeployRecord | None) -> ReleaseReport:
    key = header["release"]
    shipped = sorted(k for k, cr in plan.crs.items() if cr.release == key)
    changes = _shipped_changes(plan, shipped, record)
    when = long_date(header["go_live"])
    by = f" by {record.by}" if record and record.by else ""
    slipped_count = len(record.slipped) if record else "not recorded"
    facts = (
        ("Deployed", f"{when}{by}"), ("Shipped change requests", len(shipped)),
        ("Estimated work shipped", S.hours_total(plan.crs[k] for k in shipped)),
        ("Slipped to a later release", slipped_count),
        ("Changes", len(changes)), ("Items changed", len({c.item for c in changes})),
    )
    if record and record.at:
        facts += (("Deployment recorded", timestamp(record.at)),)
    sections = (
        # Without the audit log nothing is known of what slipped: no column of zeros for it.
        S.teams(plan, shipped, (s.cr for s in record.slipped) if record else None,
                ("Shipped", "Slipped")),
        deployed_communications(plan, key, shipped, header["today"]),
        S.cr_table("shipped", "Shipped change requests", "What went live with this release.",
                   plan, shipped, "Nothing shipped with this release."),
        _slipped(plan, record),
        S.changes(changes, before_known=record is not None),
        S.signoff(),
    )
    # What it reports, whatever the source: the values before the deployment are known only
    # where its audit log is, so they are not part of a deployed release's fingerprint.
    print_ = fingerprint(key, shipped, ((c.cr, c.op, c.item, c.field, None, c.after)
                                        for c in changes), ())
    counts = (("Shipped", len(shipped)),
              *((("Slipped", len(record.slipped)),) if record else ()),
              ("Changes", len(changes)), ("Items changed", len({c.item for c in changes})))
    return ReleaseReport(status="deployed", status_text=f"deployed on {when}",
                         verdict=f"Deployed on {when}{by}.", deployable=None, facts=facts,
                         sections=sections, changes=changes, before_known=record is not None,
                         fingerprint=print_, decision=deployed_decision(counts), **header)


def _slipped(plan: Plan, record: DeployRecord | None) -> Section:
    rows = []
    for s in record.slipped if record else ():
        target = plan.releases.get(s.moved_to) if s.moved_to else None
        now = plan.crs[s.cr].release if s.cr in plan.crs else None
        team = S.team_name(plan, s.team)
        rows.append((s.cr, s.title, team, stage_words(s.stage), str(Target.of(s.moved_to)),
                     target.go_live if target else None, str(Target.of(now))))
    empty = ("Nothing slipped: everything targeted to this release shipped." if record else
             "Not recorded: this source has no audit log of the deployment. Report from the "
             "database that deployed it to see what slipped.")
    return Section("slipped", "Slipped",
                   "Targeted to this release but not shipped: the deployment moved them on.",
                   (S.KEY, Column("Title", width=2.0), S.TEAM, S.STAGE,
                    Column("Moved to", width=0.8), Column("Its go-live", DATE, 1.0),
                    Column("Now in", width=0.8)),
                   rows, empty, wide=True, unknown=record is None)


def _shipped_changes(plan: Plan, shipped: list[str], record: DeployRecord | None):
    """The shipped CRs' changes. The value before is production's just before the deployment:
    an item the deployment changed has its audit document from then; one it left unchanged
    already had the value the change sets."""
    names = {k: it.name for k, it in plan.items.items()}
    lines = []
    for key in shipped:
        cr = plan.crs[key]
        for ch in cr.changes:
            after = ch.to if ch.op == "set" else ("active" if ch.op == "create" else "retired")
            before = None
            if record is not None:
                if ch.item in record.items_before:
                    doc = record.items_before[ch.item]
                    before = None if doc is None else (
                        doc["attributes"].get(ch.field) if ch.op == "set" else doc["status"])
                else:
                    before = after
            field_name = ch.field if ch.op == "set" else None
            lines.append(ChangeLine(key, S.team_name(plan, cr.team), ch.op, ch.item,
                                    names.get(ch.item, ""), field_name, before, after,
                                    S.justification(cr)))
    return tuple(lines)


def deployment_record(store: PlanStore, release: str) -> DeployRecord | None:
    """What the audit log of `store` recorded when `release` was deployed (shipped, slipped
    where), for its report; None when it holds nothing of it."""
    return deploy_record(store.audit_of_action(deploy_action(release)), release)
