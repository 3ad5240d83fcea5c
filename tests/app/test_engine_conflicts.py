"""SPEC.md section 2, `conflicts`: what cannot merge among the CRs of one bundle."""

from app.engine.report import bundle_report
from tests.app.plan_builder import TODAY, cr, create, plan, retire, set_


def conflicts(*crs):
    return [(c.item, c.field, c.values) for c in bundle_report(plan(*crs), "R1", TODAY).conflicts]


def test_two_crs_setting_one_field_to_different_values_conflict():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", "9")),
                     cr("B", "R1", "approved", set_("OFR", "price", "8"))) == \
        [("OFR", "price", {"A": "9", "B": "8"})]


def test_different_fields_of_one_item_merge():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", "9")),
                     cr("B", "R1", "approved", set_("OFR", "headline", "x"))) == []


def test_equal_values_merge():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", "9")),
                     cr("B", "R1", "approved", set_("OFR", "price", "9"))) == []


def test_numbers_compare_numerically():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "n", 1)),
                     cr("B", "R1", "approved", set_("OFR", "n", 1.0))) == []


def test_a_boolean_is_not_a_number_and_a_string_is_not_a_number():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "n", True)),
                     cr("B", "R1", "approved", set_("OFR", "n", 1))) == \
        [("OFR", "n", {"A": True, "B": 1})]
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "n", "1")),
                     cr("B", "R1", "approved", set_("OFR", "n", 1))) == \
        [("OFR", "n", {"A": "1", "B": 1})]


def test_null_conflicts_with_a_value():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", None)),
                     cr("B", "R1", "approved", set_("OFR", "price", "8"))) == \
        [("OFR", "price", {"A": None, "B": "8"})]


def test_every_cr_involved_is_listed_even_those_that_agree():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", "9")),
                     cr("B", "R1", "approved", set_("OFR", "price", "9")),
                     cr("C", "R1", "approved", set_("OFR", "price", "7"))) == \
        [("OFR", "price", {"A": "9", "B": "9", "C": "7"})]


def test_a_cr_that_sets_a_field_twice_counts_with_its_last_value():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", "1"),
                        set_("OFR", "price", "9")),
                     cr("B", "R1", "approved", set_("OFR", "price", "9"))) == []
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", "9"),
                        set_("OFR", "price", "1")),
                     cr("B", "R1", "approved", set_("OFR", "price", "9"))) == \
        [("OFR", "price", {"A": "1", "B": "9"})]


def test_one_cr_alone_never_conflicts_with_itself():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", "1"),
                        set_("OFR", "price", "2"), retire("OFR"))) == []


def test_two_crs_creating_one_item_conflict():
    assert conflicts(cr("A", "R1", "approved", create("NEW")),
                     cr("B", "R1", "approved", create("NEW"))) == \
        [("NEW", "(create)", {"A": "create", "B": "create"})]


def test_a_retire_conflicts_with_another_crs_set_or_retire_of_the_item():
    assert conflicts(cr("A", "R1", "approved", retire("EM")),
                     cr("B", "R1", "approved", set_("EM", "subject", "x"))) == \
        [("EM", "(retire)", {"A": "retire", "B": "set"})]
    assert conflicts(cr("A", "R1", "approved", retire("EM")),
                     cr("B", "R1", "approved", retire("EM"))) == \
        [("EM", "(retire)", {"A": "retire", "B": "retire"})]


def test_a_cr_that_both_sets_and_retires_counts_as_retire():
    assert conflicts(cr("A", "R1", "approved", set_("EM", "subject", "x"), retire("EM")),
                     cr("B", "R1", "approved", set_("EM", "cta", "y"))) == \
        [("EM", "(retire)", {"A": "retire", "B": "set"})]


def test_two_sets_without_a_retire_are_not_a_retire_conflict():
    assert conflicts(cr("A", "R1", "approved", set_("EM", "subject", "x")),
                     cr("B", "R1", "approved", set_("EM", "cta", "y"))) == []


def test_only_bundled_crs_can_conflict():
    assert conflicts(cr("A", "R1", "approved", set_("OFR", "price", "9")),
                     cr("B", "R1", "test", set_("OFR", "price", "8")),
                     cr("C", "R2", "approved", set_("OFR", "price", "7"))) == []


def test_conflicts_are_sorted_by_item_then_field():
    result = conflicts(
        cr("A", "R1", "approved", set_("OFR", "price", "1"), set_("EM", "subject", "1"),
           retire("PDF"), set_("OFR", "headline", "1")),
        cr("B", "R1", "approved", set_("OFR", "price", "2"), set_("EM", "subject", "2"),
           set_("PDF", "version", "2"), set_("OFR", "headline", "2")))
    assert [(item, field) for item, field, _ in result] == [
        ("EM", "subject"), ("OFR", "headline"), ("OFR", "price"), ("PDF", "(retire)")]
