"""Commands run in this process (fast: no interpreter start), their exit code and output."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from main import main


class Runner:
    def __init__(self, capsys):
        self.capsys = capsys

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        """Exit code, stdout and stderr of `release-planner ARGV`. An exception escaping
        main() (a traceback for the user) fails the test."""
        self.capsys.readouterr()
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path) -> Runner:
    # The local plan of these tests is theirs: never the user's.
    monkeypatch.setenv("RELEASE_PLANNER_DB", str(tmp_path / "local" / "plan.db"))
    return Runner(capsys)


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def demo_db(demo_db_file, tmp_path) -> Path:
    """A copy of a database filled with the demo plan."""
    db = tmp_path / "plan.db"
    shutil.copy(demo_db_file, db)
    return db


def digest(*paths: Path) -> dict[str, str | None]:
    """What is at each path, byte for byte (None: nothing), to show a command changed nothing."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
            for p in paths}


def beside(db: Path) -> list[Path]:
    """The database file and the files SQLite keeps next to it."""
    return [db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))]
