"""What a login may do, for the client to disable what the server would refuse."""

from app.permissions import Permissions, everyone_manages


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
