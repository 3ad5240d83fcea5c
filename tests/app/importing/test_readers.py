"""The readers and the mapping's reading of each source's quirks (issue 26)."""

from __future__ import annotations

from datetime import date

import pytest

from app.importing.csv_reader import open_csv
from app.importing.dates import parse_date
from app.importing.defaults import default_mapping, detect_source
from app.importing.limits import ImportFileError
from app.importing.load import open_table, prepare
from app.importing.mapping import mapping_from_document
from app.importing.rows import plain_text, read_rows
from tests.fixtures.importing import exports


def _rows(path, mapping=None):
    table = open_table(str(path))
    source, _variant = detect_source(table)
    return list(read_rows(table, mapping or default_mapping(source)))


def test_jira_repeated_columns_read_as_one_list(tmp_path):
    rows = [["Issue key", "Summary", "Fix versions", "Labels", "Fix versions", "Fix versions"],
            ["A-1", "One", "R-MAR", "x", "", "R-APR"]]
    path = exports.write_csv(tmp_path / "j.csv", rows)
    (row,) = _rows(path)
    assert row.versions == ("R-MAR", "R-APR")


def test_duplicate_custom_field_names_are_told_apart_by_position(tmp_path):
    rows = [["Issue key", "Summary", "Custom field (Client)", "Custom field (Client)"],
            ["A-1", "One", "Acme", "Team Blue"]]
    path = exports.write_csv(tmp_path / "j.csv", rows)
    mapping = mapping_from_document({"source": "jira", "columns": {
        "key": "Issue key", "title": "Summary",
        "team": {"name": "Custom field (Client)", "position": 3}}})
    (row,) = _rows(path, mapping)
    assert row.team == "Team Blue"


def test_multiline_quoted_cells_with_commas_and_quotes(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text('Issue key,Summary,Description\r\nA-1,"Say ""hi"", then\nleave",'
                    '"line 1\nline 2, more"\r\nA-2,Two,\r\n', encoding="utf-8")
    rows = _rows(path)
    assert [r.external_key for r in rows] == ["A-1", "A-2"]
    assert rows[0].title == 'Say "hi", then leave'  # a title is one line


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t"), ("cp1252", ";"),
    ("utf-16-le", ","),
])
def test_encodings_and_delimiters_are_detected(tmp_path, encoding, delimiter):
    path = exports.write_csv(tmp_path / "j.csv",
                             [["Issue key", "Summary", "Team Name"],
                              ["A-1", "Café crème – déjà vu", "Équipe"]], encoding, delimiter)
    table = open_csv(str(path))
    assert table.delimiter == delimiter
    assert table.header[0] == "Issue key"  # no BOM left on the first name
    (row,) = read_rows(table, default_mapping("jira"))
    assert row.title == "Café crème – déjà vu" and row.team == "Équipe"


def test_azure_devops_html_titles_are_text(tmp_path):
    path = exports.write_csv(tmp_path / "a.csv", exports.azure_rows(5))
    rows = _rows(path)
    assert rows[4].title == "Landing page 5 & offer"
    assert plain_text("<script>alert(1)</script>Hi") == "alert(1) Hi"
    assert rows[0].external_key == "7001" and rows[1].team == "Acquisition"


def test_servicenow_numbers_and_labels_give_the_same_rows(tmp_path):
    labels = _rows(exports.write_csv(tmp_path / "l.csv", exports.servicenow_rows(16)))
    numbers = _rows(exports.write_csv(tmp_path / "n.csv",
                                      exports.servicenow_rows(16, numbers=True)))
    assert [(r.stage, r.priority) for r in labels] == [(r.stage, r.priority) for r in numbers]
    by_state = {exports.SNOW_STATES[r.row % 8][0]: r.stage for r in labels}
    assert by_state == {"New": "draft", "Assess": "draft", "Authorize": "test",
                        "Scheduled": "approved", "Implement": "approved", "Review": "approved",
                        "Closed": "approved", "Canceled": "cancelled"}
    emergency = labels[1]  # row 2: type Emergency, with a justification
    assert emergency.emergency and emergency.justification
    assert labels[0].release_date == date(2027, 3, 2)  # 03/02/2027 read month first


@pytest.mark.parametrize("text, order, expected", [
    ("28/Nov/25 5:03 PM", "dmy", date(2025, 11, 28)),
    ("2027-01-15 09:00:00", "dmy", date(2027, 1, 15)),
    ("03/04/2027", "dmy", date(2027, 4, 3)),
    ("03/04/2027", "mdy", date(2027, 3, 4)),
    ("1/15/2027 9:00 AM", "mdy", date(2027, 1, 15)),
])
def test_dates_in_the_sources_forms(text, order, expected):
    assert parse_date(text, order) == expected


