"""What a login may do, for the client to disable what the server would refuse."""

from app.rules.permissions import Permissions, change_refusal, everyone_manages


def test_a_planner_may_change_their_teams_crs_only():
    pete = Permissions("pete", "planner", frozenset({"ACQ"}), enforced=True)
    assert pete.may("schedule", "ACQ") and pete.may("create_cr")
    assert not pete.may("schedule", "BRD") and not pete.may("deploy")
    assert pete.why_not("schedule", "ACQ") == ""
    assert pete.why_not("edit_cr", "BRD") == ("needs the planner role for team BRD or the "
                                              "manager role; pete is a planner of ACQ")
    assert pete.why_not("deploy") == "needs the manager role; pete is a planner of ACQ"


def test_a_viewer_reads_and_a_login_without_a_role_does_not():
    vera = Permissions("vera", "viewer", enforced=True)
    assert vera.may("read") and not vera.may("schedule", "ACQ") and not vera.may("create_cr")
    assert "vera is a viewer" in vera.why_not("schedule", "ACQ")
    eve = Permissions("eve", "none", enforced=True)
    assert not eve.may("read") and "no Release Planner role" in eve.why_not("read")


def test_without_roles_everyone_manages():
    anyone = everyone_manages("ann")
    assert all(anyone.may(a, "ANY") for a in ("deploy", "edit_release", "schedule", "import"))


def test_a_change_set_touching_another_teams_cr_is_refused_naming_the_team():
    from dataclasses import replace

    from app.model.change_set import ChangeSet, RowChange
    from app.model.plan import ChangeRequest

    pete = Permissions("pete", "planner", frozenset({"ACQ", "RET"}), enforced=True)
    own = ChangeRequest(key="CR-1", title="t", team="ACQ", stage="draft", release=None,
                        estimate_hours=8)
    brand = replace(own, key="CR-2", team="BRD")

    def changes(*rows):
        return ChangeSet(tuple(RowChange(kind, key, b, a) for kind, key, b, a in rows))

    moved_own = changes(("cr", "CR-1", own, replace(own, release="R-MAR")))
    assert change_refusal(pete, moved_own) == ""
    moved_brand = changes(("cr", "CR-1", own, replace(own, release="R-MAR")),
                          ("cr", "CR-2", brand, replace(brand, release="R-MAR")))
    assert change_refusal(pete, moved_brand) == pete.why_not("schedule", "BRD")
    given_away = changes(("cr", "CR-1", own, replace(own, team="BRD")))
    assert "team BRD" in change_refusal(pete, given_away)
    created_for_brand = changes(("cr", "CR-2", None, brand))
    assert "team BRD" in change_refusal(pete, created_for_brand)
    release_edit = changes(("release", "R-MAR", object(), object()))
    assert change_refusal(pete, release_edit) == "needs the manager role; pete is a planner of ACQ, RET"
    assert change_refusal(everyone_manages("ann"), moved_brand) == ""
    assert change_refusal(None, moved_brand) == ""  # not known yet: the server still decides
