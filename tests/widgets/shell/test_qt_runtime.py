"""Regression guard for the PySide6 build this project pins (see pyproject.toml).

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a void-returning Qt
method; after a few thousand calls None's refcount underflows and the process aborts with
"Fatal Python error: none_dealloc". A client calls such methods constantly (setText, update...).
"""

import sys

from PySide6.QtCore import QObject


def test_void_qt_methods_do_not_leak_references_to_none(qapp):
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range(20_000):
        obj.setObjectName(f"n{i % 7}")  # void-returning
    after = sys.getrefcount(None)
    # Immortal None (3.12+) reports a huge constant; a leak makes the count fall by ~20,000.
    assert after >= before - 100, f"None refcount fell from {before} to {after}"
