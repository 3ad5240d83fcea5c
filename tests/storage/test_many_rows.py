"""An edit of many rows (a group move, an edit of many CRs) is written in a few statements,
each row still only at the version its writer read: one row someone else changed first refuses
the whole edit, names that row, and leaves every other row as it was. On SQLite and
PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.edits.store_port import StaleEdit
from app.generate.synthetic import generate_plan
from app.model.change_set import ChangeSet, RowChange
from storage.open_store import open_store


@pytest.fixture
def store(db_url):
    s = open_store(db_url, user="alice")
    s.replace_all(generate_plan(1500, teams=4, releases=6), "generate")
    yield s
    s.close()


def _edit(plan, keys, **fields) -> ChangeSet:
    return ChangeSet(tuple(RowChange("cr", k, plan.crs[k], replace(plan.crs[k], **fields))
                           for k in keys))


def _movable(plan):
    """The last planned release, and 400 CRs in draft or build elsewhere."""
    release = max((r for r in plan.releases.values() if r.status == "planned"),
                  key=lambda r: r.go_live).key
    keys = sorted(k for k, c in plan.crs.items()
                  if c.release != release and c.stage in ("draft", "build"))[:400]
    assert len(keys) == 400
    return release, keys


def _moves_and_retitles(plan, keys, release) -> ChangeSet:
    """Half the CRs move, the other half get a new title and estimate: two sets of columns."""
    half = len(keys) // 2
    return ChangeSet(_edit(plan, keys[:half], release=release).rows
                     + _edit(plan, keys[half:], title="Renamed", estimate_hours=3.5).rows)


def test_many_rows_are_written_with_their_new_versions_and_audited(store):
    base = store.load()
    release, keys = _movable(base.plan)
    written = store.write(_moves_and_retitles(base.plan, keys, release), base.versions,
                          "many")
    after = store.load()
    assert all(after.plan.crs[k].release == release for k in keys[:200])
    assert all(after.plan.crs[k].title == "Renamed" and after.plan.crs[k].estimate_hours == 3.5
               for k in keys[200:])
    assert all(after.versions["cr", k] == base.versions["cr", k] + 1 == written["cr", k]
               for k in keys)
    untouched = next(k for k in sorted(base.plan.crs) if k not in keys)
    assert after.plan.crs[untouched] == base.plan.crs[untouched]
    assert after.versions["cr", untouched] == base.versions["cr", untouched]
    audited = [row for row in store.history("cr", keys[0]) if row["action"] == "many"]
    assert len(audited) == 1


def test_one_row_changed_by_someone_else_refuses_the_whole_edit_and_is_named(store, db_url):
    base = store.load()
    release, keys = _movable(base.plan)
    other = open_store(db_url, user="bob")
    try:
        theirs = other.load()
        other.write(_edit(theirs.plan, [keys[123]], title="Bob's"), theirs.versions, "bob")
    finally:
        other.close()
    with pytest.raises(StaleEdit) as lost:
        store.write(_moves_and_retitles(base.plan, keys, release), base.versions, "many")
    assert lost.value.changed == [("cr", keys[123])]
    now = store.load().plan
    assert now.crs[keys[123]].title == "Bob's"
    assert all(now.crs[k] == base.plan.crs[k] for k in keys if k != keys[123])


def test_a_refusal_of_thousands_of_rows_names_ten_and_counts_the_rest():
    refused = StaleEdit([("cr", f"CR-{n:04}") for n in range(2000)])
    text = str(refused)
    assert "\n" not in text and len(text) < 400
    assert "change request CR-0009 and 1,990 more" in text
    assert "CR-0010" not in text


def test_an_edit_of_many_rows_stamps_its_audit_rows_as_every_other_write_does(tmp_path):
    """On SQLite the time is text: the audit rows of a many-row edit are written as
    SQLAlchemy writes every other one (no offset suffix), so the column sorts and reads back
    the same whichever write made the row. (A PostgreSQL timestamp has no text form.)"""
    from sqlalchemy import text

    store = open_store(str(tmp_path / "plan.db"), user="alice")
    store.replace_all(generate_plan(1500, teams=4, releases=6), "generate")
    base = store.load()
    release, keys = _movable(base.plan)
    store.write(_edit(base.plan, keys[:50], release=release), base.versions, "many")
    with store.engine.connect() as conn:
        stamps = conn.execute(text("SELECT action, at FROM audit_log")).all()
    filled = {at for action, at in stamps if action != "many"}
    moved = {at for action, at in stamps if action == "many"}
    assert filled and moved
    assert {len(at) for at in filled} == {len(at) for at in moved} == {26}
    assert all("+" not in at for at in moved)
    store.close()
