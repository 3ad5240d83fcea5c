"""Setting a plan up: releases, teams, offer packs and items created and edited by use cases
that check each row with the plan file's rules and return one change set."""

from dataclasses import replace
from datetime import date

import pytest

from app.edits.packs import SaveItem, SavePack
from app.edits.releases import CancelRelease, CreateRelease, EditRelease
from app.edits.teams import SaveTeam
from app.generate.starting_plans import demo_plan, first_plan
from app.model.change_set import RowChange
from app.model.errors import PlanFileError, Refusal
from app.model.plan import Item, OfferPack, Release, Team
from app.plan_file.validation import build_plan
from tests.app.plan_builder import R0_DEPLOYED, R1, R2, TODAY, cr, plan, plan_doc, set_


def paths(error: PlanFileError) -> dict[str, str]:
    return {p.path: p.message for p in error.problems}


def test_a_new_release_is_one_added_row_and_planned():
    p = plan()
    outcome = CreateRelease(Release("R3", "March", date(2027, 3, 15), 2)).decide(p, TODAY)
    assert list(outcome.changes) == [RowChange("release", "R3", None,
                                               Release("R3", "March", date(2027, 3, 15), 2))]
    assert outcome.plan.releases["R3"].status == "planned"
    assert [r.key for r in outcome.plan.planned_releases()] == ["R1", "R2", "R3"]


def test_a_release_refuses_every_bad_value_at_once_with_the_files_words():
    p = plan()
    with pytest.raises(PlanFileError) as refused:
        CreateRelease(Release("R1", " ", date(2027, 3, 1), -1)).decide(p, TODAY)
    problems = paths(refused.value)
    assert problems["key"] == 'there is already a release "R1"; pick another key'
    assert problems["name"] == "give the release a name"
    # The plan file says the same about the same value.
    doc = plan_doc(releases=[{"key": "X", "name": "X", "go_live": "2027-03-01",
                              "freeze_days": -1}])
    with pytest.raises(PlanFileError) as in_file:
        build_plan(doc)
    assert problems["freeze_days"] == in_file.value.problems[0].message
    with pytest.raises(PlanFileError) as empty:
        CreateRelease(Release("", "Empty", date(2027, 3, 1), 0)).decide(p, TODAY)
    assert paths(empty.value) == {"key": "must not be empty"}


def test_editing_a_release_changes_its_name_dates_and_window_not_its_status():
    p = plan()
    outcome = EditRelease(Release("R2", "February", date(2027, 2, 20), 5, "cancelled")).decide(
        p, TODAY)
    assert outcome.plan.releases["R2"] == Release("R2", "February", date(2027, 2, 20), 5)
    assert outcome.changes.keys("release") == ["R2"] and len(outcome.changes) == 1


def test_a_deployed_release_cannot_change():
    p = plan(releases=(R0_DEPLOYED, R1, R2))
    with pytest.raises(Refusal) as refused:
        EditRelease(replace(p.releases["R0"], name="Renamed")).decide(p, TODAY)
    assert refused.value.code == "release-closed"
    with pytest.raises(Refusal):
        CancelRelease("R0").decide(p, TODAY)


def test_cancelling_a_release_moves_its_open_work_to_the_backlog_in_the_same_change_set():
    p = plan(cr("CR-1", "R1", "build"), cr("CR-2", "R1", "cancelled"), cr("CR-3", "R2"))
    outcome = CancelRelease("R1").decide(p, TODAY)
    assert outcome.plan.releases["R1"].status == "cancelled"
    assert outcome.plan.crs["CR-1"].release is None  # open work: to the backlog
    assert outcome.plan.crs["CR-2"].release == "R1"  # cancelled work stays as history
    assert outcome.plan.crs["CR-3"].release == "R2"
    assert sorted((row.kind, row.key) for row in outcome.changes) == [("cr", "CR-1"),
                                                                      ("release", "R1")]
    # Its inverse (undo) puts the release and its work back.
    assert outcome.changes.inverse().apply(outcome.plan) == p


def test_cancelling_a_frozen_release_still_moves_its_work_out():
    frozen = plan(cr("CR-1", "R1", "test"), today="2027-01-13")
    outcome = CancelRelease("R1").decide(frozen, date(2027, 1, 13))
    assert outcome.plan.crs["CR-1"].release is None


def test_teams_need_positive_members_and_hours_and_a_colour_of_the_form_rrggbb():
    p = plan()
    with pytest.raises(PlanFileError) as refused:
        SaveTeam(Team("T", "", 0, 0, "blue"), new=True).decide(p, TODAY)
    assert paths(refused.value) == {
        "key": 'there is already a team "T"; pick another key',
        "name": "give the team a name", "members": "must be positive, not 0",
        "hours_per_day": "must be positive, not 0",
        "color": '"blue" is not a colour of the form #rrggbb'}
    made = SaveTeam(Team("RET", "Retention", 2, 5.5, "#aa3300"), new=True).decide(p, TODAY)
    assert made.plan.teams["RET"] == Team("RET", "Retention", 2, 5.5, "#aa3300")
    edited = SaveTeam(Team("T", "Team T", 3, 6, "#123456"), new=False).decide(p, TODAY)
    assert [(r.kind, r.key) for r in edited.changes] == [("team", "T")]
    with pytest.raises(Refusal):
        SaveTeam(Team("NOPE", "x", 1, 6, "#123456"), new=False).decide(p, TODAY)


