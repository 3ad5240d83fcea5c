"""The Communications section of a release report (SPEC.md section 6): the sends the release
touches, each with what the send calendar's checks say about it and what to do. The warnings
stay in the Warnings section too, where every warning is.

A planned release shows its sends in the state after it, with the engine's warnings. A deployed
release shows the sends its shipped CRs touched as they are in production now (the live send
calendar), through the same rule of what a release touches; of the checks only those that can
still be acted on are kept (see `deployed_communications`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from app.engine.bundle import ReleaseBundle
from app.engine.communications import Send, all_sends, release_communications
from app.engine.report import BundleReport
from app.engine.state import ProjectedState
from app.model.plan import Plan
from app.reports.model import DATE, Column, Section
from app.views.explain import advise_warning, explain_warning, long_date

SEND_CODES = ("audience-overlap", "frequency-cap", "send-before-go-live")
COLUMNS = (Column("Send date", DATE, 0.9), Column("Item", width=0.8), Column("Name", width=1.3),
           Column("Kind", width=0.5), Column("Audience", width=1.6),
           Column("Changed by", width=0.8), Column("Calendar check", width=2.6),
           Column("What to do", width=2.2))


def _names(w) -> tuple[str, ...]:
    return (w.item,) if w.code == "send-before-go-live" else w.items


def communications(plan: Plan, r: BundleReport) -> Section:
    """A planned release's sends in the state after it, with the send calendar's warnings."""
    intro = ("The emails, SMS and push messages this release changes, on the day they go out, "
             "checked against the send calendar (" + _rules(plan, "no send before go-live") + ").")
    warnings = [w for w in r.warnings if w.code in SEND_CODES]
    return send_section(plan, r.sends, r.included, warnings, intro,
                        "This release changes no email, SMS or push message.")


def deployed_communications(plan: Plan, release: str, shipped: Sequence[str],
                            today: date) -> Section:
    """A deployed release's sends: those its shipped CRs touched, as they are in production.

    After go-live "send before go-live" asks for nothing anyone can still do (the release is
    live, so every send now announces what is live), so it is not checked; a send dated before
    today is out already, so it is shown as such, and an overlap or a week over the cap is
    kept only when one of its sends is still to come and can be moved."""
    live = ProjectedState(plan.items)  # production holds the release's changes since go-live
    bundle = ReleaseBundle(release, tuple(shipped), tuple(shipped), ())
    found = release_communications(plan, plan.releases[release], bundle, live)
    to_come = {s.item for s in all_sends(plan, live) if s.send_date >= today}
    warnings = [w for w in found.warnings
                if w.code != "send-before-go-live" and to_come.intersection(_names(w))]
    go_live = plan.releases[release].go_live

    def unchecked(s: Send) -> str:
        if s.send_date >= today:
            return "clear"
        before = ", before this release went live" if s.send_date < go_live else ""
        return f"already out: dated {long_date(s.send_date)}{before}"

    rules = _rules(plan, "")
    intro = ("The emails, SMS and push messages this release changed, as they are in the send "
             f"calendar now (production). Sends dated {long_date(today)} or later are checked "
             f"against the calendar ({rules or 'no check is set'}); earlier ones are out already "
             "and are not. \"Send before go-live\" is not checked: the release is live, so every "
             "send announces what is live.")
    return send_section(plan, found.sends, shipped, warnings, intro,
                        "This release changed no email, SMS or push message that is in the "
                        "send calendar now.", unchecked)


def send_section(plan: Plan, sends: Sequence[Send], crs: Sequence[str], warnings: list,
                 intro: str, empty: str,
                 unchecked: Callable[[Send], str] = lambda _s: "clear") -> Section:
    """One row a send: which of `crs` change it, what `warnings` say about it and what to do;
    `unchecked` says what a send without a warning reads as."""
    names = {key: it.name for key, it in plan.items.items()}
    for cr in plan.crs.values():
        for ch in cr.changes:
            if ch.op == "create":
                names.setdefault(ch.item, ch.name)
    rows = []
    for s in sends:
        by = [k for k in crs if any(ch.item == s.item for ch in plan.crs[k].changes)]
        about = [w for w in warnings if s.item in _names(w)]
        check = "; ".join(explain_warning(w) for w in about) or unchecked(s)
        todo = "; ".join(dict.fromkeys(advise_warning(w) for w in about))
        rows.append((s.send_date, s.item, names.get(s.item, ""), s.kind, s.audience,
                     ", ".join(by), check, todo))
    return Section("communications", "Communications", intro, COLUMNS, rows, empty, wide=True)


def _rules(plan: Plan, *more: str) -> str:
    setting = plan.settings.send_calendar
    rules = [f"no audience twice within {setting.min_gap_days} days"
             if setting.min_gap_days else "",
             f"at most {setting.max_per_week} sends an audience a week"
             if setting.max_per_week else "", *more]
    return ", ".join(x for x in rules if x)
