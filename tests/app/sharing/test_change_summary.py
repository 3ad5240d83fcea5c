"""Commits of the change feed in plain words (watch, the client's status bar) and the fields an
audit row changed (history)."""

from datetime import UTC, datetime

from app.sharing.change_summary import changed_fields, describe
from app.sharing.feed_port import Commit, RowRecord

AT = datetime(2027, 2, 8, 9, 30, tzinfo=UTC)


def _cr(key, before, after, team="ACQ"):
    def doc(fields):
        return None if fields is None else {"key": key, "team": team, "stage": "approved",
                                            "release": None, **fields}
    return RowRecord(1, "cr", key, doc(before), doc(after), 2)


def _commit(*rows, action="schedule"):
    return Commit(9, AT, "dana", action, rows)


def test_a_move_says_from_where_to_where():
    line = describe(_commit(_cr("CR-204", {"release": "R-FEB"}, {"release": "R-MAR"})))
    assert line.summary == "dana moved CR-204 from R-FEB to R-MAR"
    assert (line.cr, line.release, line.at) == ("CR-204", "R-MAR", "2027-02-08T09:30:00+00:00")
    assert describe(_commit(_cr("CR-1", {"release": "R1"}, {}))).summary == \
        "dana moved CR-1 from R1 to the backlog"


def test_created_deleted_stage_and_other_fields():
    assert describe(_commit(_cr("CR-9", None, {"release": "R1"}))).summary == \
        "dana created CR-9 in R1"
    assert describe(_commit(_cr("CR-9", {}, None))).summary == "dana deleted CR-9"
    assert describe(_commit(_cr("CR-9", {}, {"stage": "build"}))).summary == \
        "dana moved CR-9 to stage build"
    assert describe(_commit(_cr("CR-9", {}, {"title": "New", "estimate_hours": 3}))).summary \
        == "dana changed CR-9: title, estimate hours"


def test_a_commit_of_many_rows_names_its_action_release_and_counts():
    release = RowRecord(3, "release", "R-FEB", {"status": "planned"}, {"status": "deployed"}, 2)
    line = describe(_commit(release, _cr("CR-1", {"release": "R-FEB"}, {"release": "R-FEB",
                                                                          "stage": "deployed"}),
                            _cr("CR-2", {"release": "R-FEB"}, {"release": "R-MAR"}),
                            action="deploy R-FEB"))
    assert line.summary == "dana: deploy R-FEB (2 change requests, 1 other row)"
    assert (line.cr, line.crs, line.release) == (None, ("CR-1", "CR-2"), "R-FEB")
    assert line.to_json()["crs"] == ["CR-1", "CR-2"]


def test_changed_fields_keep_only_what_differs():
    assert changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == \
        ({"b": 2, "c": None}, {"b": 3, "c": 4})
    assert changed_fields(None, {"a": 1}) == (None, {"a": 1})
