"""One rule for plan files (issue 17): what no database or report can hold is refused by
`check` with its JSON path; a pipe, a device or an oversized file is refused at once; and the
bounds of `generate` and of the date options."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import pytest

from app.plan_file.limits import MAX_PLAN_BYTES
from tests.conftest import ROOT

DEMO = json.loads((ROOT / "resources" / "demo_plan.json").read_text())


def _check(cli, tmp_path, text: str) -> tuple[int, str]:
    plan = tmp_path / "plan.json"
    plan.write_text(text, encoding="utf-8")
    code, _, err = cli("check", "--plan", str(plan))
    return code, err


def _edited(edit) -> str:
    doc = copy.deepcopy(DEMO)
    edit(doc)
    return json.dumps(doc)


def _set(path: str, value):
    """An edit setting the field at `path` (keys and indexes separated by dots)."""
    def edit(doc):
        *parents, last = path.split(".")
        node = doc
        for step in parents:
            node = node[int(step)] if step.isdigit() else node[step]
        node[int(last) if last.isdigit() else last] = value
    return edit


CASES = [
    (_set("change_requests.0.depends_on", [[]]), "change_requests[0].depends_on[0]",
     "must be a non-empty string, not a list"),
    (_set("offer_packs.0.items.1.uses", [{}]), "offer_packs[0].items[1].uses[0]",
     "must be a non-empty string, not an object"),
    (_set("teams.0.members", 2**63), "teams[0].members", "must be at most 10,000, not 9223372"),
    (_set("teams.0.members", 2**31), "teams[0].members", "must be at most 10,000"),
    (_set("releases.0.freeze_days", 2**63), "releases[0].freeze_days", "must be at most 365"),
    (_set("releases.1.freeze_days", 366), "releases[1].freeze_days", "must be at most 365"),
    (_set("change_requests.2.estimate_hours", 10**400), "change_requests[2].estimate_hours",
     "must be at most 10,000, not 1000000000"),
    (_set("offer_packs.0.items.0.attributes.code", 10**400),
     "offer_packs[0].items[0].attributes.code", "(401 digits) is beyond the largest whole"),
    (_set("change_requests.2.estimate_hours", 1e300), "change_requests[2].estimate_hours",
     "must be at most 10,000"),
    (_set("teams.1.hours_per_day", 1e-300), "teams[1].hours_per_day", "must be at least 0.25"),
    (_set("settings.lead_time_days", {"ad": 10**6}), "settings.lead_time_days.ad",
     "must be at most 1,000"),
    (_set("offer_packs.0.items.0.attributes.code", 2**53 + 1),
     "offer_packs[0].items[0].attributes.code", "beyond the largest whole number"),
    (_set("releases.0.go_live", "0001-01-01"), "releases[0].go_live", "outside the dates"),
    (_set("releases.3.go_live", "9999-12-31"), "releases[3].go_live", "outside the dates"),
    (_set("settings.today", "1899-12-31"), "settings.today", "outside the dates"),
    (_set("teams.0.key", "T" * 65), "teams[0].key", "is 65 characters long; a key or name is "
                                                     "at most 64"),
    (_set("offer_packs.0.items.0.kind", "k" * 65), "offer_packs[0].items[0].kind",
     "65 characters long"),
    (_set("change_requests.2.changes.0.field", "f" * 65), "change_requests[2].changes[0].field",
     "65 characters long"),
    (_set("change_requests.2.title", "nul \x00 inside"), "change_requests[2].title",
     "NUL character"),
    (_set("teams.0.name", "x" * 501), "teams[0].name", "501 characters long; a name or title "
                                                        "is at most 500"),
    (_set("change_requests.3.justification", "x" * 32_768), "change_requests[3].justification",
     "32,768 characters long; a text is at most 32,767"),
    (_set("offer_packs.0.items.0.attributes.legal", "x" * 32_768),
     "offer_packs[0].items[0].attributes.legal", "32,768 characters long; a text is at most"),
]


@pytest.mark.parametrize("edit, path, message", CASES, ids=[c[1] + " " + c[2][:20] for c in CASES])
def test_what_cannot_be_stored_is_refused_with_its_path(cli, tmp_path, edit, path, message):
    code, err = _check(cli, tmp_path, _edited(edit))
    assert code == 2
    assert f"  {path}: " in err and message in err.split(f"  {path}: ", 1)[1].split("\n")[0], err


def test_a_duplicate_key_is_refused_not_the_last_one_kept(cli, tmp_path):
    text = json.dumps(DEMO)[:-1] + ', "change_requests": []}'
    code, err = _check(cli, tmp_path, text)
    assert code == 2
    assert "  change_requests: listed twice in the same object" in err
    nested = json.dumps(DEMO).replace('"key": "ACQ"', '"key": "ACQ", "key": "RET"', 1)
    code, err = _check(cli, tmp_path, nested)
    assert code == 2 and "  teams[0].key: listed twice" in err


def test_a_lone_surrogate_is_refused_where_it_is(cli, tmp_path):
    text = json.dumps(DEMO).replace('"key": "ACQ"', '"key": "ACQ \\ud83d"', 1)
    code, err = _check(cli, tmp_path, text)
    assert code == 2 and "  teams[0].key: text holds a lone surrogate" in err
    text = json.dumps(DEMO).replace('"attributes": {', '"attributes": {"\\udc00": 1, ', 1)
    code, err = _check(cli, tmp_path, text)
    assert code == 2 and 'attributes["\\\\udc00"]: the field name holds a lone surrogate' in err


def test_a_surrogate_pair_is_a_character(cli, tmp_path):
    code, err = _check(cli, tmp_path, json.dumps(DEMO).replace('"key": "ACQ", "name": "',
                                                               '"key": "ACQ", "name": "\\ud83d\\ude80 ', 1))
    assert code == 0, err


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null"])
def test_a_device_is_not_read(cli, special):
    code, _, err = cli("check", "--plan", special)
    assert code == 2 and "not a regular file (a pipe, a device or a socket)" in err


def test_a_pipe_is_refused_at_once(tmp_path):
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    for argv in (["check", "--plan", str(fifo)], ["import", str(fifo), "--db",
                                                  str(tmp_path / "p.db")]):
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "not a regular file" in done.stderr
    assert not (tmp_path / "p.db").exists()


def test_a_file_over_the_size_limit_is_refused_unread(cli, tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(MAX_PLAN_BYTES + 1)  # sparse: no disk used
    code, _, err = cli("check", "--plan", str(big))
    assert code == 2 and f"a plan file is at most {MAX_PLAN_BYTES:,} bytes" in err


def test_a_folder_is_not_a_plan_file(cli, tmp_path):
    code, _, err = cli("check", "--plan", str(tmp_path))
    assert code == 2 and "is a folder, not a plan file" in err


def test_generate_has_a_maximum_and_creates_nothing_beyond_it(cli, tmp_path):
    db = tmp_path / "big.db"
    code, _, err = cli("generate", "--db", str(db), "--crs", "1000000000")
    assert code == 2 and "--crs: 1000000000 is not between 0 and 200000" in err
    assert not db.exists()


def test_timeline_dates_outside_the_calendar_are_refused(cli, demo_db, tmp_path):
    with pytest.raises(SystemExit) as exited:
        cli("timeline", "--db", str(demo_db), "--from", "0001-01-01", "--to", "9999-12-31",
            "-o", str(tmp_path / "t.svg"))
    assert exited.value.code == 2
    assert not (tmp_path / "t.svg").exists()


def test_the_widest_timeline_allowed_is_drawn(demo_db, tmp_path):
    # In its own process: Qt's application object must not be made in the test process.
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "timeline", "--db",
                           str(demo_db), "--from", "1900-01-01", "--to", "2999-12-31", "-o",
                           str(tmp_path / "t.svg")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "t.svg").read_text().startswith("<?xml")


def test_a_file_with_many_problems_is_refused_in_a_screenful_and_at_once(cli, tmp_path):
    # 200,000 repeated weekdays: each is a problem, found in one pass (not one per pair).
    code, err = _check(cli, tmp_path, _edited(_set("settings.workdays", [1] * 200_000)))
    assert code == 2
    lines = err.splitlines()
    assert lines[0].endswith("refused, 199,999 problems:")
    assert lines[1] == "  settings.workdays[1]: weekday 1 is listed twice"
    assert lines[-1] == "  ... and 199,799 more" and len(lines) == 202
