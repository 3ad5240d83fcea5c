"""Every command on a database with a damaged row of each table (issue 25, Build): one line
on stderr naming the table, the key and the field, exit 2, no traceback, and the database
byte for byte as it was. The variants are tests/damaged_tables.py's; the commands run in this
process (tests/cli/conftest.py), so the 2,000-odd runs take seconds."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from main import main
from tests.cli.conftest import beside, digest
from tests.damaged_tables import DAMAGES, SIDE_DAMAGES

# Every command that reads the plan, reading and writing ones, each output format.
PLAN_COMMANDS = [
    ("bundle", "--release", "R-FEB"),
    ("bundle", "--release", "R-FEB", "--format", "json"),
    ("bundle", "--release", "R-FEB", "--scenario", "S1"),
    ("deploy", "R-FEB"),
    ("export", "-o", "{out}.json"),
    ("report", "--release", "R-FEB", "-o", "{out}.pdf"),
    ("report", "--release", "R-FEB", "-o", "{out}.html"),
    ("report", "--release", "R-FEB", "-o", "{out}.xlsx"),
    ("report", "--release", "R-FEB", "-o", "{out}.csv"),
    ("report", "--sends", "-o", "{out}.ics"),
    ("timeline", "-o", "{out}.svg"),
    ("timeline", "-o", "{out}.png"),
    ("baseline", "take", "B1"),
    ("slip", "--since", "B0"),
    ("signoff", "--release", "R-FEB", "--by", "Ann"),
    ("scenario", "diff", "live", "S1"),
    ("scenario", "promote", "S1"),
    ("export-issues", "--source", "jira", "-o", "{out}.csv"),
]
# A move reads the CR, its release, the CRs next to it in the dependency graph, and the
# small tables (storage/scoped_load.py); a variant's `read_by_a_move` says whether it is one.
MOVE = ("schedule", "CR-203", "R-MAR")
# The tables beside the plan and the commands that read them.
SIDE_COMMANDS = {
    "baselines": [("baseline", "list"), ("slip", "--since", "B0")],
    "scenario_changes": [("scenario", "list"), ("scenario", "diff", "live", "S1"),
                         ("bundle", "--release", "R-MAR", "--scenario", "S1")],
    "scenarios": [("scenario", "list")],
    "audit_log": [("slip", "--since", "B0")],
}


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """The demo plan with a baseline B0 and a scenario S1 that moves one CR."""
    db = tmp_path_factory.mktemp("damaged-base") / "plan.db"
    for argv in (["demo"], ["baseline", "take", "B0"], ["scenario", "create", "S1"],
                 ["schedule", "CR-209", "R-MAR", "--scenario", "S1"]):
        assert main([*argv[:2], "--db", str(db), *argv[2:]]) == 0, argv
    return db


def _damaged_copy(base_db, tmp_path, sql: str):
    db = tmp_path / "plan.db"
    shutil.copy(base_db, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return db


def _argv(command: tuple, db, out) -> list[str]:
    """`command` with --db after its action: `baseline take B1` -> baseline take --db DB B1."""
    words = [a.format(out=out) for a in command]
    at = 2 if words[0] in ("baseline", "scenario") else 1
    return [*words[:at], "--db", str(db), *words[at:]]


def _runs_named(cli, db, damage, commands) -> None:
    before = digest(*beside(db))
    out = db.with_name("out")
    for command in commands:
        code, stdout, err = cli(*_argv(command, db, out))
        said = f"damaged row in table {damage.table}, key {damage.key}"
        assert code == 2, (command, stdout, err)
        assert err.startswith(f"release-planner {command[0]}: {db}: {said}"), (command, err)
        assert damage.field in err and err.count("\n") == 1, (command, err)
        assert "Traceback" not in err and stdout == "", (command, stdout)
    assert digest(*beside(db)) == before
    assert sorted(p.name for p in db.parent.iterdir() if p.name != "local") == ["plan.db"]


@pytest.mark.parametrize("damage", DAMAGES, ids=[d.name for d in DAMAGES])
def test_every_command_names_a_damaged_plan_row_and_changes_nothing(
        cli, base_db, tmp_path, damage):
    db = _damaged_copy(base_db, tmp_path, damage.sql)
    _runs_named(cli, db, damage,
                PLAN_COMMANDS + ([MOVE] if damage.read_by_a_move else []))


@pytest.mark.parametrize("damage", SIDE_DAMAGES, ids=[d.name for d in SIDE_DAMAGES])
def test_the_commands_reading_a_side_table_name_its_damaged_row_and_change_nothing(
        cli, base_db, tmp_path, damage):
    db = _damaged_copy(base_db, tmp_path, damage.sql)
    commands = SIDE_COMMANDS[damage.table]
    if damage.name == "baseline content not zlib":  # a list reads no baseline's content
        commands = [c for c in commands if c != ("baseline", "list")]
    _runs_named(cli, db, damage, commands)


def test_a_move_names_a_dependency_on_a_cr_it_does_not_load(cli, base_db, tmp_path):
    """`schedule` loads only the CRs next to the one moved (issue 25): a dependency row of a
    CR it loads that names a missing CR is named as the whole plan's load names it."""
    db = _damaged_copy(base_db, tmp_path,
                       "INSERT INTO dependencies VALUES ('CR-305', 'CR-999', 9)")
    damaged = ("damaged row in table change_requests, key 'CR-305': depends_on[1]: unknown "
               'change request "CR-999"')
    for move in (("schedule", "CR-305", "R-APR"), ("schedule", "CR-306", "R-APR"),
                 ("bundle", "--release", "R-MAR")):
        code, _out, err = cli(*_argv(move, db, None))
        assert code == 2 and damaged in err and err.count("\n") == 1, (move, err)
