"""`release-planner report` and `release-planner timeline` as a user runs them: real files,
exit codes, one-line errors, nothing half-written."""

import csv
import subprocess
import sys
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from icalendar import Calendar
from pypdf import PdfReader

from tests.cli.test_cli_db import DEMO, run
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def deployed_db(tmp_path_factory):
    """The demo in a SQLite file, with February deployed through the `deploy` command."""
    db = str(tmp_path_factory.mktemp("db") / "plan.db")
    assert run("import", str(DEMO), "--db", db).returncode == 0
    result = run("deploy", "--db", db, "R-FEB", "--today", "2027-02-11",
                 env={"RELEASE_PLANNER_USER": "erin"})
    assert result.returncode == 0, result.stderr
    return db


@pytest.mark.parametrize("fmt", ["pdf", "html", "xlsx", "csv", "ics"])
def test_every_format_from_a_plan_file(tmp_path, fmt):
    out = tmp_path / f"march.{fmt}"
    result = run("report", "--plan", str(DEMO), "--release", "R-MAR", "--format", fmt,
                 "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_the_pdf_has_the_release_and_the_timeline_image(tmp_path):
    out = tmp_path / "march.pdf"
    assert run("report", "--plan", str(DEMO), "--release", "R-MAR", "-o", str(out)).returncode == 0
    reader = PdfReader(out)
    first = reader.pages[0]
    assert "R-MAR · Spring SIM and Fibre launch" in first.extract_text()
    images = [img for page in reader.pages[:2] for img in page.images]
    assert images and images[0].image.width >= 900  # the timeline, sharp enough to print


def test_a_deployed_release_from_the_database_shows_what_slipped(tmp_path, deployed_db):
    out = tmp_path / "feb.xlsx"
    result = run("report", "--db", deployed_db, "--release", "R-FEB", "-o", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    slipped = [r[0].value for r in book["Slipped"].iter_rows(min_row=2)]
    assert slipped == ["CR-206", "CR-207"]  # not ready and on hold: moved to R-MAR
    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows(min_row=2)}
    assert "erin" in summary["Deployed"]
    assert summary["Database"].endswith("plan.db")


def test_csv_of_the_database_equals_the_bundle_command(tmp_path, deployed_db):
    import json

    out = tmp_path / "mar.csv"
    assert run("report", "--db", deployed_db, "--release", "R-MAR", "--today", "2027-02-12",
               "-o", str(out)).returncode == 0
    bundle = json.loads(run("bundle", "--db", deployed_db, "--release", "R-MAR", "--today",
                            "2027-02-12", "--format", "json").stdout)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["cr"], r["item"], r["field"]) for r in rows] == \
        [(c["cr"], c["item"], c["field"] or "") for c in bundle["changes"]]


