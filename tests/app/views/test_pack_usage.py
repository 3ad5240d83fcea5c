"""The impact checklist and the per-field view of pending work (app/views/pack_usage.py): on the
demo plan, where two teams change the Unlimited 5G price, and on small plans for the rules."""

from __future__ import annotations

from app.model.plan import UNCHECKED
from app.views.pack_usage import (
    CREATE_FIELD,
    RETIRE_FIELD,
    FieldWork,
    PackUsage,
    assets_using,
    disagree,
    field_activity,
    is_concurrent,
)
from tests.app.plan_builder import cr, create, item, plan, release, retire, set_, team


def keys(items):
    return [i.key for i in items]


def summary(work):
    return [(w.cr, w.team, w.release, w.to) for w in work]


def test_an_offer_lists_the_assets_built_on_it_including_those_pending_crs_create(demo):
    assert keys(assets_using(demo, "OFR-UNL")) == [
        "AD-UNL", "AD-VID", "EM-LOY", "EM-UNL", "EM-XMAS", "LP-UNL", "PDF-MOB"]
    # AD-VID (CR-308) and EM-LOY (CR-501, backlog) do not exist yet, but will use it.
    assert keys(assets_using(demo, "OFR-FAM")) == [
        "EM-XMAS", "LP-FAM", "LP-UNL", "PDF-MOB", "SMS-FAM"]
    assert keys(assets_using(demo, "OFR-BUN")) == ["PUSH-BUN"]
    assert assets_using(demo, "EM-UNL") == []  # nothing is built on an email


def test_retired_items_and_creates_of_closed_crs_need_no_review():
    p = plan(cr("C1", "R1", "cancelled", create("EM-NEW", uses=("OFR",))),
             cr("C2", "R1", "approved", create("LP-NEW", "landing_page", uses=("OFR",))),
             items=(item("OFR", "offer", price="10"), item("EM", "email", uses=("OFR",)),
                    item("EM-OLD", "email", uses=("OFR",), status="retired")))
    assert keys(assets_using(p, "OFR")) == ["EM", "LP-NEW"]


def test_two_teams_changing_one_price_are_listed_in_release_order(demo):
    activity = field_activity(demo, "OFR-UNL")
    assert list(activity)[:5] == ["price", "headline", "data_allowance", "contract_months",
                                  "promo_code"]  # every live field, with work or without
    assert summary(activity["price"]) == [("CR-201", "ACQ", "R-FEB", "44.99"),
                                          ("CR-303", "RET", "R-MAR", "47.99")]
    assert [w.base for w in activity["price"]] == ["49.99", "49.99"]
    assert activity["price"][0].title == "Cut Unlimited 5G to £44.99"
    assert activity["price"][1].stage == "approved"
    assert is_concurrent(activity["price"])
    assert not is_concurrent(activity["headline"])
    assert activity["promo_code"] == []


def test_two_teams_in_one_release_with_different_headlines_are_concurrent(demo):
    headline = field_activity(demo, "OFR-SIM")["headline"]
    assert summary(headline) == [("CR-301", "ACQ", "R-MAR", "40GB for less"),
                                 ("CR-302", "BRD", "R-MAR", "Spring into SIM only")]
    assert is_concurrent(headline)


def test_two_teams_writing_the_same_value_merge(demo):
    version = field_activity(demo, "PDF-MOB")["version"]
    assert summary(version) == [("CR-201", "ACQ", "R-FEB", "2027-02"),
                                ("CR-204", "BRD", "R-FEB", "2027-02")]
    assert not disagree(version)
    assert not is_concurrent(version)


def test_deployed_and_cancelled_work_is_not_pending(demo):
    # CR-503 (cancelled) also set the poster's price text.
    assert summary(field_activity(demo, "AD-FIB")["price_text"]) == [
        ("CR-306", "BRD", "R-MAR", "900Mb for £39")]
    # CR-101 (deployed in R-JAN) set the loyalty discount; only CR-402 is still to come.
    assert summary(field_activity(demo, "RULE-LOY")["discount_pct"]) == [
        ("CR-402", "RET", "R-APR", 15)]


