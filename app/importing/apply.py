"""The import as one use case: the rows of a source file, matched to the plan, decided as one
change set (teams and releases created, CRs created or updated, each CR's source record), so
it is one transaction, one audit commit naming the file and one undo step. A dry run is the
same decision, not written.

A re-import compares three ways, field by field: the file's value at the last import (kept on
the CR's source record), the file's value now, and the CR's value here. Only a field the file
changed and nobody changed here is updated; one changed on both sides is kept, with a note."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from app.edits.use_case import UseCase
from app.importing.links import resolve_links
from app.importing.mapping import Mapping
from app.importing.matching import Releases, Teams, valid_key
from app.importing.report import ImportReport
from app.importing.rows import SourceRow
from app.model.change_set import ChangeSet, ChangeSetBuilder
from app.model.plan import ChangeRequest, CrSource, Plan
from app.model.row_kinds import RowKind
from app.plan_file.bulk_load import collector_paused
from app.rules.freeze import content_refusal, is_frozen, join_refusal

# The CR fields an import feeds and compares, with the value a new CR takes when the file
# leaves one empty.
DEFAULTS = {"title": "", "team": "", "release": None, "stage": "draft", "estimate_hours": 0,
            "priority": 3, "emergency": False, "justification": "", "depends_on": []}
# Which mapping fields feed each CR field: a CR field none of whose columns is in the file is
# left alone.
FED_BY = {"title": ("title",), "team": ("team",), "release": ("release", "release_date"),
          "stage": ("status", "status_category"),
          "estimate_hours": ("estimate_hours", "estimate_seconds", "story_points"),
          "priority": ("priority",), "emergency": ("emergency",),
          "justification": ("justification",)}
TITLE_MAX = 500


@dataclass
class Imported:
    plan: Plan
    changes: ChangeSet
    report: ImportReport


@dataclass(frozen=True, eq=False)
class ImportIssues(UseCase):
    file: str
    source: str
    rows: tuple[SourceRow, ...]
    mapping: Mapping
    fed: frozenset = field(default_factory=frozenset)  # mapping fields whose columns exist
    has_links: bool = False  # the file has link columns the mapping reads

    @property
    def action(self) -> str:
        return f"import issues from {Path(self.file).name}"

    @property
    def undo_text(self) -> str:
        return f"Import {Path(self.file).name}"

    def note(self, outcome) -> str:
        return f"{Path(self.file).name}: {outcome.report.summary()}."

    def decide(self, plan: Plan, today) -> Imported:
        return decide_import(plan, today, self)


@dataclass(frozen=True, eq=False)
class DecidedImport(UseCase):
    """An import already decided against `seen` (the desktop's preview, worked out off the GUI
    thread): applied as it is when the plan is still that one, decided again otherwise."""

    job: ImportIssues
    seen: Plan
    outcome: Imported

    @property
    def action(self) -> str:
        return self.job.action

    @property
    def undo_text(self) -> str:
        return self.job.undo_text

    def note(self, outcome) -> str:
        return self.job.note(outcome)

    def decide(self, plan: Plan, today) -> Imported:
        return self.outcome if plan is self.seen else self.job.decide(plan, today)


def decide_import(plan: Plan, today, job: ImportIssues) -> Imported:
    """The import's outcome. A row skipped by a rule (a frozen release) is no CR, so links to
    it cannot stand: the decision is made again without them (rarely more than twice)."""
    with collector_paused():  # hundreds of thousands of small objects, none of them cyclic
        return _decide(plan, today, job)


def _decide(plan: Plan, today, job: ImportIssues) -> Imported:
    excluded: set[str] = set()
    while True:
        outcome, skipped = _decide_once(plan, today, job, frozenset(excluded))
        dangling = {dep for row in outcome.changes if row.kind == RowKind.CR
                    and row.after is not None for dep in row.after.depends_on
                    if dep in skipped}
        if not dangling - excluded:
            return outcome
        excluded |= dangling


def _decide_once(plan: Plan, today, job: ImportIssues, excluded: frozenset):
    report = ImportReport(job.source, rows=len(job.rows))
    out = ChangeSetBuilder(plan)
    teams = Teams(plan, job.mapping, out, report.teams_created)
    releases = Releases(plan, job.mapping, out, report.releases_created)
    fields = [f for f, feeders in FED_BY.items() if any(x in job.fed for x in feeders)]
    if job.has_links:
        fields.append("depends_on")
    by_external = {(s.source, s.external_key): s for s in plan.sources.values()}
    seen: dict[str, int] = {}
    matched: list[tuple[SourceRow, str, dict, CrSource | None]] = []
    for row in job.rows:
        ident = row.external_key or row.external_id
        for text in row.notes:
            report.note(row.row, ident, text)
        reason, key, source = _match(row, job, plan, by_external, seen)
        if reason:
            report.skip(row.row, ident, reason)
            continue
        notes: list[str] = []
        values = _file_values(row, fields, source is None, teams, releases, notes)
        for text in notes:
            report.note(row.row, ident, text)
        if values is None:
            report.skip(row.row, ident, "no team: the mapping's team columns are empty")
            continue
        matched.append((row, key, values, source))
    if job.has_links:
        # Rows that cannot land whatever their links (no title, a frozen release): no link
        # may lead to them.
        excluded = excluded | {key for row, key, values, source in matched
                               if source is None and _new_refusal(values, out, today)}
        resolve_links(plan, matched, report, excluded)
    skipped = set()
    for row, key, values, source in matched:
        if not _decide_row(plan, today, job, row, key, values, source, fields, out, report):
            skipped.add(key)
    changes = _unused_dropped(out.build(), report)
    return Imported(changes.apply(plan), changes, report), skipped


def _unused_dropped(changes: ChangeSet, report: ImportReport) -> ChangeSet:
    """Without the teams and releases made for rows that were then skipped: an import creates
    only what its CRs use."""
    crs = [row.after for row in changes if row.kind == RowKind.CR and row.after is not None]
    teams = {cr.team for cr in crs}
    releases = {cr.release for cr in crs}
    report.teams_created[:] = [k for k in report.teams_created if k in teams]
    report.releases_created[:] = [k for k in report.releases_created if k in releases]
    return ChangeSet(tuple(row for row in changes if row.before is not None or not (
        (row.kind == RowKind.TEAM and row.key not in teams)
        or (row.kind == RowKind.RELEASE and row.key not in releases))))


def _match(row: SourceRow, job: ImportIssues, plan: Plan, by_external, seen):
    """(reason to skip, CR key, source record) of a row."""
    if not row.external_key:
        return "no key: the key column is empty", "", None
    first = seen.setdefault(row.external_key, row.row)
    if first != row.row:
        return f"the same issue {row.external_key} as row {first}", "", None
    source = by_external.get((job.source, row.external_key))
    if source is not None:
        if source.key not in plan.crs:
            return (f"{source.key} was deleted in Release Planner since the last import",
                    "", None)
        return "", source.key, source
    key = job.mapping.key_prefix + row.external_key
    if not valid_key(key):
        return (f"{key!r} is not a valid CR key (letters, digits, '.', '_' and '-', at most "
                "64)", "", None)
    if key in plan.crs:
        return f"{key} already exists in the plan and was not imported from this source", "", \
            None
    return "", key, None


def _file_values(row: SourceRow, fields, new: bool, teams: Teams, releases: Releases,
                 notes: list) -> dict | None:
    """The file's value of every fed CR field, defaults filled in (None: no team)."""
    values = {}
    for name in fields:
        if name == "title":
            values[name] = row.title[:TITLE_MAX]
            if len(row.title) > TITLE_MAX:
                notes.append(f"title cut to {TITLE_MAX} characters")
        elif name == "team":
            if row.team:
                values[name] = teams.key_of(row.team)
            elif new:
                return None
        elif name == "release":
            if row.versions:
                values[name] = releases.of_versions(row.versions, notes)
            elif row.release_date is not None:
                values[name] = releases.of_date(row.release_date, notes)
            else:
                values[name] = None
        elif name == "depends_on":
            values[name] = []  # filled by resolve_links
        else:
            value = getattr(row, name)
            values[name] = DEFAULTS[name] if value is None else value
    if new and "team" not in values:  # no team column at all
        return None
    return values


