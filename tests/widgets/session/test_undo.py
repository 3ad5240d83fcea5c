"""Undo and redo from the keyboard never lie (issue 11): an undo the rules or a newer edit
refuse says why and leaves the undo stack, the plan and the database where they were."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.edits.service import PlanService
from app.plan_file.document import plan_to_document
from tests.widgets.conftest import stored_plan, wait_written


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    window.activateWindow()
    qtbot.keyClick(window.timeline, key, modifiers)


def test_undoing_a_slip_out_of_the_frozen_release_puts_it_back(window, qtbot):
    """The bug of issue 11: CR-201 slips out of frozen R-FEB; Ctrl+Z was refused while the
    stack moved as if it had happened. Now it restores the approved scope."""
    window.drop("CR-201", "R-MAR")
    assert stored_plan(window).crs["CR-201"].release == "R-MAR"
    press(qtbot, window, Qt.Key.Key_Z)
    assert window.controller.plan.crs["CR-201"].release == "R-FEB"
    assert stored_plan(window).crs["CR-201"].release == "R-FEB"
    assert window.undo_stack.index() == 0
    actions = [h["action"] for h in window.controller.history("cr", "CR-201")]
    assert actions[-2:] == ["schedule CR-201 to R-MAR", "undo: Move CR-201 to R-MAR"]
    press(qtbot, window, Qt.Key.Key_Y)  # redo: the slip again (moving out is allowed)
    assert stored_plan(window).crs["CR-201"].release == "R-MAR"
    assert window.undo_stack.index() == 1


def test_an_undo_refused_by_the_rules_leaves_stack_plan_and_database_alone(window, qtbot):
    """Undo of a move of a CR that another planner has moved since, and the window shows it:
    the rules refuse at once (the CR is not as the move left it)."""
    window.drop("CR-309", "R-APR")
    wait_written(window)
    PlanService(window.controller.service.store).schedule("CR-309", "backlog")
    window.controller.reload()  # F5: the window shows their move
    shown = plan_to_document(window.controller.plan)
    stored = plan_to_document(stored_plan(window))
    press(qtbot, window, Qt.Key.Key_Z)
    assert window.undo_stack.index() == 1  # not moved
    assert plan_to_document(window.controller.plan) == shown
    assert plan_to_document(stored_plan(window)) == stored
    message = window.statusBar().currentMessage()
    assert "was not undone" in message and "CR-309" in message and "changed since" in message


def test_an_undo_refused_by_a_newer_edit_in_the_database_puts_the_stack_back(window, qtbot):
    """The window does not know of the other planner's move yet: the undo is shown, then the
    database refuses it; the plan, the stack and the database end where they were."""
    window.drop("CR-309", None)
    wait_written(window)
    PlanService(window.controller.service.store).schedule("CR-309", "R-APR")
    stored = plan_to_document(stored_plan(window))
    press(qtbot, window, Qt.Key.Key_Z)
    wait_written(window)
    assert window.undo_stack.index() == 1
    assert window.undo_stack.count() == 1
    assert plan_to_document(stored_plan(window)) == stored
    assert "someone else" in window.statusBar().currentMessage()
    wait_written(window)  # the plan is read again: their move is shown
    assert window.controller.plan.crs["CR-309"].release == "R-APR"


def test_a_redo_refused_by_a_newer_edit_leaves_the_stack_where_it_was(window, qtbot):
    window.drop("CR-309", None)
    press(qtbot, window, Qt.Key.Key_Z)
    wait_written(window)
    assert window.undo_stack.index() == 0
    other = PlanService(window.controller.service.store)
    other.schedule("CR-309", "R-APR")
    window.controller.reload()
    stored = plan_to_document(stored_plan(window))
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    wait_written(window)
    assert window.undo_stack.index() == 0
    assert plan_to_document(stored_plan(window)) == stored
    assert "was not redone" in window.statusBar().currentMessage()


def test_two_quick_moves_of_one_cr_are_written_in_order(window):
    """The second move is decided on top of the first before the first is written."""
    window.drop("CR-309", None)
    window.drop("CR-309", "R-APR")
    window.drop("CR-309", None)
    assert stored_plan(window).crs["CR-309"].release is None
    assert window.undo_stack.count() == 3
    actions = [h["action"] for h in window.controller.history("cr", "CR-309")]
    assert actions[-3:] == ["schedule CR-309 to backlog", "schedule CR-309 to R-APR",
                            "schedule CR-309 to backlog"]


def test_the_toolbars_undo_button_keeps_its_width_and_says_what_in_its_tooltip(window):
    from PySide6.QtWidgets import QToolBar

    bar = window.findChild(QToolBar, "main-toolbar")
    button = bar.widgetForAction(window.undo_action)
    before = button.sizeHint().width()
    window.drop("CR-309", "R-APR")
    assert window.undo_action.text().startswith("Undo ") and "CR-309" in window.undo_action.text()
    assert button.text() == "Undo" and button.sizeHint().width() == before
    assert "CR-309" in button.toolTip() and "Ctrl+Z" in button.toolTip()
