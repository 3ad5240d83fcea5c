"""The release report as plain data: one model that every format (PDF, HTML, XLSX, CSV,
iCalendar) writes, so they all say the same thing.

Cells keep their types (dates are `date`, estimates are numbers, set values are JSON scalars):
the spreadsheet needs real dates and numbers, the paged formats turn them into text through
`app.reports.cells`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.model.plan import Scalar

# Column kinds: how a cell is typed and shown.
TEXT, DATE, HOURS, FLAG, VALUE, COUNT = "text", "date", "hours", "flag", "value", "count"
NUMERIC = (HOURS, COUNT)  # right-aligned in print
# Rows a printed table (PDF, HTML) shows before it stops and says where the rest are: about two
# pages, so that a big release's report stays short enough to read and sign.
PRINT_ROWS = 60
SHEET_NAME_CHARS = 31  # Excel's limit


class Hours(float):
    """An amount of work in hours: a number in the spreadsheet, "44 h" in print."""


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: str = TEXT
    width: float = 1.0  # share of the page width in the paged formats; characters / 10 in XLSX


@dataclass(frozen=True, slots=True)
class Section:
    """One table of the report: a sheet in XLSX, a headed table in PDF and HTML."""
    key: str  # stable id: sheet name, HTML anchor
    title: str
    intro: str  # one sentence: what the table is and why it matters
    columns: tuple[Column, ...]
    rows: list[tuple]
    empty: str  # said instead of an empty table
    group: int = 0  # the first `group` columns name a group: repeats left blank when printed
    wide: bool = False  # needs a landscape page in the PDF
    signoff: bool = False  # tall empty rows to sign in
    count: int | None = None  # what the heading counts, when not the rows (conflicts)
    print_limit: int = PRINT_ROWS  # rows printed (PDF, HTML, XLSX print area); the XLSX has all
    overview: Section | None = None  # counts that stand for a long list in print
    also_in: str = ""  # where else the full list is, besides the XLSX (" and the CSV")
    unknown: bool = False  # nothing is known of it here (not recorded): no count in its heading

    @property
    def counted(self) -> bool:
        """Whether the heading says how many: not the sign-off, nor what was not recorded."""
        return not (self.signoff or self.unknown)

    @property
    def size(self) -> int:
        return len(self.rows) if self.count is None else self.count

    @property
    def sheet(self) -> str:
        """The section's sheet in the XLSX report."""
        return "".join(" " if ch in "[]:*?/\\" else ch for ch in self.title)[:SHEET_NAME_CHARS]

    @property
    def cut(self) -> bool:
        """Whether the printed table (PDF, HTML, the XLSX sheet's print area) stops before the
        last row: the one rule of what a long list prints."""
        return len(self.rows) > self.print_limit

    @property
    def printed(self) -> list[tuple]:
        return self.rows[:self.print_limit]

    @property
    def left_out(self) -> str:
        """What a printed table leaves out, and where it is; empty when it shows every row."""
        if not self.cut:
            return ""
        left = len(self.rows) - self.print_limit
        return (f"The first {self.print_limit:,} of {len(self.rows):,} rows are shown here; "
                f"the other {left:,} are in the XLSX report (sheet \"{self.sheet}\")"
                f"{self.also_in}.")


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One change of the release, in the engine's order (CR key order, then as listed)."""
    cr: str
    team: str  # the team's name, as every table shows it
    op: str
    item: str
    item_name: str
    field: str | None  # None for create and retire
    before: Scalar
    after: Scalar
    justification: str = ""  # the CR's, when it is an emergency


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """A release as the calendar shows it: its go-live, and its freeze window when it has one."""
    key: str
    name: str
    go_live: date
    freeze_start: date
    status: str  # planned, deployed or cancelled
    revision: int = 0  # rises each time its dates or status change: the events' SEQUENCE


@dataclass(frozen=True, slots=True)
class Risk:
    """One kind of risk on the decision page: what, about whom, and what to do."""
    title: str
    about: str
    todo: str


@dataclass(frozen=True, slots=True)
class TeamBar:
    """A team's open work against its capacity before this release's freeze."""
    team: str
    load_hours: float
    capacity_hours: float

    @property
    def over(self) -> bool:
        return self.load_hours > self.capacity_hours


@dataclass(frozen=True)
class Decision:
    """The one-page decision summary at the front of the PDF and HTML reports: the counts,
    the top risks, each team's load against its capacity, and the sign-off lines. Every list
    is bounded (and says what it leaves out) so that the page fits on A4 and Letter."""
    counts: tuple[tuple[str, int], ...]
    risks: tuple[Risk, ...]
    more_risks: str  # "and 3 more kinds of warning: see Warnings"; empty when none are left
    loads: tuple[TeamBar, ...]
    load_note: str  # what the chart shows, and the teams it leaves out
    signers: tuple[str, ...]
    choices: tuple[str, ...] = ("Approve", "Approve with conditions", "Reject")
    # What changed since the release's last sign-off, in one line (issue 24); empty: none.
    since: str = ""


@dataclass(frozen=True)
class ReleaseReport:
    release: str
    name: str
    status: str  # planned or deployed
    status_text: str  # e.g. "planned, frozen since Sun 7 Feb 2027"
    go_live: date
    freeze_start: date
    freeze_days: int
    today: date
    generated_at: datetime
    generated_by: str
    database: str  # where the plan was read: the database, or "plan file NAME"
    verdict: str  # one sentence: can it be deployed, and if not why
    deployable: bool | None  # None for a deployed release
    facts: tuple[tuple[str, object], ...]  # the summary: label, value (text, number or date)
    sections: tuple[Section, ...]  # in reading order, sign-off last
    changes: tuple[ChangeLine, ...]
    before_known: bool = True  # False: a deployed release whose audit log is not at hand
    calendar: tuple[CalendarEntry, ...] = field(default=())
    plan_identity: str = ""  # stable per database or plan file: makes calendar UIDs unique
    fingerprint: str = ""  # of what the report reports (app.reports.fingerprint)
    decision: Decision | None = None  # the front page (app.reports.decision)
    scenario: str = ""  # the report is of this scenario's plan (issue 22); "": the live plan

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def title(self) -> str:
        return f"Release {self.release}: {self.name}"

    @property
    def running_title(self) -> str:
        """The header of every page after the first (PDF, HTML printed, each XLSX sheet).
        A scenario's says so first, so that fitting a long name to the page cuts the
        release's name, never "not the live plan"."""
        if self.scenario:
            return f"Not the live plan: scenario {self.scenario} \u00b7 {self.release}"
        return f"Release report: {self.release} {self.name}"