def _decide_row(plan, today, job, row, key, values, source, fields, out, report) -> bool:
    """Decide one matched row; False: it was skipped."""
    ident = row.external_key
    cr = plan.crs.get(key)
    if source is None:
        why = _new_refusal(values, out, today)
        if why:
            report.skip(row.row, ident, why)
            return False
        out.put(RowKind.CR, key, _new_cr(key, values))
        out.put(RowKind.SOURCE, key, CrSource(key, job.source, row.external_key,
                                              row.external_id, _stored(values)))
        report.land(row.row, "created", key)
        return True
    updated, kept = _three_way(cr, source.imported, values, fields)
    for name, here, there in kept:
        report.note(row.row, ident, f"{name.replace('_', ' ')} changed here and in the file: "
                                    f"kept {_shown(here)} (the file says {_shown(there)})")
    new = replace(cr, **updated) if updated else cr
    if updated:
        refusal = _update_refusal(plan, out, cr, new, today)
        if refusal is not None:
            report.skip(row.row, ident, refusal)
            return False
        out.put(RowKind.CR, key, new)
    stored = _stored({**source.imported, **values})
    if stored != source.imported or source.external_id != row.external_id:
        out.put(RowKind.SOURCE, key, replace(source, imported=stored,
                                             external_id=row.external_id))
    report.land(row.row, "updated" if updated else "unchanged", key)
    return True