def test_a_date_that_is_not_one_is_a_note_not_a_failure(tmp_path):
    path = exports.write_csv(tmp_path / "s.csv", [
        ["number", "short_description", "start_date"], ["CHG1", "x", "31/31/2027"]])
    (row,) = _rows(path)
    assert row.release_date is None and "release date ignored" in row.notes[0]


def test_xlsx_reads_cached_formula_values_and_real_dates(tmp_path):
    path = exports.write_xlsx(tmp_path / "p.xlsx", 6)
    prepared = prepare(str(path))
    rows = prepared.job.rows
    assert prepared.source == "xlsx"
    assert rows[0].estimate_hours == 4  # =G2*2 with G2 = 2: the cached value
    assert rows[0].release_date == date(2027, 2, 20)  # a real date cell
    assert rows[1].release_date == date(2027, 3, 1)  # a date written as text
    assert rows[3].title == '=HYPERLINK("http://x")'


def test_xlsx_sheet_named_by_the_mapping(tmp_path):
    path = exports.write_xlsx(tmp_path / "p.xlsx", 2)
    with pytest.raises(ImportFileError, match="no sheet named 'Other'"):
        prepare(str(path), mapping_from_document({"source": "xlsx", "sheet": "Other"}))
    assert len(prepare(str(path), mapping_from_document({"source": "xlsx",
                                                         "sheet": "Plan"})).job.rows) == 2


def test_a_csv_with_too_many_rows_is_refused_whole(tmp_path, monkeypatch):
    import app.importing.csv_reader as reader

    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    path = exports.write_csv(tmp_path / "j.csv", exports.jira_rows(11, width=40))
    with pytest.raises(ImportFileError, match="more than 10 data rows"):
        prepare(str(path))


def test_a_csv_over_the_byte_limit_is_refused_before_reading(tmp_path, monkeypatch):
    import app.importing.csv_reader as reader

    monkeypatch.setattr(reader, "MAX_CSV_BYTES", 100)
    path = exports.write_csv(tmp_path / "j.csv", exports.jira_rows(3, width=40))
    with pytest.raises(ImportFileError, match="an import file may be at most 0 MB"):
        prepare(str(path))


def test_sources_are_recognised_from_the_header(tmp_path):
    made = exports.write_all(tmp_path, 3)
    found = {name: detect_source(open_table(str(path)))
             for name, path in made.items() if name != "xlsx"}
    assert found == {"jira-cloud": ("jira", "jira-cloud"),
                     "jira-server": ("jira", "jira-server"),
                     "azure-devops": ("azure-devops", ""), "servicenow": ("servicenow", ""),
                     "servicenow-numbers": ("servicenow", "")}


def test_a_sheet_without_a_team_column_skips_new_rows_and_an_empty_team_keeps_the_crs(
        tmp_path, demo):
    path = exports.write_csv(tmp_path / "s.csv", [["Key", "Title"], ["S-1", "One"]])
    report = prepare(str(path)).job.decide(demo, demo.settings.today).report
    assert report.skipped == [{"row": 1, "id": "S-1",
                               "reason": "no team: the mapping's team columns are empty"}]
    path = exports.write_csv(tmp_path / "t.csv", [["Key", "Title", "Team"],
                                                  ["S-1", "One", "ACQ"]])
    first = prepare(str(path)).job.decide(demo, demo.settings.today)
    assert first.plan.crs["S-1"].team == "ACQ"
    exports.write_csv(path, [["Key", "Title", "Team"], ["S-1", "One", ""]])
    again = prepare(str(path)).job.decide(first.plan, demo.settings.today)
    assert again.report.unchanged == ["S-1"] and not again.changes


def test_two_new_team_names_with_the_same_letters_get_two_teams(tmp_path, demo):
    path = exports.write_csv(tmp_path / "s.csv", [["Key", "Title", "Team"],
                                                  ["S-1", "One", "Checkout Web"],
                                                  ["S-2", "Two", "Checkout/Web"]])
    done = prepare(str(path)).job.decide(demo, demo.settings.today)
    assert done.report.teams_created == ["CHECKOUT-WEB", "CHECKOUT-WEB-2"]
    assert done.plan.crs["S-1"].team != done.plan.crs["S-2"].team
