"""JSON value equality (SPEC.md section 1): numbers compare numerically, other types only with
their own type, so `1 == 1.0` but `true != 1` and `"1" != 1`."""

from __future__ import annotations


def json_equal(a: object, b: object) -> bool:
    ta, tb = type(a), type(b)
    if ta is tb:
        return a == b
    # Python's bool is an int: keep it out of the numeric comparison.
    if ta in (int, float) and tb in (int, float):
        return a == b
    return False


def all_equal(values) -> bool:
    values = list(values)
    return all(json_equal(values[0], v) for v in values[1:])
