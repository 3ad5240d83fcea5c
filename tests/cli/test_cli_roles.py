"""Roles need PostgreSQL: on a SQLite file the role commands say so (exit 2) and create
nothing; everyone who can open the file may do everything."""

import json

import pytest

from storage.open_store import open_store
from tests.cli.test_cli_db import run


@pytest.mark.parametrize("args", [("roles",), ("grant", "dana", "viewer"), ("revoke", "dana")])
def test_role_commands_on_sqlite_say_roles_need_postgresql(tmp_path, args):
    db = tmp_path / "plan.db"
    done = run("db", args[0], "--db", str(db), *args[1:])
    assert done.returncode == 2
    assert "roles need PostgreSQL" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not db.exists()


def test_on_sqlite_everyone_is_a_manager(tmp_path):
    store = open_store(str(tmp_path / "plan.db"), user="dana")
    try:
        permissions = store.permissions()
    finally:
        store.close()
    assert (permissions.role, permissions.enforced) == ("manager", False)
    assert permissions.may("deploy") and permissions.may("edit_cr", "ANY")


def test_db_upgrade_still_works_with_the_options_after_the_action(tmp_path):
    db = str(tmp_path / "plan.db")
    assert run("demo", "--db", db).returncode == 0
    done = run("db", "upgrade", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["backup"] is None


def test_db_upgrade_creates_no_database(tmp_path):
    """Only demo, generate, import and the desktop client create a database (issue 17)."""
    missing = tmp_path / "plan.db"
    done = run("db", "upgrade", "--db", str(missing))
    assert done.returncode == 2 and "no such database file" in done.stderr
    assert list(tmp_path.iterdir()) == []
