"""A write the server will not take now (another session holds the lock past the lock timeout,
storage.errors.WriteBlocked): the window says so in one line and takes the edit back, and it
stays online: the server answered, so no "cannot be reached" banner (issue 23)."""

from __future__ import annotations

from app.plan_file.document import read_plan
from storage.errors import WriteBlocked
from tests.conftest import ROOT
from tests.widgets.conftest import open_window, stored_plan, timeline, wait_written
from tests.widgets.timeline_mouse import drag_to, go_live_x, grab_points

BLOCKED = ("the plan is being written by another session; try again "
           "(nothing of this change was written)")


def blocked_writes(store) -> list:
    """Make every write of `store` fail as storage does when the lock timeout passes."""
    tried = []

    def write(changes, *_args, **_kwargs):
        tried.append(changes)
        raise WriteBlocked(BLOCKED)

    store.write = write
    return tried


def test_a_blocked_write_is_said_in_one_line_taken_back_and_is_not_offline(qtbot, tmp_path):
    window, store = open_window(qtbot, tmp_path,
                                read_plan(ROOT / "resources" / "demo_plan.json"))
    sharing = window.feature("sharing")
    assert sharing.feed.following
    view = timeline(window)
    before = view.bars.rect_of("CR-309")
    tried = blocked_writes(store)
    start = grab_points(view, "CR-309")["middle"]  # March
    drag_to(view, start, (go_live_x(view, "R-APR"), start[1]))
    wait_written(window)
    assert tried  # the drop was shown and its write tried
    line = window.statusBar().currentMessage()
    assert BLOCKED in line and "CR-309" in line and "\n" not in line
    assert window.session.plan.crs["CR-309"].release == "R-MAR"  # taken back on screen
    assert view.bars.rect_of("CR-309") == before
    assert not sharing.banner.isVisible()
    assert not window.session.core.offline  # the next edit is tried, not refused as offline
    del store.write  # the other session has finished
    drag_to(view, start, (go_live_x(view, "R-APR"), start[1]))
    assert stored_plan(window).crs["CR-309"].release == "R-APR"
    window.close()
