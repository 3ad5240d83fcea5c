"""SPEC.md section 2, `conflicts`: what cannot merge among the CRs of one bundle. Every plan
here puts its CRs in R1 at stage `approved` unless a test says otherwise."""

from app.engine.report import bundle_report
from tests.app.plan_builder import TODAY, cr, create, plan, retire, set_


def conflicts(*crs) -> list:
    r = bundle_report(plan(*crs), "R1", TODAY)
    return [(c.item, c.field, dict(c.values)) for c in r.conflicts]


def ready(key, *changes, **kwargs):
    return cr(key, "R1", "approved", *changes, **kwargs)


# ---- set --------------------------------------------------------------------------------------

def test_two_crs_setting_one_field_to_different_values_conflict():
    assert conflicts(ready("A", set_("OFR", "price", "9")),
                     ready("B", set_("OFR", "price", "8"))) == \
        [("OFR", "price", {"A": "9", "B": "8"})]


def test_two_crs_setting_one_field_to_equal_values_merge():
    assert conflicts(ready("A", set_("OFR", "price", "9")),
                     ready("B", set_("OFR", "price", "9"))) == []


def test_crs_setting_different_fields_of_one_item_merge():
    assert conflicts(ready("A", set_("OFR", "price", "9")),
                     ready("B", set_("OFR", "headline", "x")),
                     ready("C", set_("EM", "subject", "y"))) == []


def test_the_same_field_name_on_different_items_does_not_conflict():
    assert conflicts(ready("A", set_("OFR", "name", "a")),
                     ready("B", set_("EM", "name", "b"))) == []


def test_numbers_compare_numerically_so_1_and_1_0_merge():
    assert conflicts(ready("A", set_("OFR", "n", 1)),
                     ready("B", set_("OFR", "n", 1.0))) == []


def test_true_and_1_are_different_values_and_conflict():
    assert conflicts(ready("A", set_("OFR", "n", True)),
                     ready("B", set_("OFR", "n", 1))) == \
        [("OFR", "n", {"A": True, "B": 1})]


def test_a_string_and_a_number_are_different_values_and_conflict():
    assert conflicts(ready("A", set_("OFR", "n", "1")),
                     ready("B", set_("OFR", "n", 1))) == \
        [("OFR", "n", {"A": "1", "B": 1})]


def test_null_and_a_value_conflict_but_two_nulls_merge():
    assert conflicts(ready("A", set_("OFR", "price", None)),
                     ready("B", set_("OFR", "price", "8"))) == \
        [("OFR", "price", {"A": None, "B": "8"})]
    assert conflicts(ready("A", set_("OFR", "price", None)),
                     ready("B", set_("OFR", "price", None))) == []


def test_values_not_all_equal_conflict_with_every_cr_involved_listed():
    assert conflicts(ready("A", set_("OFR", "price", "9")),
                     ready("B", set_("OFR", "price", "9")),
                     ready("C", set_("OFR", "price", "7"))) == \
        [("OFR", "price", {"A": "9", "B": "9", "C": "7"})]


def test_a_cr_that_sets_a_field_twice_counts_with_its_last_value():
    # A's last value equals B's: no conflict, though A's first value differs.
    assert conflicts(ready("A", set_("OFR", "price", "1"), set_("OFR", "price", "9")),
                     ready("B", set_("OFR", "price", "9"))) == []
    # A's last value differs from B's: the conflict shows A's last value.
    assert conflicts(ready("A", set_("OFR", "price", "9"), set_("OFR", "price", "1")),
                     ready("B", set_("OFR", "price", "9"))) == \
        [("OFR", "price", {"A": "1", "B": "9"})]


def test_one_cr_alone_never_conflicts():
    assert conflicts(ready("A", set_("OFR", "price", "1"), set_("OFR", "price", "2"),
                           create("NEW"), create("NEW"), retire("OFR"), retire("OFR"))) == []


def test_only_crs_of_the_bundle_can_conflict():
    assert conflicts(ready("A", set_("OFR", "price", "9")),
                     cr("B", "R1", "test", set_("OFR", "price", "8")),
                     cr("C", "R1", "on_hold", set_("OFR", "price", "7")),
                     cr("D", "R1", "approved", set_("OFR", "price", "6"), deps=("B",)),
                     cr("E", "R2", "approved", set_("OFR", "price", "5")),
                     cr("F", None, "approved", set_("OFR", "price", "4"))) == []


# ---- create -----------------------------------------------------------------------------------

def test_two_crs_creating_one_item_key_conflict_on_field_create():
    assert conflicts(ready("A", create("NEW", "email")),
                     ready("B", create("NEW", "email"))) == \
        [("NEW", "(create)", {"A": "create", "B": "create"})]


def test_crs_creating_one_item_key_conflict_even_with_identical_content():
    assert conflicts(ready("A", create("NEW", "sms", text="t")),
                     ready("B", create("NEW", "sms", text="t")),
                     ready("C", create("NEW", "sms", text="t"))) == \
        [("NEW", "(create)", {"A": "create", "B": "create", "C": "create"})]


# ---- retire -----------------------------------------------------------------------------------

def test_a_retire_of_an_item_another_cr_sets_conflicts_on_field_retire():
    assert conflicts(ready("A", retire("EM")),
                     ready("B", set_("EM", "subject", "x"))) == \
        [("EM", "(retire)", {"A": "retire", "B": "set"})]


def test_a_retire_of_an_item_another_cr_retires_too_conflicts_on_field_retire():
    assert conflicts(ready("A", retire("EM")),
                     ready("B", retire("EM"))) == \
        [("EM", "(retire)", {"A": "retire", "B": "retire"})]


def test_a_cr_that_both_sets_and_retires_an_item_counts_as_retire():
    assert conflicts(ready("A", set_("EM", "subject", "x"), retire("EM")),
                     ready("B", set_("EM", "cta", "y"))) == \
        [("EM", "(retire)", {"A": "retire", "B": "set"})]
    # The order of A's changes does not matter.
    assert conflicts(ready("A", retire("EM"), set_("EM", "subject", "x")),
                     ready("B", set_("EM", "cta", "y"))) == \
        [("EM", "(retire)", {"A": "retire", "B": "set"})]


def test_sets_of_one_item_without_a_retire_are_no_retire_conflict():
    assert conflicts(ready("A", set_("EM", "subject", "x")),
                     ready("B", set_("EM", "cta", "y"))) == []


def test_a_retire_conflict_lists_every_cr_that_sets_or_retires_the_item():
    assert conflicts(ready("A", set_("EM", "subject", "x")),
                     ready("B", retire("EM")),
                     ready("C", set_("EM", "cta", "y"))) == \
        [("EM", "(retire)", {"A": "set", "B": "retire", "C": "set"})]


# ---- order ------------------------------------------------------------------------------------

def test_conflicts_are_sorted_by_item_then_field():
    # "(" comes before letters in code point order, so "(retire)" sorts before "subject".
    result = conflicts(
        ready("A", set_("OFR", "price", "1"), set_("EM", "subject", "1"), create("NEW"),
              set_("OFR", "headline", "1"), retire("EM")),
        ready("B", set_("OFR", "price", "2"), set_("EM", "subject", "2"), create("NEW"),
              set_("OFR", "headline", "2")))
    assert result == [
        ("EM", "(retire)", {"A": "retire", "B": "set"}),
        ("EM", "subject", {"A": "1", "B": "2"}),
        ("NEW", "(create)", {"A": "create", "B": "create"}),
        ("OFR", "headline", {"A": "1", "B": "2"}),
        ("OFR", "price", {"A": "1", "B": "2"}),
    ]
