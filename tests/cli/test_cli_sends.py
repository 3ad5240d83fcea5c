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
    # The plan's identity in every UID, as in the release calendar: another plan's EM-UNL
    # never overwrites this one's.
    plan_id = uids[0].split(".")[-1].split("@")[0]
    assert f"send.EM-UNL.{plan_id}@release-planner" in uids
    assert f"send.PUSH-SIM.{plan_id}@release-planner" in uids
    assert len(uids) == len(set(uids))
    after_feb = tmp_path / "feb.ics"
    assert run("report", "--db", db, "-o", str(after_feb), "--sends",
               "--release", "R-FEB").returncode == 0
    feb_uids = [str(e["uid"]) for e in Calendar.from_ical(after_feb.read_bytes()).walk("VEVENT")]
    assert f"send.PUSH-SIM.{plan_id}@release-planner" not in feb_uids  # only in March
    other = str(tmp_path / "other.db")
    assert run("import", str(DEMO), "--db", other).returncode == 0
    assert run("report", "--db", other, "-o", str(tmp_path / "o.ics"), "--sends").returncode == 0
    other_uids = {str(e["uid"]) for e in Calendar.from_ical(
        (tmp_path / "o.ics").read_bytes()).walk("VEVENT")}
    assert not other_uids & set(uids)


def sequences(path) -> dict[str, int]:
    return {str(e["uid"]).split(".")[1]: int(e["sequence"])
            for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_the_sequence_of_a_send_rises_only_when_its_event_changes(tmp_path):
    db = str(tmp_path / "plan.db")
    assert run("import", str(DEMO), "--db", db).returncode == 0
    first, again, moved = (tmp_path / n for n in ("a.ics", "b.ics", "c.ics"))
    for out in (first, again):
        assert run("report", "--db", db, "-o", str(out), "--sends").returncode == 0
    assert sequences(first) == sequences(again)  # nothing changed, nothing for a calendar to do
    assert "METHOD:PUBLISH" in first.read_text()
    # CR-312 creates SMS-SIM and PUSH-SIM: moved to April, their events change, and only theirs.
    assert run("schedule", "--db", db, "CR-312", "R-APR").returncode == 0
    assert run("report", "--db", db, "-o", str(moved), "--sends").returncode == 0
    before, after = sequences(first), sequences(moved)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {"SMS-SIM", "PUSH-SIM"}
    assert all(after[k] == before[k] + 1 for k in changed)


def test_a_plan_without_sends_is_refused_in_one_line_and_writes_nothing(tmp_path):
    plan = json.loads(DEMO.read_text())
    for pack in plan["offer_packs"]:
        pack["items"] = [i for i in pack["items"] if i["kind"] not in ("email", "sms", "push")]
    plan["change_requests"] = []
    source = tmp_path / "p.json"
    source.write_text(json.dumps(plan))
    out = tmp_path / "sends.ics"
    out.write_text("yesterday's calendar")
    result = run("report", "--plan", str(source), "-o", str(out), "--sends")
    assert result.returncode == 2, result.stderr
    assert "no email, SMS or push send" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "wrote" not in result.stdout
    assert out.read_text() == "yesterday's calendar"


def test_a_send_date_past_the_plan_limits_is_refused_by_check(tmp_path):
    plan = json.loads(DEMO.read_text())
    plan["offer_packs"][0]["items"][0]["attributes"]["send_date"] = "9999-12-31"
    source = tmp_path / "p.json"
    source.write_text(json.dumps(plan))
    result = run("check", "--plan", str(source))
    assert result.returncode == 2
    assert ".send_date: \"9999-12-31\" is outside the dates a plan may hold" in result.stderr
    result = run("report", "--plan", str(source), "-o", str(tmp_path / "s.ics"), "--sends")
    assert result.returncode == 2 and "Traceback" not in result.stderr


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
