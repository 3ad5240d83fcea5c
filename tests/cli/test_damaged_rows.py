"""A database row may hold what a plan file may, no more (issue 25 item 1): a row that breaks
the plan file's rules is damaged, named by table, key and what, by every command, in one line
with exit 2, and nothing is written. Rows damaged past parsing (bad JSON, `null` changes, a
go_live of "soon") and rows that parse but break a rule (priority 9, colour "red", 0001-01-01,
stage "deployed" in a planned release, a cycle) are one rule."""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli.conftest import beside, digest

# (what is damaged, SQL, the table and key named, words of what is wrong)
DAMAGES = [
    ("settings workdays [8]", "UPDATE settings SET workdays = '[8]'",
     "table settings, key 1", "workdays"),
    ("team colour red", "UPDATE teams SET color = 'red' WHERE key = 'ACQ'",
     "table teams, key 'ACQ'", 'color: "red" is not a colour of the form #rrggbb'),
    ("team members 99999999999", "UPDATE teams SET members = 99999999999 WHERE key = 'ACQ'",
     "table teams, key 'ACQ'", "members: must be at most 10,000"),
    ("pack name a control character", "UPDATE offer_packs SET name = 'Broad' || char(11) "
                                      "WHERE key = 'BB'",
     "table offer_packs, key 'BB'", "name: text holds the control character \\u000b"),
    ("release key -R", "UPDATE releases SET key = '-R' WHERE key = 'R-APR'",
     "table releases, key '-R'", 'key: "-R" starts with "-"'),
    ("item nested attribute", "UPDATE items SET attributes = '{\"a\": {\"b\": 1}}' "
                              "WHERE key = 'OFR-UNL'",
     "table items, key 'OFR-UNL'", "attributes.a: must be a string, number, boolean or null"),
    ("release go_live soon", "UPDATE releases SET go_live = 'soon' WHERE key = 'R-MAR'",
     "table releases, key 'R-MAR'", "soon"),
    ("release go_live 0001-01-01", "UPDATE releases SET go_live = '0001-01-01' "
                                   "WHERE key = 'R-APR'",
     "table releases, key 'R-APR'", 'go_live: "0001-01-01" is outside the dates a plan may hold'),
    ("CR priority 9", "UPDATE change_requests SET priority = 9 WHERE key = 'CR-203'",
     "table change_requests, key 'CR-203'", "priority: 9 is not a priority from 1 to 5"),
    ("CR changes null", "UPDATE change_requests SET changes = 'null' WHERE key = 'CR-203'",
     "table change_requests, key 'CR-203'", ""),
    ("CR deployed in a planned release", "UPDATE change_requests SET stage = 'deployed' "
                                         "WHERE key = 'CR-203'",
     "table change_requests, key 'CR-203'", 'stage "deployed" needs a deployed release'),
    ("CR estimate infinite", "UPDATE change_requests SET estimate_hours = 9e999 "
                             "WHERE key = 'CR-203'",
     "table change_requests, key 'CR-203'", "estimate_hours: must be a finite number"),
    ("team name a BLOB", "UPDATE teams SET name = x'00ff' WHERE key = 'ACQ'",
     "table teams, key 'ACQ'", "name: must be a string, not bytes"),
    ("CR team dangling", "UPDATE change_requests SET team = 'NOPE' WHERE key = 'CR-203'",
     "table change_requests, key 'CR-203'", 'team: unknown team "NOPE"'),
    ("dependency cycle", "INSERT INTO dependencies VALUES ('CR-201', 'CR-203', 9)",
     "table change_requests, key 'CR-201'",
     "depends_on: dependency cycle: CR-201 -> CR-203 -> CR-201"),
    ("dangling dependency", "INSERT INTO dependencies VALUES ('CR-201', 'CR-999', 9)",
     "table change_requests, key 'CR-201'", 'unknown change request "CR-999"'),
]

COMMANDS = [
    ("bundle", "--release", "R-FEB"),
    ("schedule", "CR-203", "R-MAR"),
    ("deploy", "R-FEB"),
    ("export", "-o", "{out}.json"),
    ("report", "--release", "R-FEB", "-o", "{out}.pdf"),
    ("report", "--sends", "-o", "{out}.ics"),
    ("timeline", "-o", "{out}.svg"),
]
# A move reads only the CR moved and those next to it in the dependency graph (issue 11):
# the items and the other CRs it does not read are not its to judge (CR-999 is not read).
NOT_READ_BY_A_MOVE = {"item nested attribute", "dangling dependency"}


def _damage(db, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("what, sql, row, detail", DAMAGES, ids=[d[0] for d in DAMAGES])
def test_every_command_names_a_damaged_row_in_one_line_and_changes_nothing(
        cli, demo_db, what, sql, row, detail):
    _damage(demo_db, sql)
    before = digest(*beside(demo_db))
    out = demo_db.with_name("out")
    for command in COMMANDS:
        if command[0] == "schedule" and what in NOT_READ_BY_A_MOVE:
            continue
        argv = [a.format(out=out) for a in command]
        code, stdout, err = cli(argv[0], "--db", str(demo_db), *argv[1:])
        assert code == 2, (command, stdout, err)
        assert err.startswith(f"release-planner {argv[0]}: {demo_db}: damaged row in {row}: "), \
            (command, err)
        assert detail in err and err.count("\n") == 1, (command, err)
        assert "restore the database from a backup or correct the row" in err
    assert digest(*beside(demo_db)) == before
    assert sorted(p.name for p in demo_db.parent.iterdir() if p.name != "local") == ["plan.db"]
