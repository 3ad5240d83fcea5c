"""The fast path of plan validation must never accept what the detailed checker refuses, and
must build the very same change request when it accepts."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.plan_fast_path import quick_change_request
from app.plan_validation import _Checker, checked_change_request

ODD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2, 6), st.floats(allow_nan=True),
                       st.text(max_size=3), st.lists(st.integers(), max_size=2),
                       st.dictionaries(st.text(max_size=2), st.integers(), max_size=1))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=3))


def changes():
    set_change = st.fixed_dictionaries(
        {"op": st.just("set"), "item": st.sampled_from(["I1", "", 3]),
         "field": st.sampled_from(["f", "", None]), "to": SCALARS},
        optional={"from": SCALARS, "extra": st.just(1)})
    retire = st.fixed_dictionaries({"op": st.just("retire"), "item": st.sampled_from(["I1", ""])},
                                   optional={"field": st.just("f")})
    create = st.fixed_dictionaries({"op": st.just("create"), "item": st.just("N"),
                                    "pack": st.just("P"), "kind": st.just("pdf"),
                                    "name": st.just("New")})
    return st.one_of(set_change, retire, create, ODD_VALUES)


crs = st.fixed_dictionaries(
    {"key": st.sampled_from(["CR-1", ""]), "title": st.sampled_from(["T", 1]),
     "team": st.sampled_from(["A", "", None]),
     "stage": st.sampled_from(["draft", "approved", "on_hold", "shipped", 2])},
    optional={"release": st.sampled_from([None, "R1", "", 5]), "estimate_hours": ODD_VALUES,
              "priority": ODD_VALUES, "emergency": ODD_VALUES, "justification": ODD_VALUES,
              "depends_on": st.one_of(ODD_VALUES, st.lists(st.sampled_from(["CR-2", "CR-3", ""]),
                                                           max_size=3)),
              "changes": st.one_of(ODD_VALUES, st.lists(changes(), max_size=3)),
              "unknown": st.just(True)})


@settings(max_examples=2000, deadline=None)
@given(crs)
def test_fast_path_agrees_with_the_detailed_checker(raw):
    quick = quick_change_request(raw)
    checker = _Checker()
    _, detailed = checked_change_request(checker, raw, "change_requests[0]")
    if quick is not None:
        assert checker.problems == []
        assert quick == detailed
    elif detailed is not None:
        # The fast path may decline valid CRs (it leaves creates to the detailed checker).
        assert any(ch.op == "create" for ch in detailed.changes)
