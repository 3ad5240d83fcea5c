"""Hardening, second round (issue 25): what a fresh attack on the plan file and the command
line still broke. Each case: one line saying what and where, exit 2, nothing written."""

from __future__ import annotations

import copy
import json
import os
import sys

import pytest

from tests.conftest import ROOT

DEMO = json.loads((ROOT / "resources" / "demo_plan.json").read_text())
sys.path.insert(0, str(ROOT / "benchmarks"))
from dense_deps_plan import dense_deps_plan  # noqa: E402
from sends_plan import sends_plan  # noqa: E402


def _write(tmp_path, doc, name="plan.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _edited(edit) -> dict:
    doc = copy.deepcopy(DEMO)
    edit(doc)
    return doc


def _refused_plan(cli, plan, *command) -> list[str]:
    """The problems `check` lists for `plan` (and every other command refuses it alike)."""
    code, out, err = cli("check", "--plan", str(plan))
    assert code == 2 and out == "", err
    lines = err.rstrip("\n").split("\n")
    assert lines[0].startswith(f"release-planner check: {plan}: refused, ")
    return [line.strip() for line in lines[1:]]


CONTROL = ["\x0b", "\x1b", "\x08", "\x0c", "\ufffe", "\uffff"]
TEXT_FIELDS = [
    (lambda d, v: d["teams"][0].update(name="Acq" + v), "teams[0].name"),
    (lambda d, v: d["change_requests"][0].update(title="Launch" + v), "change_requests[0].title"),
    (lambda d, v: d["releases"][1].update(name="Feb" + v), "releases[1].name"),
    (lambda d, v: d["change_requests"][0].update(justification="Because" + v),
     "change_requests[0].justification"),
]


@pytest.mark.parametrize("char", CONTROL, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("edit, path", TEXT_FIELDS, ids=lambda x: x if isinstance(x, str) else "")
def test_a_control_character_in_a_text_is_refused_and_no_image_is_written(cli, tmp_path, char,
                                                                          edit, path):
    plan = _write(tmp_path, _edited(lambda d: edit(d, char)))
    problems = _refused_plan(cli, plan)
    assert problems == [f"{path}: text holds the control character \\u{ord(char):04x}, which "
                        "no report or image can show"]
    svg = tmp_path / "t.svg"
    code, _, err = cli("timeline", "--plan", str(plan), "-o", str(svg))
    assert code == 2 and path in err and not svg.exists()


def test_a_key_that_looks_like_an_option_is_refused_by_check(cli, tmp_path):
    def dash(d):
        old = d["releases"][3]["key"]
        d["releases"][3]["key"] = "-R"
        for cr in d["change_requests"]:
            if cr.get("release") == old:
                cr["release"] = "-R"
    problems = _refused_plan(cli, _write(tmp_path, _edited(dash)))
    assert problems[0] == ('releases[3].key: "-R" starts with "-", which the command line reads '
                           "as an option; a key may not")


def test_a_line_separator_in_a_key_is_refused_on_one_line(cli, tmp_path):
    plan = _write(tmp_path, _edited(lambda d: d["teams"][0].update(key="A\u2028B")))
    code, _, err = cli("check", "--plan", str(plan))
    assert code == 2 and "\u2028" not in err
    assert 'teams[0].key: "A\\u2028B" holds \\u2028, which is not printable' in err


def test_a_line_separator_typed_on_the_command_line_is_echoed_as_an_escape(cli, demo_db):
    code, _, err = cli("schedule", "--db", str(demo_db), "CR-203", "R-\u2028X")
    assert code == 2 or code == 3
    assert err.count("\n") == 1 and '"R-\\u2028X"' in err


@pytest.mark.parametrize("command, option", [
    (("bundle", "--release", "R-FEB"), "--today"),
    (("timeline", "-o", "t.svg"), "--from"),
    (("timeline", "-o", "t.svg"), "--to"),
])
@pytest.mark.parametrize("value", ["2027-W05-1", "2027-001", "+2027-0201"])
def test_a_date_option_takes_only_yyyy_mm_dd(cli, capsys, demo_db, tmp_path, monkeypatch,
                                             command, option, value):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:  # argparse's usage error
        cli(command[0], "--db", str(demo_db), *command[1:], option, value)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.endswith(f'argument {option}: "{value}" is not a date of the form YYYY-MM-DD\n')
    assert not (tmp_path / "t.svg").exists()


def test_a_dense_dependency_graph_is_one_cycle_with_its_path(cli, tmp_path):
    problems = _refused_plan(cli, _write(tmp_path, dense_deps_plan(300)))
    assert problems == ["change_requests[0].depends_on: dependency cycle: CR-00000 -> CR-00001 "
                        "-> CR-00000"]


def _send_date(value, via_set: bool) -> dict:
    doc = sends_plan(3)
    changes = doc["change_requests"][0]["changes"]
    if via_set:
        changes.append({"op": "set", "item": "EM-00000", "field": "send_date", "to": value})
    else:
        changes[0]["attributes"]["send_date"] = value
    return doc


@pytest.mark.parametrize("via_set", [False, True], ids=["attribute", "set"])
def test_a_send_date_out_of_range_is_refused_before_the_calendar(cli, tmp_path, via_set):
    plan = _write(tmp_path, _send_date("9999-12-31", via_set))
    ics = tmp_path / "s.ics"
    code, _, err = cli("report", "--plan", str(plan), "--sends", "-o", str(ics))
    assert code == 2 and '"9999-12-31" is outside the dates a plan may hold' in err
    assert not ics.exists()


def test_a_set_before_the_items_create_gives_the_creates_date(cli, tmp_path):
    doc = sends_plan(2)
    doc["change_requests"][0]["changes"].insert(
        0, {"op": "set", "item": "EM-00000", "field": "send_date", "to": "2027-02-11"})
    ics = tmp_path / "s.ics"
    code, _, err = cli("report", "--plan", str(_write(tmp_path, doc)), "--sends", "-o", str(ics))
    assert code == 0, err
    text = ics.read_text()
    assert text.count("BEGIN:VEVENT") == 2 and "DTSTART;VALUE=DATE:20270211" not in text


def _alembic_program_db(path, with_settings: bool):
    """The database of another program that uses Alembic (a Flask or FastAPI app's)."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES ('1f2e3d4c5b6a')")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    if with_settings:
        conn.execute("CREATE TABLE settings (id INTEGER PRIMARY KEY, theme TEXT)")
        conn.execute("INSERT INTO settings VALUES (1, 'dark')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("with_settings", [False, True], ids=["alembic", "alembic+settings"])
@pytest.mark.parametrize("command", [
    ("import", str(ROOT / "resources" / "demo_plan.json")), ("demo",), ("generate", "--crs", "5"),
    ("bundle", "--release", "R1"), ("export", "-o", "{dir}/x.json"), ("deploy", "R1"),
], ids=lambda c: c[0])
def test_another_programs_alembic_database_is_refused_byte_for_byte(cli, tmp_path, command,
                                                                    with_settings):
    db = tmp_path / "app.db"
    _alembic_program_db(db, with_settings)
    before = db.read_bytes()
    assert before[18:20] == b"\x01\x01"  # a rollback journal, not WAL
    argv = [a.format(dir=tmp_path) for a in command]
    code, _, err = cli(argv[0], "--db", str(db), *argv[1:])
    assert code == 2 and err.startswith(f"release-planner {argv[0]}: {db}: ")
    assert err.count("\n") == 1
    assert db.read_bytes() == before  # header bytes 18 and 19 too: not switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "local") == ["app.db"]


# ---- -o (issue 25 item 9) ---------------------------------------------------------------------

@pytest.fixture
def umask_077():
    old = os.umask(0o077)
    yield
    os.umask(old)


def test_a_new_output_follows_the_umask(cli, demo_db, tmp_path, umask_077):
    out = tmp_path / "private.json"
    code, _, err = cli("export", "--db", str(demo_db), "-o", str(out))
    assert code == 0, err
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_replaced_private_output_stays_private(cli, demo_db, tmp_path):
    out = tmp_path / "private.json"
    out.write_text("old")
    out.chmod(0o600)
    code, _, err = cli("export", "--db", str(demo_db), "-o", str(out))
    assert code == 0, err
    assert out.read_text().startswith("{") and out.stat().st_mode & 0o777 == 0o600


def test_a_read_only_output_is_refused_and_kept(cli, demo_db, tmp_path):
    out = tmp_path / "kept.json"
    out.write_text("keep me")
    out.chmod(0o444)
    code, _, err = cli("export", "--db", str(demo_db), "-o", str(out))
    assert code == 2 and err == (f"release-planner export: {out}: the file is read-only; "
                                 "nothing was written\n")
    assert out.read_text() == "keep me"


def test_an_output_with_other_hard_links_is_refused_and_the_links_kept(cli, demo_db, tmp_path):
    out, other = tmp_path / "a.json", tmp_path / "b.json"
    out.write_text("shared")
    os.link(out, other)
    code, _, err = cli("report", "--db", str(demo_db), "--release", "R-FEB", "-o", str(out))
    assert code == 2 and "has 2 hard links, which replacing it would split" in err
    assert out.stat().st_ino == other.stat().st_ino and other.read_text() == "shared"


@pytest.mark.parametrize("length", [241, 255])
def test_a_valid_long_file_name_is_written(cli, demo_db, tmp_path, length):
    out = tmp_path / ("n" * (length - len(".json")) + ".json")
    code, _, err = cli("export", "--db", str(demo_db), "-o", str(out))
    assert code == 0, err
    assert out.read_text().startswith("{")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("argv, shown", [
    (("schedule", "CR-\udcff", "R-MAR"), "CR-\\xff: holds bytes that are not UTF-8 text (CR)"),
    (("bundle", "--release", "R\udcff"), "R\\xff: holds bytes that are not UTF-8 text (RELEASE)"),
    (("history", "--cr", "CR-\udcff"), "CR-\\xff: holds bytes that are not UTF-8 text (CR)"),
])
def test_bytes_that_are_not_utf8_in_a_key_are_one_line(cli, demo_db, argv, shown):
    # What Python makes of the byte 0xff in an argument: a surrogate escape.
    before = demo_db.read_bytes()
    code, _, err = cli(argv[0], "--db", str(demo_db), *argv[1:])
    assert code == 2 and err.count("\n") == 1 and shown in err
    assert demo_db.read_bytes() == before


def test_bytes_that_are_not_utf8_in_db_are_one_line(cli, tmp_path):
    code, _, err = cli("bundle", "--db", str(tmp_path / "x\udcff.db"), "--release", "R")
    assert code == 2 and err.endswith("x\\xff.db: holds bytes that are not UTF-8 text (DB)\n")