def test_the_calendar_needs_no_release_and_holds_them_all(tmp_path):
    out = tmp_path / "plan.ics"
    result = run("report", "--plan", str(DEMO), "-o", str(out))
    assert result.returncode == 0, result.stderr
    uids = {str(e["uid"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    go_lives = {uid.split(".")[1] for uid in uids if uid.startswith("go-live.")}
    assert go_lives == {"R-JAN", "R-FEB", "R-MAR", "R-APR"}


@pytest.mark.parametrize(("args", "code", "says"), [
    (["--release", "R-NOPE", "-o", "{dir}/r.pdf"], 3, 'there is no release "R-NOPE"'),
    (["--release", "R-MAR", "-o", "{dir}/r.txt"], 2, "cannot tell the format"),
    (["--release", "R-MAR", "--format", "pdf", "-o", "{dir}/r.html"], 2, "ending in .pdf"),
    (["--release", "R-MAR", "-o", "{dir}/missing/r.pdf"], 2, "does not exist"),
    (["--release", "R-MAR", "-o", "{dir}"], 2, "is a folder"),
    (["-o", "{dir}/r.pdf"], 2, "--release"),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, args, code, says):
    result = run("report", "--plan", str(DEMO), *[a.format(dir=tmp_path) for a in args])
    assert result.returncode == code
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_one_line_and_writes_nothing(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if subprocess.run(["test", "-w", str(folder)]).returncode == 0:
            # root can write anyway: make the target a name the file system refuses instead
            target = folder / ("x" * 300 + ".pdf")
        else:
            target = folder / "r.pdf"
        result = run("report", "--plan", str(DEMO), "--release", "R-MAR", "-o", str(target))
    finally:
        folder.chmod(0o700)
    assert result.returncode == 2
    assert "cannot write the file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []


def test_timeline_png_and_svg_of_a_date_range(tmp_path):
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    assert run("timeline", "--plan", str(DEMO), "-o", str(png)).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = run("timeline", "--plan", str(DEMO), "-o", str(svg), "--from", "2027-02-15",
                 "--to", "2027-03-05")
    assert result.returncode == 0, result.stderr
    texts = " ".join(t.text or "" for t in ET.parse(svg).iter() if t.tag.endswith("text"))
    assert "R-MAR" in texts and "Acquisition" in texts
    assert "R-JAN" not in texts  # before the range


def test_timeline_bad_input(tmp_path):
    assert run("timeline", "--plan", str(DEMO), "-o", str(tmp_path / "t.jpg")).returncode == 2
    result = run("timeline", "--plan", str(DEMO), "-o", str(tmp_path / "t.png"),
                 "--from", "2027-03-01", "--to", "2027-02-01")
    assert result.returncode == 2 and "before" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_report_formats_without_an_image_do_not_import_qt(tmp_path):
    code = ("import sys, main\n"
            f"assert main.main(['report', '--plan', {str(DEMO)!r}, '--release', 'R-MAR', "
            f"'-o', {str(tmp_path / 'r.xlsx')!r}]) == 0\n"
            "loaded = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyqtgraph', 'widgets')]\n"
            "assert not loaded, loaded\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


# ---- the calendar: SEQUENCE that follows the release, UIDs that belong to one plan ------------

def _events(path) -> dict[str, tuple[int, str]]:
    """UID: (SEQUENCE, DTSTART) of each event of a calendar file."""
    cal = Calendar.from_ical(path.read_bytes())
    assert str(cal["method"]) == "PUBLISH"
    return {str(e["uid"]): (int(e["sequence"]), e["dtstart"].dt.isoformat())
            for e in cal.walk("VEVENT")}


def _move_go_live(db: str, release: str, days: int) -> None:
    """Another planner moves a release's go-live (a write through the store, audited)."""
    from dataclasses import replace
    from datetime import timedelta

    from app.edits.releases import EditRelease
    from app.edits.service import PlanService
    from storage.open_store import open_store

    store = open_store(db, user="dora")
    try:
        old = store.load().plan.releases[release]
        PlanService(store).run(EditRelease(replace(old, go_live=old.go_live
                                                   + timedelta(days=days))))
    finally:
        store.close()


def test_sequence_rises_only_when_a_releases_dates_change(tmp_path):
    db = str(tmp_path / "plan.db")
    assert run("import", str(DEMO), "--db", db).returncode == 0

    def export(name):
        out = tmp_path / name
        assert run("report", "--db", db, "-o", str(out)).returncode == 0
        return _events(out)

    first, unchanged = export("1.ics"), export("2.ics")
    assert unchanged == first  # nothing changed: nothing for a calendar to update
    _move_go_live(db, "R-APR", 7)
    moved, again = export("3.ics"), export("4.ics")
    assert set(moved) == set(first)  # the same events, updated in place
    for uid, (sequence, start) in moved.items():
        if ".R-APR." in uid:
            assert sequence == first[uid][0] + 1 and start != first[uid][1], uid
        else:
            assert (sequence, start) == first[uid], uid
    assert again == moved


def test_two_plans_with_the_same_release_keys_never_share_a_uid(tmp_path):
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    for db in (one, two):
        assert run("import", str(DEMO), "--db", db).returncode == 0
    uids = []
    for n, db in enumerate((one, two)):
        out = tmp_path / f"{n}.ics"
        assert run("report", "--db", db, "-o", str(out)).returncode == 0
        uids.append(set(_events(out)))
    copy_of_demo = tmp_path / "copy.json"
    copy_of_demo.write_bytes(DEMO.read_bytes())
    for n, plan in enumerate((DEMO, copy_of_demo)):
        out = tmp_path / f"plan{n}.ics"
        assert run("report", "--plan", str(plan), "-o", str(out)).returncode == 0
        uids.append(set(_events(out)))
    for i, a in enumerate(uids):
        for b in uids[i + 1:]:
            assert not a & b
    out = tmp_path / "again.ics"  # the same database again: the same events
    assert run("report", "--db", one, "-o", str(out)).returncode == 0
    assert set(_events(out)) == uids[0]
