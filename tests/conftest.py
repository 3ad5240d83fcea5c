import os
from pathlib import Path

import pytest

from tests.storage.pg_server import PostgresServer, find_bindir

# Qt tests run headless everywhere (CI has no display).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def spec_example_path() -> Path:
    return FIXTURES / "spec_example.json"


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
