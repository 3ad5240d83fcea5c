"""The changes of a release as CSV: one row per change, in the engine's order (CR key order,
each CR's changes as listed), UTF-8 with a header row. A cell that a spreadsheet would run as a
formula starts with an apostrophe instead (app.reports.cells.formula_safe).

The release's fingerprint (app.reports.fingerprint) is the last column, the same on every row:
a reader that takes the first row as the header still does, and a script can check each row
against a sign-off. A release without changes has no rows, so its CSV carries no fingerprint.
A report of a scenario's plan has a first column more, `scenario`, its name on every row:
nobody should take a row of it for the live plan."""

from __future__ import annotations

import csv
import io

from app.reports.cells import formula_safe, plain
from app.reports.model import ReleaseReport

HEADER = ("release", "cr", "team", "op", "item", "item_name", "field", "before", "after",
          "justification", "fingerprint")
ROWS_PER_STEP = 2000
SCENARIO_COLUMN = "scenario"  # first, in a report of a scenario's plan only


def write_csv(report: ReleaseReport, out, steps, **_options) -> None:
    """`before` is empty where the value was null or absent (and for a deployed release whose
    audit log was not at hand); strings are written without JSON quotes; `team` is the team's
    name, as in the other reports; `justification` is an emergency CR's, empty for others."""
    lines = report.changes
    steps.begin(len(lines) // ROWS_PER_STEP + 1)
    # utf-8-sig: Excel reads the file as UTF-8 only with the byte order mark.
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    # A scenario's report says so on every row, in a first column of its own (issue 22).
    first = (report.scenario,) if report.scenario else ()
    writer.writerow((SCENARIO_COLUMN,) * bool(first) + HEADER)
    for start in range(0, len(lines), ROWS_PER_STEP):
        writer.writerows([formula_safe(cell) for cell in (
            *first, report.release, c.cr, c.team, c.op, c.item, c.item_name, c.field or "",
            plain(c.before) if report.before_known else "", plain(c.after), c.justification,
            report.fingerprint)]
            for c in lines[start:start + ROWS_PER_STEP])
        steps.step()
    text.flush()
    text.detach()  # the caller closes the file
