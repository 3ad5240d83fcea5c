"""The CR editor's rules on the demo plan (today 2027-02-08; R-FEB frozen since 2027-02-07):
saving an edited CR, the freeze, the state a change is written against, follow-up proposals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.edits.follow_ups import propose_follow_ups
from app.engine.edits import edit_cr
from app.engine.report import bundle_report, state_before
from app.model.errors import PlanFileError, Refusal
from app.model.plan import SetField, Target

TODAY = date(2027, 2, 8)


def test_an_edit_outside_the_freeze_is_saved(demo):
    cr = replace(demo.crs["CR-304"], title="Cheaper 900Mb", estimate_hours=20)
    outcome = edit_cr(demo, cr, TODAY)
    assert outcome.plan.crs["CR-304"] == cr
    assert demo.crs["CR-304"].title != "Cheaper 900Mb"  # the shown plan is untouched


def test_changing_what_ships_in_a_frozen_release_needs_an_emergency(demo):
    cr = replace(demo.crs["CR-202"], changes=(SetField("OFR-UNL", "headline", "Stay unlimited",
                                                        "Unlimited data, no surprises"),))
    with pytest.raises(Refusal) as refused:
        edit_cr(demo, cr, TODAY)
    assert refused.value.code == "frozen"
    assert "R-FEB is frozen since 2027-02-07" in refused.value.message
    assert "changes" in refused.value.message
    emergency = replace(cr, emergency=True, justification="Legal asked for it today")
    assert edit_cr(demo, emergency, TODAY).plan.crs["CR-202"].changes == cr.changes


def test_a_frozen_release_still_takes_stage_moves_and_lets_work_slip_out(demo):
    on_hold = edit_cr(demo, replace(demo.crs["CR-206"], stage="on_hold"), TODAY).plan
    assert on_hold.crs["CR-206"].stage == "on_hold"
    slipped = edit_cr(demo, replace(demo.crs["CR-206"], release="R-MAR", title="Later"), TODAY)
    assert slipped.plan.crs["CR-206"].release == "R-MAR"
    assert slipped.previous == Target("R-FEB")


def test_moving_into_a_frozen_release_follows_schedule(demo):
    with pytest.raises(Refusal) as refused:
        edit_cr(demo, replace(demo.crs["CR-304"], release="R-FEB"), TODAY)
    assert refused.value.code == "frozen"


def test_a_dependency_cycle_is_refused_with_its_path(demo):
    cr = replace(demo.crs["CR-304"], depends_on=("CR-306",))
    with pytest.raises(PlanFileError) as refused:
        edit_cr(demo, cr, TODAY)
    [problem] = refused.value.problems
    assert problem.path == "depends_on[0]"
    assert "CR-304 -> CR-306 -> CR-305 -> CR-304" in problem.message


def test_cancelling_and_moving_at_once(demo):
    outcome = edit_cr(demo, replace(demo.crs["CR-404"], stage="cancelled", release=None), TODAY)
    assert (outcome.plan.crs["CR-404"].stage, outcome.plan.crs["CR-404"].release) == \
        ("cancelled", None)


def test_state_before_a_release_is_what_its_bundle_report_diffs_against(demo):
    report = bundle_report(demo, "R-MAR", TODAY)
    state = state_before(demo, "R-MAR")
    for row in report.changes:
        if row.op == "set":
            assert state.value(row.item, row.field) == row.before
    assert state.value("OFR-UNL", "price") == "44.99"  # R-FEB's CR-201 ships first
    assert state_before(demo, "R-FEB").value("OFR-UNL", "price") == "49.99"
    # Backlog work is written against everything planned.
    assert state_before(demo, None).value("OFR-UNL", "price") == "47.99"


def test_follow_ups_replace_the_old_value_where_an_asset_shows_it(demo):
    state = state_before(demo, "R-FEB")
    assets = [demo.items[k] for k in ("EM-UNL", "LP-UNL", "PDF-MOB", "AD-UNL")]
    proposals = propose_follow_ups(state, assets, "49.99", "44.99")
    found = {(p.asset.key, p.field): (p.before, p.after) for p in proposals}
    assert found[("EM-UNL", "subject")] == ("Go unlimited for £49.99", "Go unlimited for £44.99")
    assert found[("LP-UNL", "hero")] == ("Unlimited 5G from £49.99", "Unlimited 5G from £44.99")
    assert found[("PDF-MOB", "unlimited_price")] == ("49.99", "44.99")
    assert found[("AD-UNL", None)] == (None, None)  # the ad never shows the price: by hand
    change = next(p for p in proposals if p.asset.key == "EM-UNL").change()
    assert change == SetField("EM-UNL", "subject", "Go unlimited for £44.99",
                              "Go unlimited for £49.99")


def test_follow_ups_of_a_number(demo):
    state = state_before(demo, "R-APR")
    [proposal] = propose_follow_ups(state, [demo.items["RULE-LOY"]], 10, 15)
    assert (proposal.field, proposal.before, proposal.after) == ("discount_pct", 10, 15)
