"""Properties of the send calendar (SPEC.md section 6) on random plans full of sends: the
warnings do not depend on the order of the file, and a plan without the `communications`
setting reads exactly as it did before the send calendar existed."""

import copy
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import app.engine.report
from app.engine.communications import ReleaseCommunications, iso_week
from app.engine.report import bundle_report
from app.plan_file.validation import build_plan
from app.views.bundle_output import report_to_json, report_to_text
from tests.app.engine.test_properties import TODAY, plans

KINDS = ["email", "sms", "push", "pdf"]
AUDIENCES = ["prepaid", "postpaid", ""]


def day(draw) -> str:
    return (TODAY + timedelta(days=draw(st.integers(-2, 8)))).isoformat()


@st.composite
def send_plans(draw) -> dict:
    """Items that are sends (or nearly: a pdf, an empty audience), CRs that move their dates,
    change their audience, create and retire them, over a few releases."""
    items = [{"key": f"S{i}", "kind": draw(st.sampled_from(KINDS)), "name": f"Send {i}",
              "status": draw(st.sampled_from(["active", "active", "retired"])),
              "attributes": {"audience": draw(st.sampled_from(AUDIENCES)), "send_date": day(draw)}}
             for i in range(draw(st.integers(3, 6)))]
    releases = [{"key": f"R{i}", "name": f"Release {i}", "freeze_days": 0,
                 "go_live": (TODAY + timedelta(days=draw(st.integers(0, 20)))).isoformat()}
                for i in range(draw(st.integers(1, 3)))]
    crs = []
    for i in range(draw(st.integers(2, 8))):
        changes = []
        for _ in range(draw(st.integers(1, 3))):
            target = draw(st.sampled_from([it["key"] for it in items]))
            op = draw(st.sampled_from(["date", "date", "audience", "create", "retire"]))
            if op == "date":
                changes.append({"op": "set", "item": target, "field": "send_date", "to": day(draw)})
            elif op == "audience":
                changes.append({"op": "set", "item": target, "field": "audience",
                                "to": draw(st.sampled_from(AUDIENCES))})
            elif op == "create":
                changes.append({"op": "create", "item": f"N{i}", "pack": "P",
                                "kind": draw(st.sampled_from(KINDS)), "name": "New",
                                "attributes": {"audience": draw(st.sampled_from(AUDIENCES)),
                                               "send_date": day(draw)}})
            else:
                changes.append({"op": "retire", "item": target})
        crs.append({"key": f"CR-{i}", "title": "x", "team": "T", "changes": changes,
                    "release": draw(st.sampled_from([r["key"] for r in releases])),
                    "stage": draw(st.sampled_from(["approved", "approved", "draft"]))})
    doc = {"format": "release-plan/1", "settings": {"today": TODAY.isoformat()},
           "teams": [{"key": "T", "name": "Team"}],
           "offer_packs": [{"key": "P", "name": "Pack", "items": items}],
           "releases": releases, "change_requests": crs}
    if draw(st.sampled_from([True, True, True, False])):
        doc["settings"]["communications"] = {
            "kinds": draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=4, unique=True)),
            "min_gap_days": draw(st.integers(0, 6)), "max_per_week": draw(st.integers(0, 3))}
    return doc


def reports(doc):
    plan = build_plan(doc)
    return {r.key: report_to_json(bundle_report(plan, r.key, TODAY))
            for r in plan.planned_releases()}


common = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(send_plans(), st.randoms(use_true_random=False))
def test_the_send_warnings_and_sends_do_not_depend_on_the_order_of_the_file(doc, rnd: random.Random):
    shuffled = copy.deepcopy(doc)
    for name in ("releases", "change_requests"):
        rnd.shuffle(shuffled[name])
    rnd.shuffle(shuffled["offer_packs"][0]["items"])
    if "communications" in shuffled["settings"]:
        rnd.shuffle(shuffled["settings"]["communications"]["kinds"])
    assert reports(shuffled) == reports(doc)


@common
@given(send_plans())
def test_every_send_warning_is_about_a_send_the_release_touches(doc):
    plan = build_plan(doc)
    setting = plan.settings.send_calendar
    for release in plan.planned_releases():
        r = bundle_report(plan, release.key, TODAY)
        touched = {s.item for s in r.sends}
        for w in r.warnings:
            if w.code == "send-before-go-live":
                assert w.item in touched and w.send_date < release.go_live
            elif w.code == "audience-overlap":
                assert touched & set(w.items) and w.gap_days < setting.min_gap_days
                assert list(w.items) == sorted(w.items)
            elif w.code == "frequency-cap":
                assert touched & set(w.items) and w.count == len(w.items) > setting.max_per_week


@common
@given(send_plans())
def test_without_the_setting_no_gap_or_cap_warning_and_the_defaults_change_nothing(doc):
    doc["settings"].pop("communications", None)
    before = reports(doc)
    assert not [w for r in before.values() for w in r["warnings"]
                if w["code"] in ("audience-overlap", "frequency-cap")]
    doc["settings"]["communications"] = {"kinds": ["email", "sms", "push"], "min_gap_days": 0,
                                         "max_per_week": 0}
    assert reports(doc) == before


@common
@given(plans())
def test_a_plan_without_the_setting_gives_exactly_the_old_output(doc):
    """Plans of the other properties (no item has an audience): the table is byte for byte the
    old one, and the JSON is the old one with SPEC.md section 5's empty `sends`."""
    plan = build_plan(doc)
    new = [(report_to_text(plan, r), report_to_json(r))
           for r in (bundle_report(plan, k.key, TODAY) for k in plan.planned_releases())]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(app.engine.report, "release_communications",
                   lambda *_a: ReleaseCommunications((), ()))
        old = [(report_to_text(plan, r), report_to_json(r))
               for r in (bundle_report(plan, k.key, TODAY) for k in plan.planned_releases())]
    assert [text for text, _ in new] == [text for text, _ in old]
    assert [js for _, js in new] == [{**js, "sends": []} for _, js in old]


def test_iso_weeks_at_the_turn_of_the_year():
    assert iso_week(date(2026, 12, 31)) == "2026-W53"
    assert iso_week(date(2027, 1, 4)) == "2027-W01"
