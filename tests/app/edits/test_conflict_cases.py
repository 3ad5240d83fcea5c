"""Resolving a conflict where the preview shows it (one value wins: the others are set to it,
or moved out) and rebasing a stale base, each as one change set under the freeze rule."""

from datetime import date

import pytest

from app.edits.conflicts import ALIGN, MOVE, Rebase, ResolveConflict, stale_changes
from app.engine.report import bundle_report
from app.model.errors import Refusal
from app.model.plan import UNCHECKED
from tests.app.plan_builder import TODAY, cr, plan, release, retire, set_


def clashing(**kwargs):
    return plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "11"), set_("EM", "subject",
                                                                          "A")),
                cr("CR-2", "R1", "approved", set_("OFR", "price", "12")),
                cr("CR-3", "R1", "approved", set_("OFR", "price", "13"),
                   set_("OFR", "price", "14")),
                cr("CR-4", "R1", "approved", set_("OFR", "headline", "Other field")), **kwargs)


def test_aligning_sets_every_other_crs_changes_of_the_field_to_the_winning_value():
    p = clashing()
    assert [c.field for c in bundle_report(p, "R1", TODAY).conflicts] == ["price"]
    outcome = ResolveConflict("R1", "OFR", "price", "CR-2", ALIGN).decide(p, TODAY)
    assert sorted(outcome.changes.keys("cr")) == ["CR-1", "CR-3"]  # the winner is untouched
    assert [ch.to for ch in outcome.plan.crs["CR-3"].changes] == ["12", "12"]
    assert outcome.plan.crs["CR-1"].changes[1].to == "A"  # its other field stays
    assert not bundle_report(outcome.plan, "R1", TODAY).conflicts
    assert outcome.changes.inverse().apply(outcome.plan) == p


def test_moving_out_sends_the_others_to_the_next_planned_release():
    p = clashing()
    outcome = ResolveConflict("R1", "OFR", "price", "CR-1", MOVE).decide(p, TODAY)
    assert {k: outcome.plan.crs[k].release for k in ("CR-1", "CR-2", "CR-3", "CR-4")} == {
        "CR-1": "R1", "CR-2": "R2", "CR-3": "R2", "CR-4": "R1"}
    assert not bundle_report(outcome.plan, "R1", TODAY).conflicts
    # R2 now holds CR-2 and CR-3: their clash is R2's to resolve, shown there.
    assert [c.field for c in bundle_report(outcome.plan, "R2", TODAY).conflicts] == ["price"]


def test_moving_out_of_the_last_release_goes_to_the_backlog():
    p = plan(cr("CR-1", "R2", "approved", set_("OFR", "price", "11")),
             cr("CR-2", "R2", "approved", set_("OFR", "price", "12")))
    outcome = ResolveConflict("R2", "OFR", "price", "CR-2", MOVE).decide(p, TODAY)
    assert outcome.plan.crs["CR-1"].release is None


def test_a_retire_conflict_has_no_value_to_align_to_but_can_move_out():
    p = plan(cr("CR-1", "R1", "approved", retire("EM")),
             cr("CR-2", "R1", "approved", set_("EM", "subject", "New")))
    with pytest.raises(Refusal) as refused:
        ResolveConflict("R1", "EM", "(retire)", "CR-1", ALIGN).decide(p, TODAY)
    assert refused.value.code == "no-value"
    moved = ResolveConflict("R1", "EM", "(retire)", "CR-1", MOVE).decide(p, TODAY)
    assert moved.plan.crs["CR-2"].release == "R2"


def test_the_freeze_rule_holds_aligning_in_a_frozen_release_needs_an_emergency():
    frozen_day = date(2027, 1, 13)  # R1 frozen since the 12th
    p = clashing(today=frozen_day.isoformat())
    with pytest.raises(Refusal) as refused:
        ResolveConflict("R1", "OFR", "price", "CR-2", ALIGN).decide(p, frozen_day)
    assert refused.value.code == "frozen"
    # Moving out of a frozen release is how work slips: allowed.
    moved = ResolveConflict("R1", "OFR", "price", "CR-2", MOVE).decide(p, frozen_day)
    assert moved.plan.crs["CR-1"].release == "R2"


