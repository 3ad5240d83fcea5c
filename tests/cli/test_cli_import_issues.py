"""`import-issues` and `export-issues` (issue 26): the command-line contract, on realistic
exports of each source (tests/fixtures/importing/exports.py)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from storage.migrate import SCHEMA_HEAD
from tests.fixtures.importing import exports

FILES = ("jira-cloud", "jira-server", "azure-devops", "servicenow", "servicenow-numbers",
         "xlsx")
SOURCE = {"jira-cloud": "jira", "jira-server": "jira", "azure-devops": "azure-devops",
          "servicenow": "servicenow", "servicenow-numbers": "servicenow", "xlsx": "xlsx"}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return exports.write_all(tmp_path_factory.mktemp("exports"), 300)


@pytest.fixture
def db(demo_db_file, tmp_path) -> Path:
    copy = tmp_path / "plan.db"
    shutil.copy(demo_db_file, copy)
    return copy


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(cli, *argv) -> tuple[int, dict | str, str]:
    code, out, err = cli(*argv)
    try:
        return code, json.loads(out), err
    except ValueError:
        return code, out, err


@pytest.mark.parametrize("name", FILES)
def test_dry_run_then_import_then_reimport_changes_nothing(cli, files, db, tmp_path, name):
    before = _digest(db)
    code, dry, err = _run(cli, "import-issues", str(files[name]), "--db", str(db),
                          "--dry-run", "--format", "json")
    assert code == 0, err
    assert _digest(db) == before  # byte for byte
    assert dry["source"] == SOURCE[name] and dry["dry_run"] is True and dry["rows"] == 300
    keys = dry["created"] + dry["updated"] + dry["unchanged"]
    assert len(keys) + len(dry["skipped"]) == 300
    assert len(set(keys)) == len(keys) and dry["created"]

    mapping = tmp_path / "m.json"
    code, done, err = _run(cli, "import-issues", str(files[name]), "--db", str(db),
                           "--save-mapping", str(mapping), "--format", "json")
    assert code == 0, err
    assert done["dry_run"] is False
    assert {k: v for k, v in done.items() if k != "dry_run"} == \
        {k: v for k, v in dry.items() if k != "dry_run"}  # the dry run said what happens
    assert json.loads(mapping.read_text())["source"] == SOURCE[name]

    after_first = _digest(db)
    code, again, err = _run(cli, "import-issues", str(files[name]), "--db", str(db),
                            "--mapping", str(mapping), "--format", "json")
    assert code == 0, err
    assert again["created"] == [] and again["updated"] == []
    assert sorted(again["unchanged"]) == sorted(done["created"])
    assert again["teams_created"] == [] and again["releases_created"] == []
    assert _digest(db) == after_first  # nothing written at all

    code, _out, _ = cli("bundle", "--db", str(db), "--release", "R-APR", "--format", "json")
    assert code == 0


def test_jira_rows_land_as_the_contract_says(cli, files, db):
    code, doc, err = _run(cli, "import-issues", str(files["jira-cloud"]), "--db", str(db),
                          "--format", "json")
    assert code == 0, err
    plan = _plan(cli, db, tmp=db.parent)
    crs = {cr["key"]: cr for cr in plan["change_requests"]}
    one = crs["MKT-1"]  # status "In Progress", priority "High", 2 story points
    assert one["title"] == "Offer change 1" and one["stage"] == "build"
    assert one["priority"] == 2 and one["estimate_hours"] == 12  # 2 points x 6 hours
    assert one["release"] is None  # "2027.06 Summer" is not a release of the plan: backlog
    assert any(n["id"] == "MKT-1" and "2027.06 Summer" in n["note"] for n in doc["notes"])
    assert crs["MKT-2"]["release"] == "R-MAR"  # R-APR and R-MAR: the earlier
    assert crs["MKT-5"]["release"] == "R-APR"  # "April bundles" by name; R-JAN is deployed
    assert crs["MKT-3"]["estimate_hours"] == 4  # 14,400 seconds
    assert crs["MKT-3"]["stage"] == "test"  # "IN UAT"
    assert crs["MKT-2"]["stage"] == "build"  # "READINESS REVIEW": its category, In Progress
    assert "MKT-4" not in crs  # R-FEB is frozen
    assert crs["MKT-5"]["depends_on"] == []  # on MKT-4, which was skipped: with a note
    assert any(n["id"] == "MKT-5" and "its row is skipped" in n["note"] for n in doc["notes"])
    assert crs["MKT-20"]["depends_on"] == ["MKT-19"]  # inward link: MKT-19 blocks it
    assert crs["MKT-13"]["depends_on"] == ["MKT-11"]  # outward link of MKT-11
    assert crs["MKT-7"]["title"] == 'Offer change 7: "price", banner, and email'
    assert "CHECKOUT-WEB" in doc["teams_created"]
    frozen = [s for s in doc["skipped"] if "frozen" in s["reason"]]
    assert frozen and all(s["id"] not in crs for s in frozen)


def _plan(cli, db: Path, tmp: Path) -> dict:
    out = tmp / "export.json"
    code, _, err = cli("export", "--db", str(db), "-o", str(out))
    assert code == 0, err
    return json.loads(out.read_text())


def test_reimport_is_three_way(cli, files, db, tmp_path):
    src = tmp_path / "jira.csv"
    exports.write_csv(src, exports.jira_rows(30))
    assert cli("import-issues", str(src), "--db", str(db))[0] == 0
    # Here: MKT-2's priority and MKT-3's priority change in Release Planner.
    from app.edits.crs import EditCrField
    from app.edits.service import PlanService
    from storage.open_store import open_store

    store = open_store(str(db))
    try:
        PlanService(store).run(EditCrField("MKT-2", "priority", 5))
        PlanService(store).run(EditCrField("MKT-3", "priority", 5))
    finally:
        store.close()
    # In the file: MKT-1's summary and MKT-3's priority change.
    rows = list(csv.reader(src.open(encoding="utf-8", newline="")))
    head = rows[0]
    rows[1][head.index("Summary")] = "Renamed in Jira"
    rows[3][head.index("Priority")] = "Highest"
    exports.write_csv(src, rows)
    code, doc, err = _run(cli, "import-issues", str(src), "--db", str(db), "--format", "json")
    assert code == 0, err
    assert doc["updated"] == ["MKT-1"]
    assert "MKT-2" in doc["unchanged"] and "MKT-3" in doc["unchanged"]
    notes = [n for n in doc["notes"] if n["id"] == "MKT-3"]
    assert any("priority changed here and in the file: kept 5" in n["note"] for n in notes)
    assert not any(n["id"] == "MKT-2" and "priority" in n["note"] for n in doc["notes"])
    crs = {cr["key"]: cr for cr in _plan(cli, db, tmp_path)["change_requests"]}
    assert crs["MKT-1"]["title"] == "Renamed in Jira"
    assert crs["MKT-2"]["priority"] == 5 and crs["MKT-3"]["priority"] == 5


def test_mapping_gives_a_version_its_go_live(cli, files, db, tmp_path):
    mapping = tmp_path / "m.json"
    assert cli("import-issues", str(files["jira-cloud"]), "--db", str(db), "--dry-run",
               "--save-mapping", str(mapping))[0] == 0
    doc = json.loads(mapping.read_text())
    doc["releases"]["2027.06 Summer"] = {"go_live": "2027-06-10", "freeze_days": 5}
    mapping.write_text(json.dumps(doc))
    code, out, err = _run(cli, "import-issues", str(files["jira-cloud"]), "--db", str(db),
                          "--mapping", str(mapping), "--format", "json")
    assert code == 0, err
    assert out["releases_created"] == ["2027-06-SUMMER"]
    crs = {cr["key"]: cr for cr in _plan(cli, db, tmp_path)["change_requests"]}
    assert crs["MKT-1"]["release"] == "2027-06-SUMMER"


@pytest.mark.parametrize("problem, expected", [
    ("missing", "cannot read the file"),
    ("not-json", "the mapping is not JSON"),
    ("bad-stage", "stages.Done: 'shipped' is not one of"),
    ("wrong-type", "not a .csv or .xlsx file"),
])
def test_unreadable_file_or_mapping_exits_2_and_writes_nothing(cli, files, db, tmp_path,
                                                               problem, expected):
    before = _digest(db)
    argv = ["import-issues", str(files["jira-cloud"]), "--db", str(db)]
    if problem == "missing":
        argv[1] = str(tmp_path / "nowhere.csv")
    elif problem == "not-json":
        (tmp_path / "m.json").write_text("{nope")
        argv += ["--mapping", str(tmp_path / "m.json")]
    elif problem == "bad-stage":
        (tmp_path / "m.json").write_text(json.dumps({"source": "jira",
                                                     "stages": {"Done": "shipped"}}))
        argv += ["--mapping", str(tmp_path / "m.json")]
    else:
        (tmp_path / "x.pdf").write_bytes(b"%PDF")
        argv[1] = str(tmp_path / "x.pdf")
    code, _out, err = cli(*argv)
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1
    assert _digest(db) == before


def test_mapping_of_another_source_is_refused(cli, files, db, tmp_path):
    (tmp_path / "m.json").write_text(json.dumps({"source": "servicenow"}))
    code, _, err = cli("import-issues", str(files["jira-cloud"]), "--db", str(db),
                       "--mapping", str(tmp_path / "m.json"))
    assert code == 2 and "is a jira export but the mapping is for servicenow" in err


def test_export_issues_writes_what_jiras_importer_takes(cli, files, db, tmp_path):
    mapping = tmp_path / "m.json"
    assert cli("import-issues", str(files["jira-cloud"]), "--db", str(db),
               "--save-mapping", str(mapping))[0] == 0
    assert cli("schedule", "--db", str(db), "MKT-3", "R-MAR")[0] == 0  # decided here
    out = tmp_path / "updates.csv"
    code, _text, err = cli("export-issues", "--db", str(db), "--source", "jira", "-o", str(out),
                          "--mapping", str(mapping), "--status")
    assert code == 0, err
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert set(rows[0]) == {"Issue id", "Issue key", "Summary", "Fix versions", "Status"}
    by_key = {r["Issue key"]: r for r in rows}
    assert by_key["MKT-3"]["Fix versions"] == "Spring SIM and Fibre launch"
    assert by_key["MKT-3"]["Issue id"] == "10003"
    assert by_key["MKT-1"]["Status"] == "In Progress"  # build, through the status table
    assert all(r["Issue key"].startswith("MKT-") for r in rows)


def test_export_issues_azure_devops(cli, files, db, tmp_path):
    assert cli("import-issues", str(files["azure-devops"]), "--db", str(db))[0] == 0
    out = tmp_path / "ado.csv"
    assert cli("export-issues", "--db", str(db), "--source", "azure-devops", "-o",
               str(out))[0] == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["ID", "Title", "Iteration Path"] and len(rows) == 300
    first = next(r for r in rows if r["ID"] == "7001")
    assert first["Iteration Path"] == "April bundles"


def test_hostile_cells_are_data(cli, files, db, tmp_path):
    code, _doc, err = _run(cli, "import-issues", str(files["xlsx"]), "--db", str(db),
                          "--format", "json")
    assert code == 0, err
    crs = {cr["key"]: cr for cr in _plan(cli, db, tmp_path)["change_requests"]}
    assert crs["XL-4"]["title"] == '=HYPERLINK("http://x")'  # text, never run
    assert crs["XL-2"]["estimate_hours"] == 6  # the formula's cached value (=G*2)


def test_oversized_spreadsheets_are_refused_in_one_line(cli, db, tmp_path):
    big = tmp_path / "big.xlsx"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    code, _, err = cli("import-issues", str(big), "--db", str(db))
    assert code == 2 and "is 50 MB; an .xlsx import may be at most 40 MB" in err
    bomb = tmp_path / "bomb.xlsx"
    exports.write_xlsx(bomb, 3)
    _claim(bomb, 2 * 1024**3)
    code, _, err = cli("import-issues", str(bomb), "--db", str(db))
    assert code == 2 and "claims to unpack to 2.0 GB" in err


def _claim(path: Path, size: int) -> None:
    """Make the zip's central directory claim its first entry unpacks to `size` bytes."""
    import struct

    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, size)
    path.write_bytes(bytes(data))


def test_unrecognised_csv_without_key_column(cli, db, tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("Colour,Size\nred,3\n")
    code, _, err = cli("import-issues", str(f), "--db", str(db))
    assert code == 2 and "no key column" in err


def test_a_dry_run_on_an_older_database_upgrades_nothing(cli, files, tmp_path):
    from tests.conftest import FIXTURES

    old = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0001.db", old)
    before = _digest(old)
    code, _, err = cli("import-issues", str(files["jira-cloud"]), "--db", str(old), "--dry-run")
    assert code == 2 and f"needs an upgrade to {SCHEMA_HEAD}, which a dry run does not write" in err
    assert _digest(old) == before