def _new_cr(key: str, values: dict) -> ChangeRequest:
    return ChangeRequest(key, values["title"], values["team"], values.get("stage", "draft"),
                         values.get("release"), values.get("estimate_hours", 0),
                         values.get("priority", 3), values.get("emergency", False),
                         values.get("justification", ""), tuple(values.get("depends_on", ())))


def _new_refusal(values: dict, out: ChangeSetBuilder, today) -> str:
    """Why a new row cannot become a CR (empty: it can)."""
    if not values.get("title"):
        return "no title: the title column is empty"
    release = values.get("release")
    if release is not None:
        target = out.current(RowKind.RELEASE, release)
        if is_frozen(target, today):  # only then is the CR itself asked (an emergency?)
            refusal = join_refusal(target, _new_cr("", values), today)
            if refusal is not None:
                return refusal.message
    return ""


def _three_way(cr: ChangeRequest, base: dict, values: dict, fields) -> tuple[dict, list]:
    """The fields the file changed and nobody changed here (to update), and those changed on
    both sides (kept: field, value here, value in the file)."""
    updated, kept = {}, []
    for name in fields:
        if name not in values:  # the row leaves it empty where empty means nothing (team)
            continue
        there = values[name]
        here = _value(cr, name)
        was = base.get(name, here)  # a field fed for the first time: as if it was here
        if there in (was, here):
            continue
        if here == was:
            updated[name] = tuple(there) if name == "depends_on" else there
        else:
            kept.append((name, here, there))
    return updated, kept


def _value(cr: ChangeRequest, name: str):
    value = getattr(cr, name)
    return sorted(value) if name == "depends_on" else value


def _stored(values: dict) -> dict:
    return {k: (sorted(v) if k == "depends_on" else v) for k, v in values.items()}


def _shown(value) -> str:
    if value is None:
        return "the backlog"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return repr(value)


def _update_refusal(plan: Plan, out: ChangeSetBuilder, old, new, today) -> str | None:
    if old.stage == "deployed":
        return f"{old.key} is deployed: an import does not change shipped work"
    if new.release != old.release and new.release is not None:
        refusal = join_refusal(out.current(RowKind.RELEASE, new.release), new, today)
        if refusal is not None:
            return refusal.message
    refusal = content_refusal(plan, old, new, today)
    return refusal.message if refusal is not None else None
