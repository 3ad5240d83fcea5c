"""The report's first tables when there is something to hold it against (issue 24):
"Changed since sign-off on DATE by NAME" (the release's last sign-off) and, with
`report --since BASELINE`, the slip since a baseline. Plain sections of the report model, so
every format (PDF, HTML, XLSX) writes them as it writes the rest."""

from __future__ import annotations

from datetime import date

from app.baselines.capture import item_digests
from app.baselines.model import Baseline, Move, SignOff
from app.baselines.slip import slip
from app.model.plan import Plan
from app.reports.cells import timestamp
from app.reports.model import Column, Section
from app.views.explain import long_date

_COLUMNS = (Column("What", width=1.2), Column("Key", width=1.2), Column("Detail", width=4.6))


def _where(release: str | None) -> str:
    return release if release is not None else "the backlog"


def _day(iso: str | None) -> str:
    """Dates as every table of the report writes them ("Thu 25 Feb 2027")."""
    return long_date(date.fromisoformat(iso[:10])) if iso else "none"


def _moved_by(m: dict) -> str:
    return f" (moved by {m['by']}, {_day(m['at'])})" if m.get("by") else ""


def _title(plan: Plan, cr: str) -> str:
    found = plan.crs.get(cr)
    return found.title if found else "(deleted since)"


def since_signoff(plan: Plan, release: str, signoff: SignOff, baseline: Baseline,
                  fingerprint_now: str, moves: list[Move]) -> Section:
    """What changed in the release since its last sign-off: entered, left, items whose changes
    differ, the go-live, and whether the fingerprint still matches."""
    found = slip(baseline, plan, moves, release)
    r = found["releases"][0]
    moved = {m["cr"]: m for m in found["moved"]}
    same = signoff.fingerprint == fingerprint_now
    rows = [("Fingerprint", fingerprint_now,
             f"matches the one signed ({signoff.fingerprint}): the bundle is what was approved"
             if same else f"does not match the one signed ({signoff.fingerprint}): the bundle "
             "changed since, and needs a new sign-off")]
    then, now = r["go_live"]["then"], r["go_live"]["now"]
    rows.append(("Go-live", release, f"unchanged, {_day(now)}" if then == now
                 else f"moved from {_day(then)} to {_day(now)}"))
    for cr in r["entered"]:
        rows.append(("Entered", cr, _title(plan, cr) + _moved_by(moved.get(cr, {}))))
    for cr in r["left"]:
        to = moved[cr]["to"] if cr in moved else None
        rows.append(("Left", cr, f"{_title(plan, cr)}: now in {_where(to)}"
                     + _moved_by(moved.get(cr, {}))))
    then_items = baseline.content["items"].get(release, {})
    now_items = item_digests(plan, r["ships"]["now"])
    for item in sorted(then_items.keys() | now_items.keys()):
        if then_items.get(item) != now_items.get(item):
            what = ("no longer changed" if item not in now_items
                    else "newly changed" if item not in then_items
                    else "changed differently")
            rows.append(("Changed item", item, f"{what} by the bundle"))
    title = (f"Changed since sign-off on {long_date(signoff.signed_at.date())} "
             f"by {signoff.signed_by}")
    note = f' Note: "{signoff.note}".' if signoff.note else ""
    intro = (f"Signed off {timestamp(signoff.signed_at)} by {signoff.signed_by} "
             f"(recorded by {signoff.login}).{note} What differs now, first.")
    return Section("since-signoff", title, intro, _COLUMNS, rows, "Nothing changed.")


def since_line(section: Section) -> str:
    """The "Changed since sign-off" table in one line, for the decision page."""
    what = [row[0] for row in section.rows]
    counts = [f"{what.count(label):,} {word}" for label, word in
              (("Entered", "entered"), ("Left", "left"), ("Changed item", "items changed"))]
    go_live = next(row[2] for row in section.rows if row[0] == "Go-live")
    fingerprint = section.rows[0][2].split(":")[0]
    return (f"{section.title}: {', '.join(counts)}; go-live {go_live}; the fingerprint "
            f"{fingerprint}.")


def since_baseline(plan: Plan, found: dict) -> Section:
    """The slip since a baseline (`report --since`), of one release or the whole plan."""
    rows = []
    for r in found["releases"]:
        key = r["release"]
        if r["note"]:
            rows.append(("Release", key, r["note"]))
        then, now = r["go_live"]["then"], r["go_live"]["now"]
        if then != now and then and now:
            rows.append(("Go-live", key, f"moved from {_day(then)} to {_day(now)}"))
        fthen, fnow = r["freeze_days"]["then"], r["freeze_days"]["now"]
        if fthen != fnow and fthen is not None and fnow is not None:
            rows.append(("Freeze", key, f"{fthen} days then, {fnow} days now"))
        rows += [("Entered " + key, cr, _title(plan, cr)) for cr in r["entered"]]
        rows += [("Left " + key, cr, _title(plan, cr)) for cr in r["left"]]
        ships_then, ships_now = set(r["ships"]["then"]), set(r["ships"]["now"])
        rows += [("Ships now " + key, cr, _title(plan, cr))
                 for cr in sorted(ships_now - ships_then)]
        rows += [("No longer ships " + key, cr, _title(plan, cr))
                 for cr in sorted(ships_then - ships_now)]
    rows += [("Moved", m["cr"], f"from {_where(m['from'])} to {_where(m['to'])}" + _moved_by(m))
             for m in found["moved"]]
    return Section("slip", f"Slip since baseline {found['baseline']}",
                   f"What moved since the baseline \"{found['baseline']}\" was taken "
                   f"({_day(found['taken_at'])}).", _COLUMNS, rows,
                   "Nothing moved since the baseline.")