def test_retiring_and_creating_are_work_on_the_whole_item(demo):
    assert summary(field_activity(demo, "EM-XMAS")[RETIRE_FIELD]) == [
        ("CR-208", "RET", "R-FEB", "retired")]
    created = field_activity(demo, "LP-FAM")
    assert list(created) == ["url", "hero", CREATE_FIELD]
    assert summary(created["url"]) == [("CR-309", "ACQ", "R-MAR", "/mobile/family")]
    assert created["url"][0].base is UNCHECKED
    assert created[CREATE_FIELD][0].op == "create"


def test_order_is_release_order_then_the_backlog_then_cr_key():
    p = plan(cr("C4", None, "draft", set_("OFR", "price", "14")),
             cr("C3", "R2", "approved", set_("OFR", "price", "13")),
             cr("C1", None, "build", set_("OFR", "price", "11")),
             cr("C2", "R1", "approved", set_("OFR", "price", "12")),
             cr("C0", "R2", "approved", set_("OFR", "price", "10")),
             releases=(release("R2", "2027-02-15"), release("R1", "2027-01-15")))
    assert [w.cr for w in field_activity(p, "OFR")["price"]] == ["C2", "C0", "C3", "C1", "C4"]


def test_a_field_only_a_cr_writes_is_listed_after_the_live_ones():
    p = plan(cr("C1", "R1", "approved", set_("OFR", "promo_code", "NEW", None),
                set_("OFR", "price", "9", "10")))
    activity = field_activity(p, "OFR")
    assert list(activity) == ["price", "headline", "promo_code"]
    assert activity["promo_code"][0].base is None  # "from": null: expects it absent
    assert activity["price"][0].base == "10"


def test_a_cr_that_sets_a_field_twice_counts_with_its_last_value():
    p = plan(cr("C1", "R1", "approved", set_("OFR", "price", "8"), set_("OFR", "price", "9")))
    assert summary(field_activity(p, "OFR")["price"]) == [("C1", "T", "R1", "9")]


def test_values_compare_as_json_values():
    def work(*values, teams=("A", "B")):
        return [FieldWork(f"C{i}", "", teams[i % len(teams)], "R1", "draft", v)
                for i, v in enumerate(values)]

    assert not disagree(work(1, 1.0))  # numbers compare numerically
    assert disagree(work(True, 1))  # a boolean equals only a boolean
    assert disagree(work("1", 1))
    assert disagree(work(None, 0))
    assert not disagree(work("x"))  # one CR alone never disagrees
    same_team = work("a", "b", teams=("A",))
    assert disagree(same_team) and not is_concurrent(same_team)  # one team, one release


def test_the_index_answers_for_every_item_of_a_pack(demo):
    usage = PackUsage(demo)
    assert keys(usage.items_of_pack("BB")) == ["AD-FIB", "EM-FIB", "LP-FIB", "OFR-BUN",
                                               "OFR-FIB", "OFR-FIB9", "PDF-FIB", "PUSH-BUN"]
    assert "OFR-ESIM" in keys(usage.items_of_pack("MOB"))  # created by CR-502
    assert usage.creator("OFR-ESIM") == "CR-502"
    assert usage.creator("OFR-UNL") is None
    assert usage.retired_by("EM-XMAS") == ["CR-208"]
    assert [c.key for c in usage.open_crs("OFR-UNL")] == ["CR-201", "CR-202", "CR-303"]


def test_of_two_creates_of_one_key_the_first_to_go_live_says_what_it_is():
    p = plan(cr("C1", "R2", "approved", create("NEW", "email", uses=("OFR",))),
             cr("C2", "R1", "approved", create("NEW", "pdf")),
             teams=(team(),))
    usage = PackUsage(p)
    assert usage.item("NEW").kind == "pdf"
    assert usage.creator("NEW") == "C2"
    assert keys(usage.assets_using("OFR")) == ["EM"]


def test_retiring_a_live_item_is_listed_but_keeps_it_on_the_checklist():
    p = plan(cr("C1", "R1", "approved", retire("EM")))
    assert keys(assets_using(p, "OFR")) == ["EM"]  # still live until R1 ships
    assert summary(field_activity(p, "EM")[RETIRE_FIELD]) == [("C1", "T", "R1", "retired")]
