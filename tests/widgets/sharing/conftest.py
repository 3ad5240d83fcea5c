"""Two planners' windows on one database, for the sharing tests: Ann's and Bob's, on SQLite
and on a real PostgreSQL with real logins."""

from __future__ import annotations

import pytest

from storage.open_store import open_store
from tests.storage.shared_db import SharedPlan
from tests.widgets.conftest import make_window
from widgets.shell.main_window import MainWindow


def planner_window(qtbot, target: str, user: str) -> MainWindow:
    return make_window(qtbot, open_store(target, user=user), target, user, size=(1200, 700))


@pytest.fixture(params=["sqlite", "postgresql"])
def two(request, qtbot, tmp_path):
    """Ann's and Bob's windows on one database holding the demo plan."""
    yield from _two_windows(request.param, request, qtbot, tmp_path)


@pytest.fixture
def two_on_postgres(request, qtbot, tmp_path):
    yield from _two_windows("postgresql", request, qtbot, tmp_path)


def _two_windows(kind: str, request, qtbot, tmp_path):
    if kind == "sqlite":
        db = str(tmp_path / "shared.db")
        store = open_store(db, user="setup")
        from tests.app.plan_builder import demo_plan

        store.replace_all(demo_plan(), "demo")
        store.close()
        logins = ((db, "ann"), (db, "bob"))
    else:
        shared = SharedPlan(request.getfixturevalue("postgres_server"))
        shared.set_up()  # demo, db roles, grants: a manager, and the database's owner
        # With roles the server names the user (session_user): the logins are the names.
        logins = ((shared.url(shared.manager), shared.manager),
                  (shared.url(shared.owner), shared.owner))
    ann = planner_window(qtbot, *logins[0])
    bob = planner_window(qtbot, *logins[1])
    yield ann, bob
    for window in (ann, bob):
        window.close()  # it closes its store

