"""Resolving a conflict where the bundle preview shows it, both ways, and rebasing a stale base:
picked and clicked with the mouse, written as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.widgets.conftest import preview, stored_plan, timeline, wait_written
from widgets.preview.preview import TABS

HEADLINE = ("OFR-SIM", "headline")  # the demo's conflict in R-MAR: CR-301 and CR-302 disagree


def open_tab(window, qtbot, name: str):
    window.workspace.preview_release.emit("R-MAR")  # as a click on its go-live line does
    bar = preview(window).tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(TABS.index(name)).center())
    return preview(window).lists[name]


def click_row(qtbot, tree, item) -> None:
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(item).center())


def conflict_row(tree, cr: str):
    head = tree.topLevelItem(0)
    assert head.text(0) == ".".join(HEADLINE)
    return next(head.child(i) for i in range(head.childCount()) if head.child(i).text(1) == cr)


def headline_of(plan, cr: str):
    return next(ch.to for ch in plan.crs[cr].changes
                if (ch.op, ch.item, getattr(ch, "field", None)) == ("set", *HEADLINE))


def undo(window, qtbot) -> None:
    qtbot.keyClick(timeline(window), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_written(window)


def test_picking_the_winning_value_sets_the_other_crs_to_it_in_one_undo_step(window, qtbot):
    tree = open_tab(window, qtbot, "Conflicts")
    actions = preview(window).resolving
    assert not actions.align.isEnabled()  # nothing picked yet
    click_row(qtbot, tree, conflict_row(tree, "CR-302"))
    assert actions.align.isEnabled()
    qtbot.mouseClick(actions.align, Qt.MouseButton.LeftButton)
    stored = stored_plan(window)
    assert headline_of(stored, "CR-301") == headline_of(stored, "CR-302") == \
        "Spring into SIM only"
    assert window.session.derived.report("R-MAR").conflicts == ()
    assert preview(window).tabs.tabText(TABS.index("Conflicts")) == "Conflicts (0)"
    assert len(window.session.history) == 1
    undo(window, qtbot)
    assert headline_of(stored_plan(window), "CR-301") == "40GB for less"
    assert len(window.session.derived.report("R-MAR").conflicts) == 1


def test_or_moving_the_others_out_to_the_next_release(window, qtbot):
    tree = open_tab(window, qtbot, "Conflicts")
    actions = preview(window).resolving
    click_row(qtbot, tree, conflict_row(tree, "CR-301"))
    assert actions.move.text() == "Keep its value: move the others to R-APR"
    qtbot.mouseClick(actions.move, Qt.MouseButton.LeftButton)
    stored = stored_plan(window)
    assert stored.crs["CR-302"].release == "R-APR" and stored.crs["CR-301"].release == "R-MAR"
    assert headline_of(stored, "CR-302") == "Spring into SIM only"  # its value is kept
    assert window.session.derived.report("R-MAR").conflicts == ()
    undo(window, qtbot)
    assert stored_plan(window).crs["CR-302"].release == "R-MAR"


def test_a_refused_resolution_is_shown_in_the_preview_and_changes_nothing(window, qtbot):
    from dataclasses import replace

    from app.edits.releases import EditRelease

    # R-MAR frozen from today on: aligning CR-301's change is content of a frozen release.
    window.session.run(EditRelease(replace(window.session.plan.releases["R-MAR"],
                                           freeze_days=17)))
    before = stored_plan(window)
    tree = open_tab(window, qtbot, "Conflicts")
    click_row(qtbot, tree, conflict_row(tree, "CR-302"))
    qtbot.mouseClick(preview(window).resolving.align, Qt.MouseButton.LeftButton)
    problem = preview(window).resolving.problem
    assert problem.isVisible() and "is frozen since 2027-02-08" in problem.text()
    assert stored_plan(window) == before


def test_rebase_takes_the_current_value_as_the_base_of_a_stale_cr(window, qtbot):
    tree = open_tab(window, qtbot, "Warnings")
    stale = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                 if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "CR-303")
    rebase = preview(window).resolving.rebase
    assert not rebase.isEnabled()
    click_row(qtbot, tree, stale)
    assert rebase.text() == "Rebase CR-303"
    qtbot.mouseClick(rebase, Qt.MouseButton.LeftButton)
    price = next(ch for ch in stored_plan(window).crs["CR-303"].changes if ch.field == "price")
    assert price.base == "44.99"  # what R-FEB leaves it at, before R-MAR
    assert "stale-base" not in [w.code for w in window.session.derived.report("R-MAR").warnings]
    QApplication.processEvents()
    undo(window, qtbot)
    price = next(ch for ch in stored_plan(window).crs["CR-303"].changes if ch.field == "price")
    assert price.base == "49.99"


def test_a_planner_of_another_team_cannot_change_the_other_crs(window, qtbot):
    from app.rules.permissions import Permissions

    # CR-301 is Acquisition's, CR-302 Brand's: dana plans for Acquisition only.
    window.session.set_permissions(Permissions("dana", "planner", frozenset({"ACQ"}),
                                               enforced=True))
    tree = open_tab(window, qtbot, "Conflicts")
    actions = preview(window).resolving
    click_row(qtbot, tree, conflict_row(tree, "CR-301"))  # CR-302 would change
    assert not actions.align.isEnabled() and not actions.move.isEnabled()
    assert actions.align.toolTip() == ("needs the planner role for team BRD or the manager "
                                       "role; dana is a planner of ACQ")
    click_row(qtbot, tree, conflict_row(tree, "CR-302"))  # CR-301, hers, would change
    assert actions.align.isEnabled() and actions.move.isEnabled()
