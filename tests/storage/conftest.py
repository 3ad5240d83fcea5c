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
