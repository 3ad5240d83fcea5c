"""Storage tests run twice: on a SQLite file and on a real PostgreSQL server that the suite
starts itself. Without PostgreSQL binaries those runs are skipped with the reason, except under
CI=true, where a skipped PostgreSQL test is a failure."""

from __future__ import annotations

import itertools
import os

import pytest

_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A new, empty database of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "plan.db")
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"rp_test_{os.getpid()}_{next(_counter)}")


@pytest.fixture
def catalog(db_url):
    """The scenarios over a database of each kind holding the demo plan (alice's store)."""
    from cli.common import demo_plan
    from storage.open_store import open_store
    from storage.scenario_store import ScenarioCatalog

    store = open_store(db_url, user="alice")
    store.replace_all(demo_plan(), "demo")
    yield ScenarioCatalog(store)
    store.close()
