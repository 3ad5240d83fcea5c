"""Text no plan may hold, written into a CR's row by another program, is a damaged row on load,
whichever column holds it: the loader searches the rows' raw text (plain and JSON columns,
and the dependencies' keys) before it builds the plan, so the check costs one search."""

from __future__ import annotations

import sqlite3

import pytest

from app.edits.store_port import StoreError
from app.generate.starting_plans import demo_plan
from storage.open_store import open_store

CASES = [
    ("a title with an ESC", "UPDATE change_requests SET title = 'Fee' || char(27) || '[2J' "
                            "WHERE key = 'CR-301'", "CR-301", "\\u001b"),
    ("a justification with a bell", "UPDATE change_requests SET justification = 'now' || "
                                    "char(7) WHERE key = 'CR-205'", "CR-205", "\\u0007"),
    ("a change's value escaped in the JSON column",
     "UPDATE change_requests SET changes = json_set(changes, '$[0][3]', 'x' || char(31)) "
     "WHERE key = 'CR-301'", "CR-301", "\\u001f"),
    ("U+FFFF in a title", "UPDATE change_requests SET title = 'x' || char(65535) "
                          "WHERE key = 'CR-309'", "CR-309", "\\uffff"),
]


@pytest.mark.parametrize(("case", "sql", "key", "character"), CASES, ids=[c[0] for c in CASES])
def test_a_forbidden_character_in_any_column_of_a_cr_is_a_damaged_row(tmp_path, case, sql, key,
                                                                      character):
    db = str(tmp_path / "plan.db")
    store = open_store(db, user="ann")
    store.replace_all(demo_plan(), "demo")
    store.close()
    with sqlite3.connect(db) as conn:
        conn.execute(sql)
    store = open_store(db, user="ann")
    try:
        with pytest.raises(StoreError, match="damaged row") as refused:
            store.load()
    finally:
        store.close()
    assert key in str(refused.value) and character in str(refused.value)


def test_a_dependency_key_with_a_control_character_is_a_damaged_row(tmp_path):
    db = str(tmp_path / "plan.db")
    store = open_store(db, user="ann")
    store.replace_all(demo_plan(), "demo")
    store.close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE dependencies SET depends_on = 'CR-3' || char(1) "
                     "WHERE rowid = (SELECT min(rowid) FROM dependencies)")
    store = open_store(db, user="ann")
    try:
        with pytest.raises(StoreError, match="damaged row"):
            store.load()
    finally:
        store.close()