def test_moving_into_a_frozen_next_release_is_refused():
    p = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "11")),
             cr("CR-2", "R1", "approved", set_("OFR", "price", "12")),
             releases=(release("R1", "2027-01-25"), release("R2", "2027-01-20", 30)))
    # R2 (go-live the 20th, freeze 30 days) comes first and is frozen; R1's next is none.
    outcome = ResolveConflict("R1", "OFR", "price", "CR-1", MOVE).decide(p, TODAY)
    assert outcome.plan.crs["CR-2"].release is None
    with pytest.raises(Refusal) as refused:
        ResolveConflict("R2", "OFR", "price", "CR-1", MOVE).decide(
            plan(cr("CR-1", "R2", "approved", set_("OFR", "price", "11")),
                 cr("CR-2", "R2", "approved", set_("OFR", "price", "12")),
                 releases=(release("R1", "2027-01-25", 30), release("R2", "2027-01-20"))),
            TODAY)
    assert refused.value.code == "frozen"


def test_a_resolved_conflict_is_no_longer_there_to_resolve():
    p = clashing()
    done = ResolveConflict("R1", "OFR", "price", "CR-2", ALIGN).decide(p, TODAY).plan
    with pytest.raises(Refusal) as refused:
        ResolveConflict("R1", "OFR", "price", "CR-2", ALIGN).decide(done, TODAY)
    assert refused.value.code == "no-conflict"


def test_rebase_takes_the_value_before_the_release_as_the_from_of_every_stale_change():
    p = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "11", from_="10")),
             cr("CR-2", "R2", "approved", set_("OFR", "price", "12", from_="10"),
                set_("OFR", "headline", "Hi", from_="Hello"), set_("EM", "subject", "S"),
                set_("OFR", "colour", "red", from_="blue")))
    assert [w.code for w in bundle_report(p, "R2", TODAY).warnings].count("stale-base") == 2
    assert stale_changes(p, "CR-2") == [0, 3]
    outcome = Rebase("CR-2").decide(p, TODAY)
    changes = outcome.plan.crs["CR-2"].changes
    assert [ch.base for ch in changes] == ["11", "Hello", UNCHECKED, None]
    assert "stale-base" not in [w.code for w in bundle_report(outcome.plan, "R2",
                                                              TODAY).warnings]
    assert outcome.changes.keys("cr") == ["CR-2"]
    with pytest.raises(Refusal) as again:
        Rebase("CR-2").decide(outcome.plan, TODAY)
    assert again.value.code == "not-stale"


def test_rebasing_in_a_frozen_release_needs_an_emergency():
    frozen_day = date(2027, 1, 13)
    p = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "11", from_="9")),
             cr("CR-2", "R1", "approved", set_("OFR", "price", "11", from_="9"),
                emergency=True, justification="Regulator asked"),
             today=frozen_day.isoformat())
    with pytest.raises(Refusal) as refused:
        Rebase("CR-1").decide(p, frozen_day)
    assert refused.value.code == "frozen"
    assert Rebase("CR-2").decide(p, frozen_day).plan.crs["CR-2"].changes[0].base == "10"


def test_crs_that_agree_with_the_winner_stay_where_they_are():
    p = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "11")),
             cr("CR-2", "R1", "approved", set_("OFR", "price", "11")),
             cr("CR-3", "R1", "approved", set_("OFR", "price", "12")))
    moved = ResolveConflict("R1", "OFR", "price", "CR-1", MOVE).decide(p, TODAY)
    assert moved.changes.keys("cr") == ["CR-3"]
    assert moved.plan.crs["CR-2"].release == "R1"
    created = plan(cr("CR-1", "R1", "approved", {"op": "create", "item": "LP", "pack": "P",
                                                 "kind": "pdf", "name": "A"}),
                   cr("CR-2", "R1", "approved", {"op": "create", "item": "LP", "pack": "P",
                                                 "kind": "pdf", "name": "B"}))
    out = ResolveConflict("R1", "LP", "(create)", "CR-2", MOVE).decide(created, TODAY)
    assert out.changes.keys("cr") == ["CR-1"]  # both "create": the other is still in the way