def test_offer_packs_are_created_and_renamed():
    p = plan()
    made = SavePack(OfferPack("BB", "Broadband"), new=True).decide(p, TODAY)
    assert made.plan.packs["BB"].name == "Broadband"
    with pytest.raises(PlanFileError) as refused:
        SavePack(OfferPack("P", "Again"), new=True).decide(p, TODAY)
    assert "key" in paths(refused.value)
    renamed = SavePack(OfferPack("P", "Mobile"), new=False).decide(p, TODAY)
    assert renamed.plan.packs["P"].name == "Mobile"


def test_an_item_takes_json_scalars_and_uses_known_items_only():
    p = plan(cr("CR-1", "R1", "build", {"op": "create", "item": "LP", "pack": "P",
                                        "kind": "landing_page", "name": "Landing"}))
    good = Item("SMS-1", "P", "sms", "Reminder", attributes={"text": "Hi", "n": 2, "on": True,
                                                             "gone": None},
                uses=("OFR", "LP"))  # LP exists only as a CR's create: known, as in the file
    made = SaveItem(good, new=True).decide(p, TODAY)
    assert made.plan.items["SMS-1"] == good
    with pytest.raises(PlanFileError) as refused:
        SaveItem(Item("SMS-2", "NOPE", "", "x", attributes={"list": [1]}, uses=("GHOST",)),
                 new=True).decide(p, TODAY)
    assert paths(refused.value) == {
        "pack": 'unknown offer pack "NOPE"', "kind": "must not be empty",
        "attributes.list": "must be a string, number, boolean or null, not a list",
        "uses[0]": 'unknown item "GHOST"'}


def test_editing_an_item_keeps_its_pack_and_can_retire_it():
    p = plan()
    old = p.items["EM"]
    edited = SaveItem(replace(old, pack="OTHER", kind="sms", attributes={"subject": "Hey"}),
                      new=False).decide(p, TODAY)
    assert edited.plan.items["EM"] == replace(old, kind="sms", attributes={"subject": "Hey"})
    retired = SaveItem(replace(old, status="retired"), new=False).decide(p, TODAY)
    assert retired.plan.items["EM"].status == "retired"
    assert [(r.kind, r.key) for r in retired.changes] == [("item", "EM")]


def test_a_first_plan_is_one_team_and_one_release_with_problems_per_part():
    plan_ = first_plan(Team("ACQ", "Acquisition", 2, 6, "#0072b2"),
                       Release("R1", "March", date(2027, 3, 1), 3))
    assert list(plan_.teams) == ["ACQ"] and list(plan_.releases) == ["R1"]
    assert not plan_.crs and not plan_.items and not plan_.packs
    with pytest.raises(PlanFileError) as refused:
        first_plan(Team("", "A", 1, 6, "#0072b2"), Release("R1", "", date(2027, 3, 1), 0))
    assert paths(refused.value) == {"team.key": "must not be empty",
                                    "release.name": "give the release a name"}


def test_the_demo_plan_starts_a_database():
    assert len(demo_plan().crs) > 10


def test_a_stale_set_is_left_alone_by_release_edits():
    p = plan(cr("CR-1", "R1", "approved", set_("OFR", "price", "12", from_="10")))
    moved = EditRelease(replace(p.releases["R1"], go_live=date(2027, 1, 20))).decide(p, TODAY)
    assert moved.plan.crs == p.crs


def test_undoing_a_new_team_or_release_that_work_uses_now_is_refused():
    from app.edits.change_rules import check_change_set

    made = SaveTeam(Team("OPS", "Ops", 1, 6, "#123456"), new=True).decide(plan(), TODAY)
    check_change_set(made.plan, made.changes.inverse(), TODAY, restoring=True)  # unused: fine
    release = CreateRelease(Release("R3", "March", date(2027, 3, 15), 2)).decide(made.plan,
                                                                                TODAY)
    # Meanwhile someone created CR-9 in the new team and release.
    used = release.plan
    used.crs["CR-9"] = replace(plan(cr("CR-9", None)).crs["CR-9"], team="OPS", release="R3")
    for step in (made.changes, release.changes):
        with pytest.raises(Refusal) as refused:
            check_change_set(used, step.inverse(), TODAY, restoring=True)
        assert refused.value.code == "in-use" and "CR-9" in refused.value.message
