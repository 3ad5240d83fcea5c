"""Properties of the import decision (hypothesis): every row lands in exactly one outcome,
deciding never changes the plan it reads (a dry run writes nothing), a second import of the
same rows changes nothing, and the change set's inverse (undo) gives the plan back."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.importing.apply import ImportIssues
from app.importing.defaults import default_mapping
from app.importing.rows import Columns, read_rows
from app.importing.table import SourceTable

HEADER = ["Issue key", "Issue id", "Summary", "Status", "Status Category", "Team Name",
          "Fix versions", "Fix versions", "Priority", "Original estimate",
          "Inward issue link (Blocks)", "Outward issue link (Blocks)"]
KEYS = [f"P-{n}" for n in range(1, 13)] + ["CR-101", "bad key!", ""]

row = st.tuples(
    st.sampled_from(KEYS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["To Do", "IN UAT", "Done", "Weird", "", "On Hold"]),
    st.sampled_from(["", "Acquisition", "New Team", "ACQ"]),
    st.sampled_from(["", "R-MAR", "R-APR", "R-FEB", "R-JAN", "Nope", "April bundles"]),
    st.sampled_from(["", "R-APR", "R-MAR"]),
    st.sampled_from(["", "High", "Low", "9", "Medium"]),
    st.sampled_from(["", "3600", "-5", "abc", "36000"]),
    st.sampled_from(["", *KEYS[:6]]),
    st.sampled_from(["", *KEYS[:6]]),
)


def _job(cells) -> ImportIssues:
    rows = [[k, str(i), title, status, "", team, v1, v2, prio, est, inward, outward]
            for i, (k, title, status, team, v1, v2, prio, est, inward, outward)
            in enumerate(cells, start=1)]
    mapping = default_mapping("jira")
    table = SourceTable("file.csv", "csv", HEADER, iter(rows))
    cols = Columns(SourceTable("file.csv", "csv", HEADER, iter(())), mapping)
    fed = frozenset(n for n, g in cols.fields.items() if g)
    return ImportIssues("file.csv", "jira", tuple(read_rows(table, mapping)), mapping, fed,
                        has_links=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, max_size=25))
def test_import_properties(demo, cells):
    job = _job(cells)
    today = demo.settings.today
    kept = copy.deepcopy(demo)
    first = job.decide(demo, today)
    assert demo == kept  # deciding (a dry run) changes nothing

    report = first.report
    placed = [n for n, _ in report.outcomes.items()]
    assert sorted(placed) == list(range(1, len(cells) + 1))  # each row exactly once
    keys = report.created + report.updated + report.unchanged
    assert len(keys) == len(set(keys))
    assert len(keys) + len(report.skipped) == len(cells)
    for cr in first.plan.crs.values():  # no dangling references
        assert cr.team in first.plan.teams
        assert cr.release is None or cr.release in first.plan.releases
        assert all(dep in first.plan.crs for dep in cr.depends_on)

    second = job.decide(first.plan, today)
    assert not second.changes  # importing twice changes nothing the second time
    assert second.report.created == [] and second.report.updated == []

    undone = first.changes.inverse().apply(first.plan)
    assert undone == demo  # undo gives the plan back
