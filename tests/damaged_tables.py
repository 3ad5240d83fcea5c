"""Damaged rows, table by table (issue 25): what a hostile or broken row of each table of
storage/schema.py can hold, written straight into a copy of the demo database. Each variant
names the table, the key and the field every command and the client must name for it.

A column declared NOT NULL cannot hold a null in SQLite (nor NaN, which SQLite stores as
null), so nulls are tried where the schema allows them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Damage:
    name: str
    table: str
    sql: str
    key: str  # the key as the message names it (repr)
    field: str  # words the message holds: the field, and what is wrong where it is short
    read_by_a_move: bool = True  # `schedule CR-203` reads the row (storage/scoped_load.py)


def _set(table: str, where: str, assignment: str) -> str:
    return f"UPDATE {table} SET {assignment} WHERE {where}"


_TEAM = "key = 'ACQ'"
_PACK = "key = 'BB'"
_ITEM = "key = 'OFR-UNL'"
_RELEASE = "key = 'R-MAR'"
_CR = "key = 'CR-203'"
_S, _ACQ, _BB, _UNL, _MAR, _203 = "1", "'ACQ'", "'BB'", "'OFR-UNL'", "'R-MAR'", "'CR-203'"
_SEND = "kind = 'email', attributes = '{\"send_date\": \"%s\", \"audience\": \"a\"}'"
_CREATE = "changes = '[[\"create\", \"NEW\", %s, %s, \"n\", %s, %s]]'"

DAMAGES = [
    # settings: one row, id 1
    Damage("today soon", "settings", "UPDATE settings SET today = 'soon'", _S, "soon"),
    Damage("today 0001-01-01", "settings", "UPDATE settings SET today = '0001-01-01'", _S,
           "today: \"0001-01-01\" is outside the dates"),
    Damage("today a number", "settings", "UPDATE settings SET today = 5", _S, "'5'"),
    Damage("ready_stage deployed", "settings", "UPDATE settings SET ready_stage = 'deployed'",
           _S, "ready_stage"),
    Damage("legacy_stage a BLOB", "settings", "UPDATE settings SET legacy_stage = x'00ff'", _S,
           "stage"),
    Damage("lead_time_days a list", "settings", "UPDATE settings SET lead_time_days = '[1]'",
           _S, "lead_time_days"),
    Damage("lead_time_days negative", "settings",
           "UPDATE settings SET lead_time_days = '{\"email\": -1}'", _S, "lead_time_days.email"),
    Damage("lead_time_days NaN", "settings",
           "UPDATE settings SET lead_time_days = '{\"email\": NaN}'", _S, "lead_time_days"),
    Damage("lead_time_days not JSON", "settings", "UPDATE settings SET lead_time_days = '{'",
           _S, "not valid JSON"),
    Damage("workdays [8]", "settings", "UPDATE settings SET workdays = '[8]'", _S, "workdays"),
    Damage("workdays empty", "settings", "UPDATE settings SET workdays = '[]'", _S, "workdays"),
    Damage("workdays null", "settings", "UPDATE settings SET workdays = 'null'", _S,
           "NoneType"),
    Damage("communications a list", "settings", "UPDATE settings SET communications = '[]'",
           _S, "communications"),
    Damage("communications kinds a string", "settings",
           "UPDATE settings SET communications = "
           "'{\"kinds\": \"email\", \"min_gap_days\": 1, \"max_per_week\": 2}'", _S,
           "communications"),
    Damage("communications negative gap", "settings",
           "UPDATE settings SET communications = "
           "'{\"kinds\": [\"email\"], \"min_gap_days\": -3, \"max_per_week\": 2}'", _S,
           "communications.min_gap_days"),
    Damage("settings id 2", "settings", "UPDATE settings SET id = 2", "2", "id: "),
    Damage("a second settings row", "settings",
           "INSERT INTO settings SELECT 7, today, ready_stage, legacy_stage, lead_time_days, "
           "workdays, communications, version FROM settings", "7", "id: "),
    # teams
    Damage("team colour red", "teams", _set("teams", _TEAM, "color = 'red'"), _ACQ, "color"),
    Damage("team members 99999999999", "teams", _set("teams", _TEAM, "members = 99999999999"),
           _ACQ, "members"),
    Damage("team members 0", "teams", _set("teams", _TEAM, "members = 0"), _ACQ, "members"),
    Damage("team members text", "teams", _set("teams", _TEAM, "members = 'three'"), _ACQ,
           "members"),
    Damage("team members 2.5", "teams", _set("teams", _TEAM, "members = 2.5"), _ACQ, "members"),
    Damage("team hours infinite", "teams", _set("teams", _TEAM, "hours_per_day = 9e999"), _ACQ,
           "hours_per_day"),
    Damage("team hours 25", "teams", _set("teams", _TEAM, "hours_per_day = 25"), _ACQ,
           "hours_per_day"),
    Damage("team name a BLOB", "teams", _set("teams", _TEAM, "name = x'00ff'"), _ACQ, "name"),
    Damage("team name U+001B", "teams", _set("teams", _TEAM, "name = 'A' || char(27)"), _ACQ,
           "name"),
    Damage("team name U+FFFE", "teams", _set("teams", _TEAM, "name = 'A' || char(65534)"),
           _ACQ, "name"),
    Damage("team name 40,000 characters", "teams",
           _set("teams", _TEAM, "name = printf('%.40000c', 'x')"), _ACQ, "name"),
    Damage("team key -T", "teams", _set("teams", _TEAM, "key = '-T'"), "'-T'", "key"),
    Damage("team key empty", "teams", _set("teams", _TEAM, "key = ''"), "''", "key"),
    # offer packs
    Damage("pack name a BLOB", "offer_packs", _set("offer_packs", _PACK, "name = x'ff'"), _BB,
           "name"),
    Damage("pack name U+0008", "offer_packs",
           _set("offer_packs", _PACK, "name = 'B' || char(8)"), _BB, "name"),
    Damage("pack key --help", "offer_packs",
           "UPDATE offer_packs SET key = '--help' WHERE key = 'BB'; "
           "UPDATE items SET pack = '--help' WHERE pack = 'BB'", "'--help'", "key"),
    # items (a move does not read them)
    Damage("item nested attribute", "items",
           _set("items", _ITEM, "attributes = '{\"a\": {\"b\": 1}}'"), _UNL, "attributes.a",
           read_by_a_move=False),
    Damage("item attributes a list", "items", _set("items", _ITEM, "attributes = '[1]'"), _UNL,
           "attributes", read_by_a_move=False),
    Damage("item attributes not JSON", "items", _set("items", _ITEM, "attributes = '{'"), _UNL,
           "not valid JSON", read_by_a_move=False),
    Damage("item attribute NaN", "items", _set("items", _ITEM, "attributes = '{\"p\": NaN}'"),
           _UNL, "attributes.p", read_by_a_move=False),
    Damage("item uses a string", "items", _set("items", _ITEM, "uses = '\"OFR-SIM\"'"), _UNL,
           "uses", read_by_a_move=False),
    Damage("item uses a missing item", "items", _set("items", _ITEM, "uses = '[\"NOPE\"]'"),
           _UNL, 'uses[0]: unknown item "NOPE"', read_by_a_move=False),
    Damage("item status sold", "items", _set("items", _ITEM, "status = 'sold'"), _UNL,
           "status", read_by_a_move=False),
    Damage("item kind a BLOB", "items", _set("items", _ITEM, "kind = x'00'"), _UNL, "kind",
           read_by_a_move=False),
    Damage("item in a missing pack", "items", _set("items", _ITEM, "pack = 'NOPE'"), _UNL,
           'pack: unknown offer pack "NOPE"', read_by_a_move=False),
    Damage("item send_date 9999-12-31", "items", _set("items", _ITEM, _SEND % "9999-12-31"),
           _UNL, "send_date", read_by_a_move=False),
    Damage("item send_date soon", "items", _set("items", _ITEM, _SEND % "soon"), _UNL,
           "send_date", read_by_a_move=False),
    # releases
    Damage("release go_live soon", "releases", _set("releases", _RELEASE, "go_live = 'soon'"),
           _MAR, "soon"),
    Damage("release go_live 0001-01-01", "releases",
           _set("releases", _RELEASE, "go_live = '0001-01-01'"), _MAR, "go_live"),
    Damage("release go_live 9999-12-31", "releases",
           _set("releases", _RELEASE, "go_live = '9999-12-31'"), _MAR, "go_live"),
    Damage("release go_live a number", "releases",
           _set("releases", _RELEASE, "go_live = 20270225"), _MAR, "20270225"),
    Damage("release go_live 2027-W05-1", "releases",
           _set("releases", _RELEASE, "go_live = '2027-W08-4'"), _MAR, "go_live"),
    Damage("release freeze_days -1", "releases", _set("releases", _RELEASE, "freeze_days = -1"),
           _MAR, "freeze_days"),
    Damage("release freeze_days 99999999999", "releases",
           _set("releases", _RELEASE, "freeze_days = 99999999999"), _MAR, "freeze_days"),
    Damage("release status live", "releases", _set("releases", _RELEASE, "status = 'live'"),
           _MAR, "status"),
    Damage("release name a BLOB", "releases", _set("releases", _RELEASE, "name = x'ff00'"),
           _MAR, "name"),
    Damage("release name U+000C", "releases",
           _set("releases", _RELEASE, "name = 'R' || char(12)"), _MAR, "name"),
    Damage("release key -R", "releases",
           "UPDATE releases SET key = '-R' WHERE key = 'R-MAR'; "
           "UPDATE change_requests SET release = '-R' WHERE release = 'R-MAR'", "'-R'", "key"),
    # change requests
    Damage("CR priority 9", "change_requests", _set("change_requests", _CR, "priority = 9"),
           _203, "priority"),
    Damage("CR priority text", "change_requests",
           _set("change_requests", _CR, "priority = 'high'"), _203, "priority"),
    Damage("CR stage deployed in a planned release", "change_requests",
           _set("change_requests", _CR, "stage = 'deployed'"), _203, "stage"),
    Damage("CR stage a BLOB", "change_requests", _set("change_requests", _CR, "stage = x'00'"),
           _203, "stage"),
    Damage("CR estimate infinite", "change_requests",
           _set("change_requests", _CR, "estimate_hours = 9e999"), _203, "estimate_hours"),
    Damage("CR estimate -1", "change_requests",
           _set("change_requests", _CR, "estimate_hours = -1"), _203, "estimate_hours"),
    Damage("CR estimate text", "change_requests",
           _set("change_requests", _CR, "estimate_hours = 'ten'"), _203, "estimate_hours"),
    Damage("CR emergency 7", "change_requests", _set("change_requests", _CR, "emergency = 7"),
           _203, "emergency"),
    Damage("CR emergency 'yes'", "change_requests",
           _set("change_requests", _CR, "emergency = 'yes'"), _203, "emergency"),
    Damage("CR title a BLOB", "change_requests", _set("change_requests", _CR, "title = x'ff'"),
           _203, "title"),
    Damage("CR title NUL", "change_requests",
           _set("change_requests", _CR, "title = 'T' || char(0)"), _203, "title"),
    Damage("CR title U+FFFF", "change_requests",
           _set("change_requests", _CR, "title = 'T' || char(65535)"), _203, "title"),
    Damage("CR team dangling", "change_requests", _set("change_requests", _CR, "team = 'NOPE'"),
           _203, 'team: unknown team "NOPE"'),
    Damage("CR release dangling", "change_requests",
           _set("change_requests", _CR, "release = 'NOPE'"), _203, "release"),
    Damage("CR release a number", "change_requests",
           _set("change_requests", _CR, "release = 5"), _203, "release"),
    Damage("CR changes null", "change_requests",
           _set("change_requests", _CR, "changes = 'null'"), _203, "changes: not a JSON list"),
    Damage("CR changes an object", "change_requests",
           _set("change_requests", _CR, "changes = '{}'"), _203, "changes: not a JSON list"),
    Damage("CR changes not JSON", "change_requests",
           _set("change_requests", _CR, "changes = '[['"), _203, "not valid JSON"),
    Damage("CR change of an unknown op", "change_requests",
           _set("change_requests", _CR, "changes = '[[\"frob\", \"X\"]]'"), _203, "changes"),
    Damage("CR set change too short", "change_requests",
           _set("change_requests", _CR, "changes = '[[\"set\"]]'"), _203, "change_requests"),
    Damage("CR set to an object", "change_requests",
           _set("change_requests", _CR, "changes = '[[\"set\", \"LP-UNL\", \"hero\", {\"a\": 1}]]'"),
           _203, "changes[0].to", read_by_a_move=False),
    Damage("CR set of a missing item", "change_requests",
           _set("change_requests", _CR, "changes = '[[\"set\", \"NOPE\", \"hero\", \"x\"]]'"),
           _203, 'unknown item "NOPE"', read_by_a_move=False),
    Damage("CR create of a kind 5", "change_requests",
           _set("change_requests", _CR, _CREATE % ('"BB"', "5", "{}", "[]")), _203,
           "changes[0].kind", read_by_a_move=False),
    Damage("CR create in a missing pack", "change_requests",
           _set("change_requests", _CR, _CREATE % ('"NOPE"', '"email"', "{}", "[]")), _203,
           'unknown offer pack "NOPE"', read_by_a_move=False),
    Damage("CR create using a missing item", "change_requests",
           _set("change_requests", _CR, _CREATE % ('"BB"', '"email"', "{}", '["NOPE"]')), _203,
           'unknown item "NOPE"', read_by_a_move=False),
    Damage("CR create a send on 9999-12-31", "change_requests",
           _set("change_requests", _CR, _CREATE % (
               '"BB"', '"email"', '{"send_date": "9999-12-31", "audience": "a"}', "[]")),
           _203, "send_date", read_by_a_move=False),
    Damage("CR retire of a missing item", "change_requests",
           _set("change_requests", _CR, "changes = '[[\"retire\", \"NOPE\"]]'"), _203,
           'unknown item "NOPE"', read_by_a_move=False),
    Damage("CR set field U+001B", "change_requests",
           _set("change_requests", _CR,
                "changes = '[[\"set\", \"LP-UNL\", \"h' || char(27) || '\", \"x\"]]'"),
           _203, "not valid JSON"),
    Damage("CR key U+2028", "change_requests",
           "UPDATE change_requests SET key = 'CR-203' || char(8232) WHERE key = 'CR-203'; "
           "UPDATE dependencies SET cr = 'CR-203' || char(8232) WHERE cr = 'CR-203'",
           "'CR-203\\u2028'", "key", read_by_a_move=False),
    # dependencies
    Damage("a dependency cycle", "change_requests",
           "INSERT INTO dependencies VALUES ('CR-201', 'CR-203', 9)", "'CR-201'",
           "depends_on: dependency cycle: CR-201 -> CR-203 -> CR-201"),
    Damage("a CR depending on itself", "change_requests",
           "INSERT INTO dependencies VALUES ('CR-203', 'CR-203', 9)", _203,
           "dependency cycle: CR-203 -> CR-203"),
    Damage("a dependency on a missing CR", "change_requests",
           "INSERT INTO dependencies VALUES ('CR-203', 'CR-999', 9)", _203,
           'depends_on[1]: unknown change request "CR-999"'),
    Damage("a dependency of a missing CR", "dependencies",
           "INSERT INTO dependencies VALUES ('CR-999', 'CR-203', 0)", "'CR-999 -> CR-203'",
           'cr: unknown change request "CR-999"'),
    Damage("a dependency on a BLOB", "change_requests",
           "INSERT INTO dependencies VALUES ('CR-203', x'00', 9)", _203, "depends_on[1]"),
    # import sources (a move does not read them)
    Damage("source imported a list", "cr_sources",
           "INSERT INTO cr_sources VALUES ('CR-203', 'jira', 'J-1', '1', '[1]', 0, 1)", _203,
           "imported", read_by_a_move=False),
    Damage("source imported not JSON", "cr_sources",
           "INSERT INTO cr_sources VALUES ('CR-203', 'jira', 'J-1', '1', '{', 0, 1)", _203,
           "not valid JSON", read_by_a_move=False),
    Damage("source of a missing CR", "cr_sources",
           "INSERT INTO cr_sources VALUES ('CR-999', 'jira', 'J-1', '1', '{}', 0, 1)",
           "'CR-999'", 'key: unknown change request "CR-999"', read_by_a_move=False),
    Damage("source bugzilla", "cr_sources",
           "INSERT INTO cr_sources VALUES ('CR-203', 'bugzilla', 'J-1', '1', '{}', 0, 1)", _203,
           'source: "bugzilla"', read_by_a_move=False),
    Damage("source external_key a BLOB", "cr_sources",
           "INSERT INTO cr_sources VALUES ('CR-203', 'jira', x'00', '1', '{}', 0, 1)", _203,
           "external_key", read_by_a_move=False),
]

# Tables beside the plan, read by the commands named for them (a baseline B0 of the whole
# plan, a scenario S1 with one change).
SIDE_DAMAGES = [
    Damage("baseline content not zlib", "baselines",
           "UPDATE baselines SET content = x'00ff' WHERE name = 'B0'", "'B0'", "decompressing"),
    Damage("baseline taken_at soon", "baselines",
           "UPDATE baselines SET taken_at = 'soon' WHERE name = 'B0'", "'B0'", "soon"),
    Damage("baseline audit_id text", "baselines",
           "UPDATE baselines SET audit_id = 'x' WHERE name = 'B0'", "'B0'", "audit_id"),
    Damage("scenario row not JSON", "scenario_changes",
           "UPDATE scenario_changes SET after = '{'", "'S1 cr CR-209'", "not valid JSON"),
    Damage("scenario row a list", "scenario_changes",
           "UPDATE scenario_changes SET after = '[1]'", "'S1 cr CR-209'", "list"),
    Damage("scenario row priority 9", "scenario_changes",
           "UPDATE scenario_changes SET after = json_set(after, '$.priority', 9)",
           "'S1 cr CR-209'", "not a change request"),
    Damage("scenario row of a kind weird", "scenario_changes",
           "UPDATE scenario_changes SET kind = 'weird'", "'S1 weird CR-209'", "unknown kind"),
    Damage("scenario row changed_at soon", "scenario_changes",
           "UPDATE scenario_changes SET changed_at = 'soon'", "'S1 cr CR-209'", "soon"),
    Damage("scenario created_at soon", "scenarios",
           "UPDATE scenarios SET created_at = 'soon'", "'S1'", "soon"),
    Damage("audit row not JSON", "audit_log",
           "UPDATE audit_log SET after = '{' WHERE id = (SELECT max(id) FROM audit_log)",
           "", "not valid JSON"),
    Damage("audit row at soon", "audit_log",
           "UPDATE audit_log SET at = 'soon' WHERE id = (SELECT max(id) FROM audit_log)",
           "", "soon"),
    Damage("audit row a list", "audit_log",
           "UPDATE audit_log SET before = '[1]' WHERE id = (SELECT max(id) FROM audit_log)",
           "", "not a JSON object"),
]
