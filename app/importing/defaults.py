"""Each source's default mapping, and recognising the source from a file's header row."""

from __future__ import annotations

from app.importing.mapping import Mapping
from app.importing.table import SourceTable

# Status names many Jira sites share (any case); the rest go by `Status Category`.
JIRA_STAGES = {"to do": "draft", "backlog": "draft", "open": "draft", "new": "draft",
               "in progress": "build", "in development": "build", "in review": "build",
               "in test": "test", "testing": "test", "qa": "test", "uat": "test",
               "in uat": "test", "in qa": "test", "ready": "approved", "approved": "approved",
               "ready for release": "approved", "done": "approved", "closed": "approved",
               "resolved": "approved", "on hold": "on_hold", "blocked": "on_hold",
               "cancelled": "cancelled", "canceled": "cancelled", "won't do": "cancelled",
               "rejected": "cancelled"}
JIRA_CATEGORIES = {"to do": "draft", "in progress": "build", "done": "approved"}
JIRA_PRIORITIES = {"highest": 1, "blocker": 1, "critical": 1, "high": 2, "major": 2,
                   "medium": 3, "low": 4, "minor": 4, "lowest": 5, "trivial": 5}
ADO_STAGES = {"new": "draft", "proposed": "draft", "to do": "draft", "active": "build",
              "committed": "build", "in progress": "build", "resolved": "test",
              "done": "approved", "closed": "approved", "removed": "cancelled"}
# ServiceNow's change_request states: display values and the numbers behind them.
SERVICENOW_STAGES = {"new": "draft", "-5": "draft", "assess": "draft", "-4": "draft",
                     "authorize": "test", "-3": "test", "scheduled": "approved",
                     "-2": "approved", "implement": "approved", "-1": "approved",
                     "review": "approved", "0": "approved", "closed": "approved",
                     "3": "approved", "canceled": "cancelled", "cancelled": "cancelled",
                     "4": "cancelled"}
SERVICENOW_PRIORITIES = {"critical": 1, "high": 2, "moderate": 3, "low": 4, "planning": 5}


def default_mapping(source: str) -> Mapping:
    if source == "jira":
        return Mapping(
            "jira",
            columns={"key": ["Issue key"], "id": ["Issue id"], "title": ["Summary"],
                     "team": ["Team Name", "Components", "Component/s", "Project key"],
                     "release": ["Fix versions", "Fix Version/s"],
                     "status": ["Status"], "status_category": ["Status Category"],
                     "estimate_seconds": ["Original estimate", "Original Estimate"],
                     "story_points": ["Custom field (Story point estimate)",
                                      "Custom field (Story Points)"],
                     "priority": ["Priority"]},
            links={"depends_on": ["Inward issue link (Blocks)"],
                   "blocks": ["Outward issue link (Blocks)"]},
            stages=dict(JIRA_STAGES), status_categories=dict(JIRA_CATEGORIES),
            priorities=dict(JIRA_PRIORITIES))
    if source == "azure-devops":
        return Mapping(
            "azure-devops",
            columns={"key": ["ID"], "id": ["ID"], "title": ["Title", "Title 1", "Title 2",
                                                            "Title 3"],
                     "team": ["Area Path"], "release": ["Iteration Path"],
                     "release_date": ["Target Date"], "status": ["State"],
                     "estimate_hours": ["Original Estimate"], "story_points": ["Story Points"],
                     "priority": ["Priority"]},
            stages=dict(ADO_STAGES), key_prefix="ADO-")
    if source == "servicenow":
        return Mapping(
            "servicenow",
            columns={"key": ["number"], "id": ["sys_id", "number"],
                     "title": ["short_description"], "team": ["assignment_group"],
                     "release_date": ["start_date"], "status": ["state"],
                     "priority": ["priority"], "emergency": ["type"],
                     "justification": ["justification"]},
            stages=dict(SERVICENOW_STAGES), priorities=dict(SERVICENOW_PRIORITIES),
            emergency_values=["emergency"], date_order="mdy")
    return Mapping(
        "xlsx",
        columns={"key": ["Key", "Issue key", "ID"], "title": ["Title", "Summary"],
                 "team": ["Team"], "release": ["Release", "Fix versions"],
                 "release_date": ["Go-live", "Due date"], "status": ["Stage", "Status"],
                 "estimate_hours": ["Estimate (h)", "Estimate", "Hours"],
                 "priority": ["Priority"], "emergency": ["Emergency"],
                 "justification": ["Justification"]},
        links={"depends_on": ["Depends on"]},
        stages={"draft": "draft", "build": "build", "test": "test", "approved": "approved",
                "on hold": "on_hold", "on_hold": "on_hold", "cancelled": "cancelled",
                **JIRA_STAGES},
        priorities=dict(JIRA_PRIORITIES), emergency_values=["yes", "true", "x", "1"])


def detect_source(table: SourceTable) -> tuple[str, str]:
    """(source, variant) from the header row: Jira Cloud or Server/Data Center, Azure DevOps,
    ServiceNow, else a spreadsheet laid out by hand (`xlsx`, CSV or not)."""
    names = {n.casefold() for n in table.header}
    if "issue key" in names and "summary" in names:
        server = bool(names & {"fix version/s", "component/s", "parent id", "epic link"})
        return "jira", "jira-server" if server else "jira-cloud"
    if {"id", "work item type", "title"} <= names or {"id", "work item type",
                                                     "title 1"} <= names:
        return "azure-devops", ""
    if {"number", "short_description"} <= names:
        return "servicenow", ""
    return "xlsx", ""
