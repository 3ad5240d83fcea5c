"""The report's content says what the engine computes (SPEC.md section 2), in the words of
app.views.explain, for a planned release, an empty one, and a deployed one."""

from datetime import date

import pytest

from app.engine.operations import deploy
from app.engine.report import bundle_report
from app.model.errors import Refusal
from app.plan_file.document import plan_to_document
from app.reports.content import build_report
from app.reports.deployment import deploy_record
from app.views.explain import explain_exclusion, explain_warning
from tests.app.plan_builder import GENERATED, TODAY, cr, plan, retire, set_


def keys(section, column=0):
    return [row[column] for row in section.rows]


def test_the_sections_list_what_the_engine_computes(demo, mar):
    engine = bundle_report(demo, "R-MAR", demo.settings.today)
    assert keys(mar.section("included")) == list(engine.included)
    assert keys(mar.section("excluded")) == [e.cr for e in engine.excluded]
    assert keys(mar.section("held_back")) == [h.cr for h in engine.held_back]
    assert [(c.cr, c.item, c.field, c.before, c.after) for c in mar.changes] == \
        [(c.cr, c.item, c.field, c.before, c.after) for c in engine.changes]
    conflict_rows = mar.section("conflicts").rows
    assert {(row[0], row[1], row[3]) for row in conflict_rows} == {
        (f"{c.item} {c.field}", k, v) for c in engine.conflicts for k, v in c.values.items()}
    assert mar.section("conflicts").size == len(engine.conflicts) == 1


def test_reasons_and_warnings_are_the_plain_words_of_explain(demo, mar):
    engine = bundle_report(demo, "R-MAR", demo.settings.today)
    assert [row[-1] for row in mar.section("excluded").rows] == \
        [explain_exclusion(demo, e) for e in engine.excluded]
    for row, w in zip(mar.section("warnings").rows, engine.warnings, strict=True):
        if w.code == "over-capacity":  # the team by its name, as in every other table
            name = demo.teams[w.team].name
            assert row[1] == name
            assert row[2] == explain_warning(w).replace(f"team {w.team} ", f"{name} ")
        else:
            assert row[2] == explain_warning(w)


def test_a_release_with_a_conflict_says_it_cannot_be_deployed_and_why(mar):
    assert mar.deployable is False
    assert "Cannot be deployed" in mar.verdict
    assert "OFR-SIM headline" in mar.verdict
    assert "R-FEB goes live first" in mar.verdict  # not the next release either
    assert dict(mar.facts)["Can be deployed"] == "no"


def test_the_next_release_without_conflicts_can_be_deployed(demo):
    feb = build_report(demo, "R-FEB", demo.settings.today)
    assert feb.deployable is True
    assert feb.verdict.startswith("Can be deployed")
    assert "frozen since" in feb.status_text


def test_the_cover_says_who_generated_it_when_and_from_where(mar):
    assert (mar.generated_by, mar.database, mar.generated_at) == ("alice", "plan.db", GENERATED)
    assert mar.go_live == date(2027, 2, 25)
    assert mar.freeze_start == date(2027, 2, 22)
    assert mar.title == "Release R-MAR: Spring SIM and Fibre launch"


def test_changes_are_grouped_by_item_keeping_the_release_order_inside_an_item(mar):
    rows = mar.section("changes").rows
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)
    sim = [(row[2], row[5]) for row in rows if row[0] == "OFR-SIM"]
    assert sim == [("data_allowance", "CR-301"), ("headline", "CR-301"), ("headline", "CR-302")]


def test_dependencies_say_whether_each_is_satisfied(mar):
    rows = {(row[0], row[2]): row[-1] for row in mar.section("dependencies").rows}
    assert rows[("CR-305", "CR-304")].startswith("not satisfied")
    assert rows[("CR-311", "CR-301")] == "satisfied: ships in this release"


def test_a_release_with_no_change_requests_reports_empty_sections():
    p = plan(cr("CR-1", "R2", "approved", set_("OFR", "price", "12")))
    report = build_report(p, "R1", TODAY)
    for key in ("included", "excluded", "conflicts", "changes", "dependencies"):
        assert report.section(key).rows == []
        assert report.section(key).empty
    assert report.changes == ()
    assert report.deployable is True
    assert dict(report.facts)["Included change requests"] == 0


def test_unknown_and_cancelled_releases_are_refused(demo):
    with pytest.raises(Refusal) as unknown:
        build_report(demo, "R-NOPE", TODAY)
    assert unknown.value.code == "unknown-release"
    cancelled = plan(releases=({"key": "RX", "name": "X", "go_live": "2027-03-01",
                                "status": "cancelled"},))
    with pytest.raises(Refusal) as closed:
        build_report(cancelled, "RX", TODAY)
    assert closed.value.code == "release-closed"


def test_the_calendar_holds_every_release(demo, mar):
    assert [e.key for e in mar.calendar] == [r.key for r in demo.release_order()]


def _audit_of_deploy(before, after, release):
    """The rows `deploy R` writes to the audit log (storage/store.py), built from two plans."""
    old, new = plan_to_document(before), plan_to_document(after)
    rows = []
    for kind, section in (("cr", "change_requests"), ("item", None)):
        if section:
            a = {d["key"]: d for d in old[section]}
            b = {d["key"]: d for d in new[section]}
        else:
            a = {i["key"]: i for p in old["offer_packs"] for i in p["items"]}
            b = {i["key"]: i for p in new["offer_packs"] for i in p["items"]}
        rows += [{"at": GENERATED, "user": "bob", "kind": kind, "key": k, "before": a.get(k),
                  "after": b.get(k)} for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    return rows


def test_a_deployed_release_reports_what_shipped_what_slipped_and_the_values_before():
    before = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "12")),
                  cr("CR-2", "R1", "approved", retire("PDF")),
                  cr("CR-3", "R1", "build", set_("EM", "subject", "Hey")),
                  cr("CR-4", "R1", "on_hold"))
    done = deploy(before, "R1", TODAY)
    record = deploy_record(_audit_of_deploy(before, done.plan, "R1"), "R1")
    report = build_report(done.plan, "R1", TODAY, deployment=record)
    assert report.status == "deployed" and report.deployable is None
    assert keys(report.section("shipped")) == ["CR-1", "CR-2"]
    assert [(row[0], row[4]) for row in report.section("slipped").rows] == \
        [("CR-3", "R2"), ("CR-4", "R2")]
    assert [(c.cr, c.item, c.before, c.after) for c in report.changes] == \
        [("CR-1", "OFR", "10", "12"), ("CR-2", "PDF", "active", "retired")]
    assert "by bob" in report.verdict


def test_a_deployed_release_without_its_audit_log_says_slips_were_not_recorded():
    before = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "12")),
                  cr("CR-3", "R1", "build"))
    done = deploy(before, "R1", TODAY)
    report = build_report(done.plan, "R1", TODAY, deployment=None)
    slipped = report.section("slipped")
    assert slipped.rows == [] and slipped.empty.startswith("Not recorded")
    assert report.before_known is False
    assert all(c.title != "Before" for c in report.section("changes").columns)
