"""`release-planner report --sends -o FILE.ics` and `bundle` showing the send calendar, as a
user runs them."""

import json

from icalendar import Calendar

from tests.cli.test_cli_db import DEMO, run


def test_report_sends_writes_every_send_of_the_database_as_an_all_day_event(tmp_path):
    db = str(tmp_path / "plan.db")
    assert run("import", str(DEMO), "--db", db).returncode == 0
    out = tmp_path / "sends.ics"
    result = run("report", "--db", db, "-o", str(out), "--sends")
    assert result.returncode == 0, result.stderr
    uids = [str(e["uid"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    assert "send.EM-UNL@release-planner" in uids and "send.PUSH-SIM@release-planner" in uids
    assert len(uids) == len(set(uids))
    after_feb = tmp_path / "feb.ics"
    assert run("report", "--db", db, "-o", str(after_feb), "--sends",
               "--release", "R-FEB").returncode == 0
    feb_uids = [str(e["uid"]) for e in Calendar.from_ical(after_feb.read_bytes()).walk("VEVENT")]
    assert "send.PUSH-SIM@release-planner" not in feb_uids  # created only in March


def test_report_sends_to_a_pdf_is_bad_input(tmp_path):
    result = run("report", "--plan", str(DEMO), "-o", str(tmp_path / "sends.pdf"), "--sends")
    assert result.returncode == 2
    assert "iCalendar" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_bundle_json_of_the_demo_has_the_sends_and_their_warnings():
    result = run("bundle", "--plan", str(DEMO), "--release", "R-FEB", "--format", "json")
    out = json.loads(result.stdout)
    assert out["sends"] == [
        {"item": "EM-FIB", "audience": "broadband-prospects", "send_date": "2027-02-10"},
        {"item": "EM-UNL", "audience": "postpaid-customers", "send_date": "2027-02-11"}]
    assert [w for w in out["warnings"] if w["code"] == "send-before-go-live"] == [
        {"code": "send-before-go-live", "item": "EM-FIB", "send_date": "2027-02-10",
         "go_live": "2027-02-11"}]
    table = run("bundle", "--plan", str(DEMO), "--release", "R-FEB").stdout
    assert "audience-overlap" in table and "Sends: " in table
