"""The Communications section of a release report (SPEC.md section 6): the sends the release
touches, in the state after it, each with what the send calendar's checks say about it and
what to do. The warnings stay in the Warnings section too, where every warning is."""

from __future__ import annotations

from app.domain import Plan
from app.engine.report import BundleReport
from app.explain import advise_warning, explain_warning
from app.reports.model import DATE, Column, Section

SEND_CODES = ("audience-overlap", "frequency-cap", "send-before-go-live")


def _names(w) -> tuple[str, ...]:
    return (w.item,) if w.code == "send-before-go-live" else w.items


def communications(plan: Plan, r: BundleReport) -> Section:
    names = {key: it.name for key, it in plan.items.items()}
    for cr in plan.crs.values():
        for ch in cr.changes:
            if ch.op == "create":
                names.setdefault(ch.item, ch.name)
    send_warnings = [w for w in r.warnings if w.code in SEND_CODES]
    rows = []
    for s in r.sends:
        by = [k for k in r.included if any(ch.item == s.item for ch in plan.crs[k].changes)]
        about = [w for w in send_warnings if s.item in _names(w)]
        check = "; ".join(explain_warning(w) for w in about) or "clear"
        todo = "; ".join(dict.fromkeys(advise_warning(w) for w in about))
        rows.append((s.send_date, s.item, names.get(s.item, ""), s.kind, s.audience,
                     ", ".join(by), check, todo))
    setting = plan.settings.send_calendar
    rules = [f"no audience twice within {setting.min_gap_days} days"
             if setting.min_gap_days else "",
             f"at most {setting.max_per_week} sends an audience a week"
             if setting.max_per_week else "", "no send before go-live"]
    intro = ("The emails, SMS and push messages this release changes, on the day they go out, "
             "checked against the send calendar (" + ", ".join(x for x in rules if x) + ").")
    return Section("communications", "Communications", intro,
                   (Column("Send date", DATE, 0.9), Column("Item", width=0.8),
                    Column("Name", width=1.3), Column("Kind", width=0.5),
                    Column("Audience", width=1.6), Column("Changed by", width=0.8),
                    Column("Calendar check", width=2.6), Column("What to do", width=2.2)),
                   rows, "This release changes no email, SMS or push message.", wide=True)
