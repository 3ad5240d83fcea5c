"""Sending the decisions back (issue 26): for every CR that came from a tracker, the columns
that tracker's CSV importer needs to update the issue in place. Jira: `Issue id`, `Issue key`,
`Fix versions` (the release's name; empty for the backlog) and, when asked, `Status` (the
stage back through the mapping's status table). Azure DevOps: `ID`, `Title`, `Iteration Path`
and, when asked, `State`. Release Planner decides; the tracker hears about it."""

from __future__ import annotations

import csv
import io

from app.importing.mapping import Mapping
from app.model.plan import Plan

COLUMNS = {"jira": ("Issue id", "Issue key", "Summary", "Fix versions"),
           "azure-devops": ("ID", "Title", "Iteration Path")}
STATUS_COLUMN = {"jira": "Status", "azure-devops": "State"}
SOURCES = tuple(COLUMNS)


def status_names(mapping: Mapping) -> dict[str, str]:
    """Each stage's status in the tracker: the first status of the mapping's table that maps
    to it, as the mapping spells it (title case where the table is lower case)."""
    names: dict[str, str] = {}
    for status, stage in mapping.stages.items():
        names.setdefault(stage, status.title() if status.islower() else status)
    return names


def write_back_rows(plan: Plan, source: str, mapping: Mapping | None,
                    with_status: bool) -> list[list[str]]:
    header = list(COLUMNS[source])
    statuses = status_names(mapping) if (with_status and mapping is not None) else {}
    if with_status:
        header.append(STATUS_COLUMN[source])
    out = [header]
    for key in sorted(k for k, s in plan.sources.items() if s.source == source):
        src, cr = plan.sources[key], plan.crs.get(key)
        if cr is None:
            continue
        release = plan.releases.get(cr.release) if cr.release else None
        version = _release_name(release, mapping)
        if source == "jira":
            row = [src.external_id, src.external_key, cr.title, version]
        else:
            row = [src.external_id or src.external_key, cr.title, version]
        if with_status:
            row.append(statuses.get(cr.stage, cr.stage))
        out.append(row)
    return out


def _release_name(release, mapping: Mapping | None) -> str:
    """The version (Jira) or iteration (Azure DevOps) a release is: the mapping's name for it
    when its releases table maps one to it, else the release's own name."""
    if release is None:
        return ""
    if mapping is not None:
        for name, target in mapping.releases.items():
            if target.get("release") == release.key or target.get("key") == release.key:
                return name
    return release.name


def write_back_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")
