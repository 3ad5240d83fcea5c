"""Every use case persists in one transaction and is refused by its rules with nothing written,
on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.edits.crs import AddDependency, CreateCr, DeleteCr, EditCr, RemoveDependency, SetStage
from app.edits.packs import SaveItem
from app.edits.releases import EditRelease
from app.edits.service import PlanService
from app.edits.undo import ApplyChanges
from app.model.errors import PlanFileError, Refusal
from app.model.plan import ChangeRequest, SetField, Target
from app.plan_file.document import plan_to_document
from app.plan_file.validation import build_plan
from storage.open_store import open_store
from tests.storage.test_store import rich_document

TODAY = date(2027, 1, 4)


@pytest.fixture
def service(db_url):
    store = open_store(db_url, user="alice")
    store.replace_all(build_plan(rich_document()), "import")
    yield PlanService(store, TODAY)
    store.close()


def stored(service):
    return service.store.load().plan


def unchanged(service, attempt):
    before = plan_to_document(stored(service))
    with pytest.raises((Refusal, PlanFileError)) as refused:
        attempt()
    assert plan_to_document(stored(service)) == before
    return refused.value


def test_a_stage_change_persists_and_deployed_is_refused(service):
    service.run(SetStage("CR-2", "build"))
    assert stored(service).crs["CR-2"].stage == "build"
    assert unchanged(service, lambda: service.run(SetStage("CR-2", "deployed"))).code == \
        "invalid-stage"
    assert unchanged(service, lambda: service.run(SetStage("CR-0", "draft"))).code == "cr-closed"


def test_a_new_cr_persists_with_its_changes_and_dependencies(service):
    new = ChangeRequest("CR-9", "Brand new", "RET", "draft", "R2", 3, 2, False, "", ("CR-1",),
                        (SetField("OFR-1", "headline", "Hi", None),))
    service.run(CreateCr(new))
    assert stored(service).crs["CR-9"] == new
    assert service.store.history("cr", "CR-9")[0]["before"] is None


def test_an_invalid_cr_is_refused_with_each_problem_by_field(service):
    bad = ChangeRequest("CR-9", "Bad", "NOPE", "draft", "R0", -1, 9, False, "", ("CR-7",),
                        (SetField("GHOST", "x", 1),))
    problems = {p.path: p.message for p in unchanged(service, lambda: service.run(CreateCr(bad)))
                .problems}
    assert problems == {
        "estimate_hours": "must not be negative, not -1",
        "priority": "9 is not a priority from 1 to 5",
        "team": 'unknown team "NOPE"',
        "release": 'release "R0" is deployed',
        "depends_on[0]": 'unknown change request "CR-7"',
        "changes[0].item": 'unknown item "GHOST": neither in production nor created by a '
                           "change request",
    }


def test_an_edit_that_would_close_a_dependency_cycle_is_refused(service):
    cr1 = stored(service).crs["CR-1"]
    refused = unchanged(service, lambda: service.run(EditCr(replace(cr1, depends_on=("CR-3",)))))
    assert "dependency cycle: CR-1 -> CR-3 -> CR-1" in str(refused)
    assert unchanged(service, lambda: service.run(AddDependency("CR-1", "CR-2"))).code == \
        "dependency-cycle"


def test_editing_a_cr_replaces_its_changes(service):
    cr1 = stored(service).crs["CR-1"]
    service.run(EditCr(replace(cr1, title="Price, again", changes=cr1.changes[:1])))
    again = stored(service).crs["CR-1"]
    assert (again.title, again.changes) == ("Price, again", cr1.changes[:1])


def test_deleting_a_cr_others_depend_on_is_refused_and_otherwise_persists(service):
    assert unchanged(service, lambda: service.run(DeleteCr("CR-2"))).code == "has-dependents"
    service.run(DeleteCr("CR-3"))
    service.run(DeleteCr("CR-2"))
    assert "CR-2" not in stored(service).crs
    assert service.store.history("cr", "CR-2")[-1]["after"] is None


def test_dependency_edits_persist(service):
    service.run(RemoveDependency("CR-3", "CR-2"))
    assert stored(service).crs["CR-3"].depends_on == ("CR-1",)
    service.run(AddDependency("CR-3", "CR-2"))
    assert stored(service).crs["CR-3"].depends_on == ("CR-1", "CR-2")


def test_item_and_release_edits_persist(service):
    plan = stored(service)
    service.run(SaveItem(replace(plan.items["OFR-1"], attributes={"price": "39.99"},
                                 name="Unlimited+"), new=False))
    item = stored(service).items["OFR-1"]
    assert (item.name, item.attributes) == ("Unlimited+", {"price": "39.99"})
    service.run(EditRelease(replace(plan.releases["R2"], go_live=date(2027, 2, 20),
                                    freeze_days=4)))
    release = stored(service).releases["R2"]
    assert (release.go_live, release.freeze_days) == (date(2027, 2, 20), 4)
    closed = replace(plan.releases["R0"], name="x")
    assert unchanged(service, lambda: service.run(EditRelease(closed))).code == \
        "release-closed"


def test_an_edited_cr_persists_with_its_history(service):
    cr1 = stored(service).crs["CR-1"]
    edited = replace(cr1, title="Price, reviewed", estimate_hours=12, release="R2")
    outcome = service.run(EditCr(edited))
    assert (outcome.previous, outcome.target) == (Target("R1"), Target("R2"))
    assert stored(service).crs["CR-1"] == edited
    [entry] = service.store.history("cr", "CR-1")
    assert (entry["user"], entry["action"]) == ("alice", "edit CR-1")
    assert entry["before"]["title"] == "Price" and entry["after"]["title"] == "Price, reviewed"


def test_an_edit_in_a_frozen_release_is_refused_with_nothing_written(service):
    frozen = PlanService(service.store, date(2027, 1, 13))  # R1 frozen since 2027-01-12
    cr1 = stored(service).crs["CR-1"]
    refused = unchanged(frozen, lambda: frozen.run(EditCr(replace(cr1, title="Late idea"))))
    assert refused.code == "frozen"


def test_a_deleted_cr_is_restored_as_it_was_by_undo(service):
    cr3 = stored(service).crs["CR-3"]
    deleted = service.run(DeleteCr("CR-3"))
    undo = ApplyChanges(deleted.changes.inverse(), "Delete CR-3", restoring=True)
    service.run(undo)
    assert stored(service).crs["CR-3"] == cr3
    assert [h["action"] for h in service.store.history("cr", "CR-3")] == \
        ["delete CR-3", "undo: Delete CR-3"]
    assert unchanged(service, lambda: service.run(undo)).code == "changed-since"
