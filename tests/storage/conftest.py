"""Storage tests run twice: on a SQLite file and on a real PostgreSQL server that the suite
starts itself. Without PostgreSQL binaries those runs are skipped with the reason, except under
CI=true, where a skipped PostgreSQL test is a failure."""

from __future__ import annotations

import itertools
import os

import pytest

from tests.storage.pg_server import PostgresServer, find_bindir

_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    bindir = find_bindir()
    if bindir is None:
        reason = ("PostgreSQL is not installed (Debian package 'postgresql'); "
                  "scripts/test.sh installs it")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test PostgreSQL: {reason}")
        pytest.skip(reason)
    server = PostgresServer(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A new, empty database of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "plan.db")
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"rp_test_{os.getpid()}_{next(_counter)}")
