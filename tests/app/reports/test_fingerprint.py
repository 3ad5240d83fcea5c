"""The release fingerprint changes exactly when the bundle's content does: what ships, the
changes item by item, the warnings; never with the order the plan lists things in, nor with
when or from where the report is made."""

import copy
import json
import random
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.report import bundle_report
from app.plan_file.validation import build_plan
from app.reports.content import build_report
from app.reports.fingerprint import DAY_DEPENDENT, bundle_fingerprint
from app.views.bundle_output import report_to_json
from tests.app.engine.test_properties import TODAY as PROPERTY_TODAY
from tests.app.engine.test_properties import plans
from tests.app.plan_builder import GENERATED, TODAY, cr, plan, set_


def _content(report) -> str:
    """The bundle's content as the fingerprint is meant to see it, independently computed:
    the bundle JSON's ships, changes and warnings, without the day-dependent counts."""
    doc = report_to_json(report)
    warnings = [{k: v for k, v in w.items() if k not in DAY_DEPENDENT.get(w["code"], ())}
                for w in doc["warnings"]]
    changes = [{k: (int(v) if type(v) is float and v.is_integer() else v) for k, v in c.items()}
               for c in doc["changes"]]
    return json.dumps([doc["release"], sorted(doc["included"]), changes,
                       sorted(json.dumps(w, sort_keys=True) for w in warnings)], sort_keys=True)


def _shuffled(doc: dict, seed: int) -> dict:
    """The same plan with every list whose order carries no meaning in another order."""
    rng = random.Random(seed)
    doc = copy.deepcopy(doc)
    for key in ("teams", "releases", "change_requests"):
        rng.shuffle(doc[key])
    for pack in doc["offer_packs"]:
        rng.shuffle(pack["items"])
    for c in doc["change_requests"]:
        rng.shuffle(c.get("depends_on", []))
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), plans(), st.integers(0, 2**16))
def test_the_fingerprint_changes_exactly_when_the_bundles_content_does(a, b, seed):
    plan_a, plan_b = build_plan(a), build_plan(b)
    shuffled = build_plan(_shuffled(a, seed))
    for r in plan_a.planned_releases():
        report = bundle_report(plan_a, r.key, PROPERTY_TODAY)
        # Another order of the same plan: the same fingerprint.
        assert bundle_fingerprint(bundle_report(shuffled, r.key, PROPERTY_TODAY)) == \
            bundle_fingerprint(report)
        if r.key in plan_b.releases and plan_b.releases[r.key].status == "planned":
            other = bundle_report(plan_b, r.key, PROPERTY_TODAY)
            same = _content(report) == _content(other)
            assert (bundle_fingerprint(report) == bundle_fingerprint(other)) == same


def test_a_changed_value_an_added_cr_or_a_new_warning_changes_it_and_nothing_else_does():
    base = [cr("CR-1", "R1", "approved", set_("OFR", "price", "9")),
            cr("CR-2", "R1", "approved", set_("OFR", "headline", "Hi"))]
    first = bundle_fingerprint(bundle_report(plan(*base), "R1", TODAY))
    assert len(first) == 12 and int(first, 16) >= 0
    # Another day with the same bundle (nothing frozen or due meanwhile): the same.
    assert bundle_fingerprint(bundle_report(plan(*base), "R1", TODAY + timedelta(days=1))) == first
    # Made by someone else, somewhere else, at another time: the report carries the same one.
    made = build_report(plan(*base), "R1", TODAY, generated_by="bob", database="x.db",
                        generated_at=GENERATED)
    assert made.fingerprint == first
    # An equal number written another way (SPEC.md: 9 equals 9.0) is the same content.
    as_float = [cr("CR-1", "R1", "approved", set_("OFR", "price", 9.0)), base[1]]
    as_int = [cr("CR-1", "R1", "approved", set_("OFR", "price", 9)), base[1]]
    assert bundle_fingerprint(bundle_report(plan(*as_float), "R1", TODAY)) == \
        bundle_fingerprint(bundle_report(plan(*as_int), "R1", TODAY))
    changed = [cr("CR-1", "R1", "approved", set_("OFR", "price", "8")), base[1]]
    more = [*base, cr("CR-3", "R1", "approved")]
    warned = [cr("CR-1", "R1", "approved", set_("OFR", "price", "9"), emergency=True), base[1]]
    others = {bundle_fingerprint(bundle_report(plan(*crs), "R1", TODAY))
              for crs in (changed, more, warned)}
    assert first not in others and len(others) == 3
