"""Properties that must hold for every plan, checked on random valid plans."""

import copy
import json
import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.bundle import compute_bundles
from app.engine.operations import deploy
from app.engine.report import bundle_report
from app.model.errors import Refusal
from app.plan_file.document import plan_to_document
from app.plan_file.validation import build_plan
from app.views.bundle_output import report_to_json

TODAY = date(2027, 3, 1)
STAGES = ["draft", "build", "test", "approved", "on_hold", "cancelled"]
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([1.0, 2.5]),
                   st.sampled_from(["a", "b", "1"]))


@st.composite
def plans(draw) -> dict:
    """A random valid plan document: a few teams, items, releases and CRs that touch the same
    fields often, so conflicts, merges, blocked dependencies and stale bases all occur."""
    teams = [{"key": f"T{i}", "name": f"Team {i}", "members": draw(st.integers(1, 3))}
             for i in range(draw(st.integers(1, 3)))]
    items = [{"key": f"I{i}", "kind": draw(st.sampled_from(["offer", "email", "pdf"])),
              "name": f"Item {i}", "attributes": {"f": draw(VALUES)}}
             for i in range(draw(st.integers(1, 4)))]
    releases = []
    for i in range(draw(st.integers(1, 4))):
        status = draw(st.sampled_from(["planned", "planned", "planned", "deployed", "cancelled"]))
        releases.append({"key": f"R{i}", "name": f"Release {i}", "status": status,
                         "go_live": (TODAY + timedelta(days=draw(st.integers(-20, 40)))).isoformat(),
                         "freeze_days": draw(st.integers(0, 10))})
    crs = []
    for i in range(draw(st.integers(0, 12))):
        target = draw(st.sampled_from([None, *[r["key"] for r in releases]]))
        status = next((r["status"] for r in releases if r["key"] == target), None)
        stage = "deployed" if status == "deployed" else draw(st.sampled_from(STAGES))
        changes = []
        for _ in range(draw(st.integers(0, 3))):
            item = draw(st.sampled_from([it["key"] for it in items] + ["NEW"]))
            op = draw(st.sampled_from(["set", "set", "set", "create", "retire"]))
            if op == "set":
                change = {"op": "set", "item": item, "field": draw(st.sampled_from(["f", "g"])),
                          "to": draw(VALUES)}
                if draw(st.booleans()):
                    change["from"] = draw(VALUES)
            elif op == "create":
                change = {"op": "create", "item": item, "pack": "P", "kind": "email",
                          "name": "New"}
            else:
                change = {"op": "retire", "item": item}
            changes.append(change)
        deps = draw(st.lists(st.integers(0, max(i - 1, 0)), max_size=2, unique=True)) if i else []
        crs.append({"key": f"CR-{i:02d}", "title": f"Change {i}", "team": draw(
            st.sampled_from([t["key"] for t in teams])), "release": target, "stage": stage,
            "estimate_hours": draw(st.integers(0, 40)), "emergency": draw(st.booleans()),
            "justification": "", "depends_on": [f"CR-{d:02d}" for d in deps], "changes": changes})
    if any(ch["item"] == "NEW" and ch["op"] != "create" for cr in crs for ch in cr["changes"]) \
            and not any(ch["op"] == "create" and ch["item"] == "NEW"
                        for cr in crs for ch in cr["changes"]):
        crs.append({"key": "CR-ZZ", "title": "Creates NEW", "team": teams[0]["key"],
                    "stage": "draft", "changes": [{"op": "create", "item": "NEW", "pack": "P",
                                                    "kind": "pdf", "name": "New"}]})
    return {"format": "release-plan/1",
            "settings": {"today": TODAY.isoformat(), "lead_time_days": {"pdf": 15, "email": 2}},
            "teams": teams, "offer_packs": [{"key": "P", "name": "Pack", "items": items}],
            "releases": releases, "change_requests": crs}


def planned(plan):
    return [r.key for r in plan.planned_releases()]


common = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(plans())
def test_included_and_excluded_partition_the_candidates(doc):
    plan = build_plan(doc)
    for key in planned(plan):
        report = bundle_report(plan, key, TODAY)
        candidates = {cr.key for cr in plan.crs.values()
                      if cr.release == key and cr.stage not in ("deployed", "cancelled")}
        excluded = [e.cr for e in report.excluded]
        assert set(report.included).isdisjoint(excluded)
        assert set(report.included) | set(excluded) == candidates
        assert len(excluded) == len(set(excluded))


@common
@given(plans(), st.randoms(use_true_random=False))
def test_report_does_not_depend_on_the_order_of_the_file(doc, rnd: random.Random):
    plan = build_plan(doc)
    shuffled = copy.deepcopy(doc)
    for name in ("teams", "releases", "change_requests"):
        rnd.shuffle(shuffled[name])
    rnd.shuffle(shuffled["offer_packs"][0]["items"])
    for cr in shuffled["change_requests"]:
        rnd.shuffle(cr.get("depends_on", []))
    other = build_plan(shuffled)
    for key in planned(plan):
        assert report_to_json(bundle_report(plan, key, TODAY)) == \
            report_to_json(bundle_report(other, key, TODAY))


@common
@given(plans())
def test_every_included_dependency_ships_no_later(doc):
    plan = build_plan(doc)
    bundles = compute_bundles(plan)
    shipped: set[str] = set()
    for key in planned(plan):
        included = set(bundles[key].included)
        for cr_key in included:
            for dep in plan.crs[cr_key].depends_on:
                assert dep in included or dep in shipped or plan.crs[dep].stage == "deployed"
        shipped |= included


@common
@given(plans())
def test_held_back_work_never_ships_with_the_release(doc):
    plan = build_plan(doc)
    order = planned(plan)
    for i, key in enumerate(order):
        report = bundle_report(plan, key, TODAY)
        for held in report.held_back:
            assert held.cr not in report.included
            assert held.target is None or held.target in order[i + 1:]


@common
@given(plans())
def test_the_plan_file_round_trips(doc):
    plan = build_plan(doc)
    exported = plan_to_document(plan)
    assert plan_to_document(build_plan(json.loads(json.dumps(exported)))) == exported


@common
@given(plans())
def test_deploying_the_next_release_ships_what_its_bundle_said(doc):
    plan = build_plan(doc)
    order = planned(plan)
    if not order:
        return
    before = bundle_report(plan, order[0], TODAY)
    try:
        result = deploy(plan, order[0], TODAY)
    except Refusal as refusal:
        assert refusal.code == "conflicts" and before.conflicts
        return
    assert not before.conflicts
    assert result.shipped == before.included
    new = result.plan
    assert new.releases[order[0]].status == "deployed"
    for key in before.included:
        assert new.crs[key].stage == "deployed"
    # Nothing left behind in the deployed release: every other candidate slipped.
    assert not [cr for cr in new.crs.values()
                if cr.release == order[0] and cr.stage != "deployed" and cr.stage != "cancelled"]
    # The deployed changes are now production: the last change to each item is what is live.
    last = {row.item: row for row in before.changes}
    for item, row in last.items():
        if row.op == "set" and item in new.items:
            assert new.items[item].attributes.get(row.field) == row.after
        elif row.op == "retire" and item in new.items:
            assert new.items[item].status == "retired"
        elif row.op == "create":
            assert new.items[item].status == "active"
    # The deployed plan is still a valid plan file.
    build_plan(json.loads(json.dumps(plan_to_document(new))))
