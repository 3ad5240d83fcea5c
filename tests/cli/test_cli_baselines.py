"""Issue 24's command-line contract: `baseline take|list|delete`, `slip`, `signoff`, and reports
that open with what changed since the sign-off (or since a baseline) and carry the fingerprint
on every page."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest
from pypdf import PdfReader

from tests.app.reports.test_formats import read_html


@pytest.fixture(autouse=True)
def _qt_application(qapp):
    """`report` draws its timeline image in this process: with pytest-qt's QApplication at
    hand it uses that one. Left to itself it would make a bare QGuiApplication, and every
    window a later test in this process builds would then abort."""
    return qapp


def _json(cli, *argv):
    code, out, err = cli(*argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_baseline_take_list_and_delete_keep_the_contract(cli, demo_db):
    db = str(demo_db)
    taken = _json(cli, "baseline", "take", "Monday", "--db", db, "--release", "R-MAR")
    assert set(taken) == {"name", "kind", "release", "taken_at", "taken_by"}
    assert (taken["name"], taken["kind"], taken["release"]) == ("Monday", "manual", "R-MAR")
    listed = _json(cli, "baseline", "list", "--db", db)
    # The demo's today is in R-FEB's freeze: the first command that saw it took its baseline.
    assert [(b["name"], b["kind"], b["release"]) for b in listed] == \
        [("freeze R-FEB", "freeze", "R-FEB"), ("Monday", "manual", "R-MAR")]
    assert all(set(b) == {"name", "kind", "release", "taken_at", "taken_by"} for b in listed)
    code, _, err = cli("baseline", "take", "Monday", "--db", db)
    assert code == 2 and "exists already" in err and len(err.strip().splitlines()) == 1
    code, out, _ = cli("baseline", "delete", "freeze R-FEB", "--db", db, "--format", "json")
    assert code == 3 and json.loads(out)["error"] == "read-only"
    code, _, err = cli("baseline", "delete", "Tuesday", "--db", db)
    assert code == 2 and "no baseline named" in err
    assert cli("baseline", "delete", "Monday", "--db", db)[0] == 0
    assert [b["name"] for b in _json(cli, "baseline", "list", "--db", db)] == ["freeze R-FEB"]


def test_the_freeze_baseline_is_taken_once_and_the_deploy_baseline_at_deploy(cli, demo_db):
    db = str(demo_db)
    for _ in range(3):
        cli("bundle", "--db", db, "--release", "R-FEB")
        cli("slip", "--db", db, "--since", "freeze R-FEB")
    assert cli("deploy", "--db", db, "R-FEB")[0] == 0
    kinds = [(b["name"], b["kind"]) for b in _json(cli, "baseline", "list", "--db", db)]
    assert kinds == [("freeze R-FEB", "freeze"), ("deploy R-FEB", "deploy")]
    found = _json(cli, "slip", "--db", db, "--since", "freeze R-FEB", "--release", "R-FEB")
    feb = found["releases"][0]
    assert feb["note"] == "has been deployed since"
    assert set(feb["ships"]["now"]) <= set(feb["ships"]["then"]) and feb["ships"]["now"]


def test_slip_json_names_what_entered_left_and_who_moved_it(cli, demo_db):
    db = str(demo_db)
    cli("baseline", "take", "Monday", "--db", db)
    empty = _json(cli, "slip", "--db", db, "--since", "Monday")
    assert set(empty) == {"baseline", "taken_at", "releases", "moved"}
    assert (empty["releases"], empty["moved"]) == ([], [])
    assert cli("schedule", "--db", db, "CR-301", "R-APR")[0] == 0
    found = _json(cli, "slip", "--db", db, "--since", "Monday", "--release", "R-MAR")
    (mar,) = found["releases"]
    assert {"release", "go_live", "freeze_days", "entered", "left", "ships"} <= set(mar)
    assert mar["left"] == ["CR-301"] and mar["entered"] == []
    assert mar["go_live"] == {"then": "2027-02-25", "now": "2027-02-25"}
    assert set(mar["freeze_days"]) == {"then", "now"}
    (moved,) = found["moved"]
    assert (moved["cr"], moved["from"], moved["to"]) == ("CR-301", "R-MAR", "R-APR")
    assert moved["by"] and moved["at"]
    code, _, err = cli("slip", "--db", db, "--since", "Sunday")
    assert code == 2 and "--since" in err and "Sunday" in err


def test_signoff_prints_the_fingerprint_and_a_second_says_it_is_the_same(cli, demo_db):
    db = str(demo_db)
    first = _json(cli, "signoff", "--db", db, "--release", "R-MAR", "--by", "Ana Lead",
                  "--note", "ok")
    bundle = _json(cli, "bundle", "--db", db, "--release", "R-MAR")
    assert len(first["fingerprint"]) == 12 and first["same_as_last"] is False
    code, out, _ = cli("signoff", "--db", db, "--release", "R-MAR", "--by", "Ana Lead")
    assert code == 0 and first["fingerprint"] in out and "the same bundle" in out
    assert bundle["release"] == "R-MAR"
    code, out, _ = cli("signoff", "--db", db, "--release", "R-JAN", "--by", "Ana",
                       "--format", "json")
    assert code == 3 and json.loads(out)["error"] == "release-closed"
    assert [b["kind"] for b in _json(cli, "baseline", "list", "--db", db)].count("signoff") == 2


def _pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_the_next_report_opens_with_what_changed_since_the_sign_off(cli, demo_db, tmp_path):
    db = str(demo_db)
    signed = _json(cli, "signoff", "--db", db, "--release", "R-MAR", "--by", "Ana Lead")
    cli("schedule", "--db", db, "CR-301", "R-APR")
    cli("schedule", "--db", db, "CR-501", "R-MAR")
    pdf = tmp_path / "r.pdf"
    assert cli("report", "--db", db, "--release", "R-MAR", "-o", str(pdf))[0] == 0
    pages = _pages(pdf)
    body = "\n".join(pages)
    heading = "Changed since sign-off on"
    assert heading in body and "by Ana Lead" in body
    # On the decision page, in one line, and the first table after it.
    assert "1 entered, 1 left" in pages[0] and "does not match the one signed" in pages[0]
    assert body.index(heading) < body.index("Included change requests (")
    assert f"does not match the one signed ({signed['fingerprint']})" in body
    assert "CR-301" in body.split(heading, 1)[1].split("Teams (")[0]
    fingerprint = next(line.split("Fingerprint ")[1].split()[0]
                       for line in pages[-1].splitlines() if "Fingerprint " in line)
    assert fingerprint != signed["fingerprint"]
    assert all(f"Fingerprint {fingerprint}" in page for page in pages)
    html = tmp_path / "r.html"
    assert cli("report", "--db", db, "--release", "R-MAR", "-o", str(html))[0] == 0
    assert "1 entered, 1 left" in html.read_text()
    sections = list(read_html(html).sections)
    assert sections.index("since-signoff") < sections.index("included")
    rows = read_html(html).sections["since-signoff"]
    assert rows[[r[1] for r in rows].index("CR-301")][:2] == ["Left", "CR-301"]
    assert rows[[r[1] for r in rows].index("CR-501")][:2] == ["Entered", "CR-501"]


def test_an_unchanged_bundle_says_the_fingerprint_still_matches(cli, demo_db, tmp_path):
    db = str(demo_db)
    signed = _json(cli, "signoff", "--db", db, "--release", "R-MAR", "--by", "Ana Lead")
    pdf = tmp_path / "r.pdf"
    assert cli("report", "--db", db, "--release", "R-MAR", "-o", str(pdf))[0] == 0
    assert f"matches the one signed ({signed['fingerprint']})" in "\n".join(_pages(pdf))


@pytest.mark.parametrize("fmt", ["pdf", "html", "xlsx", "csv"])
def test_report_since_a_baseline_in_every_format(cli, demo_db, tmp_path, fmt):
    db = str(demo_db)
    cli("baseline", "take", "Monday", "--db", db)
    cli("schedule", "--db", db, "CR-301", "R-APR")
    out = tmp_path / f"r.{fmt}"
    code, _, err = cli("report", "--db", db, "--release", "R-MAR", "--since", "Monday",
                       "-o", str(out))
    assert code == 0, err
    if fmt == "pdf":
        text = "\n".join(_pages(out))
    elif fmt == "html":
        text = out.read_text()
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(out)
        sheet = book["Slip since baseline Monday"]
        text = sheet.title + "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    else:
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert {"what": "left", "cr": "CR-301", "from": "R-MAR", "to": "R-APR"}.items() <= \
            next(r for r in rows if r["what"] == "left").items()
        text = out.read_text()
    assert "CR-301" in text and "Monday" in text


def test_report_since_is_refused_for_a_calendar_and_an_unknown_baseline(cli, demo_db, tmp_path):
    db = str(demo_db)
    code, _, err = cli("report", "--db", db, "--since", "Monday", "-o", str(tmp_path / "c.ics"))
    assert code == 2 and "--since" in err
    code, _, err = cli("report", "--db", db, "--release", "R-MAR", "--since", "Nope",
                       "-o", str(tmp_path / "r.pdf"))
    assert code == 2 and "Nope" in err and not (tmp_path / "r.pdf").exists()
