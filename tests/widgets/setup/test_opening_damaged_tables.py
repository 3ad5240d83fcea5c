"""The client's open on a database with a damaged row, one per table of the plan (issue 25,
Build), run as an ordinary user: a dialog names the table, the key and the field, no plan is
shown to edit, and the file is left as it was, row for row (the window's presence row aside),
with nothing beside it. The variants are tests/damaged_tables.py's, as the commands meet them."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3

import pytest

from storage.open_store import open_store
from tests.damaged_tables import DAMAGES
from tests.widgets.conftest import wait_until
from tests.widgets.shell.test_database_opening import (
    _dialogs,
    _plan_rows,
    demo_file,  # noqa: F401 (a fixture)
    ordinary_user,
    shared_folder,  # noqa: F401 (a fixture)
)

# The first variant of each table.
ONE_PER_TABLE = list({d.table: d for d in reversed(DAMAGES)}.values())


@pytest.mark.parametrize("damage", ONE_PER_TABLE, ids=[d.table for d in ONE_PER_TABLE])
def test_the_client_names_a_damaged_row_of_each_table_in_a_dialog_and_writes_nothing(
        qtbot, demo_file, shared_folder, monkeypatch, damage):  # noqa: F811
    from widgets.session.session import Session
    from widgets.shell.features import FEATURES
    from widgets.shell.main_window import MainWindow

    db = shared_folder / "plan.db"
    shutil.copy(demo_file, db)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.executescript(damage.sql)
        conn.commit()
    db.chmod(0o666)
    shared_folder.chmod(0o777)
    before = _plan_rows(db)
    shown = _dialogs(monkeypatch)
    with ordinary_user():
        store = open_store(str(db), user="tester")
        try:
            win = MainWindow(Session(store), [make() for make in FEATURES], str(db), "tester",
                             None)
            qtbot.addWidget(win)
            win.show()
            win.session.load()
            wait_until(lambda: shown, what="the damaged row's dialog")
            assert f"damaged row in table {damage.table}, key {damage.key}" in shown[0]
            assert damage.field in shown[0]
            assert win.session.plan is None  # nothing of the damaged plan to edit
            win.close()
        finally:
            store.close()
    assert len(shown) == 1
    # Every row as it was: the window wrote nothing but its presence, and left no -wal.
    assert _plan_rows(db) == before
    assert sorted(p.name for p in shared_folder.iterdir()) == ["plan.db"]
