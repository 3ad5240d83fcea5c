"""Undo and redo from the keyboard never lie (issue 11): an undo the rules or a newer edit
refuse says why and leaves the undo history, the plan and the database where they were."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from app.edits.moves import Schedule
from app.edits.service import PlanService
from app.model.plan import Target
from app.model.row_kinds import RowKind
from app.plan_file.document import plan_to_document
from tests.widgets.conftest import action, stored_plan, timeline, wait_loaded, wait_written


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    window.activateWindow()
    qtbot.keyClick(timeline(window), key, modifiers)


def drop(window, cr: str, release: str | None) -> None:
    window.workspace.mover.drop(cr, Target.of(release))


def another_planner_moves(window, cr: str, release: str | None) -> None:
    """Someone else's move, written to the database behind the window's back."""
    PlanService(window.session.core.store).run(Schedule(cr, Target.of(release)))


def refresh(window) -> None:
    """F5: the window reads the plan again and shows their move."""
    window.session.load()
    wait_loaded(window)


def audit_actions(window, cr: str) -> list[str]:
    wait_written(window)
    return [h["action"] for h in window.session.core.store.history(RowKind.CR, cr)]


def test_undoing_a_slip_out_of_the_frozen_release_puts_it_back(window, qtbot):
    """The bug of issue 11: CR-201 slips out of frozen R-FEB; Ctrl+Z was refused while the
    stack moved as if it had happened. Now it restores the approved scope."""
    history = window.session.history
    drop(window, "CR-201", "R-MAR")
    assert stored_plan(window).crs["CR-201"].release == "R-MAR"
    press(qtbot, window, Qt.Key.Key_Z)
    assert window.session.plan.crs["CR-201"].release == "R-FEB"
    assert stored_plan(window).crs["CR-201"].release == "R-FEB"
    assert history.index == 0
    assert audit_actions(window, "CR-201")[-2:] == ["schedule CR-201 to R-MAR",
                                                    "undo: Move CR-201 to R-MAR"]
    press(qtbot, window, Qt.Key.Key_Y)  # redo: the slip again (moving out is allowed)
    assert stored_plan(window).crs["CR-201"].release == "R-MAR"
    assert history.index == 1


def test_an_undo_refused_by_the_rules_leaves_history_plan_and_database_alone(window, qtbot):
    """Undo of a move of a CR that another planner has moved since, and the window shows it:
    the rules refuse at once (the CR is not as the move left it)."""
    drop(window, "CR-309", "R-APR")
    wait_written(window)
    another_planner_moves(window, "CR-309", None)
    refresh(window)
    shown = plan_to_document(window.session.plan)
    stored = plan_to_document(stored_plan(window))
    press(qtbot, window, Qt.Key.Key_Z)
    assert window.session.history.index == 1  # not moved
    assert plan_to_document(window.session.plan) == shown
    assert plan_to_document(stored_plan(window)) == stored
    message = window.statusBar().currentMessage()
    assert "was not undone" in message and "CR-309" in message and "changed since" in message


def test_an_undo_refused_by_a_newer_edit_in_the_database_puts_the_history_back(window, qtbot):
    """The window does not know of the other planner's move yet: the undo is shown, then the
    database refuses it; the plan, the history and the database end where they were."""
    history = window.session.history
    drop(window, "CR-309", None)
    wait_written(window)
    another_planner_moves(window, "CR-309", "R-APR")
    stored = plan_to_document(stored_plan(window))
    press(qtbot, window, Qt.Key.Key_Z)
    wait_written(window)
    assert history.index == 1
    assert len(history) == 1
    assert plan_to_document(stored_plan(window)) == stored
    assert "someone else" in window.statusBar().currentMessage()
    wait_loaded(window)  # the plan is read again: their move is shown
    assert window.session.plan.crs["CR-309"].release == "R-APR"


def test_a_redo_refused_by_a_newer_edit_leaves_the_history_where_it_was(window, qtbot):
    history = window.session.history
    drop(window, "CR-309", None)
    press(qtbot, window, Qt.Key.Key_Z)
    wait_written(window)
    assert history.index == 0
    another_planner_moves(window, "CR-309", "R-APR")
    refresh(window)
    stored = plan_to_document(stored_plan(window))
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    wait_written(window)
    assert history.index == 0
    assert plan_to_document(stored_plan(window)) == stored
    assert "was not redone" in window.statusBar().currentMessage()


def test_two_quick_moves_of_one_cr_are_written_in_order(window):
    """The second move is decided on top of the first before the first is written."""
    drop(window, "CR-309", None)
    drop(window, "CR-309", "R-APR")
    drop(window, "CR-309", None)
    assert stored_plan(window).crs["CR-309"].release is None
    assert len(window.session.history) == 3
    assert audit_actions(window, "CR-309")[-3:] == ["schedule CR-309 to backlog",
                                                    "schedule CR-309 to R-APR",
                                                    "schedule CR-309 to backlog"]


def test_the_toolbars_undo_button_keeps_its_width_and_says_what_in_its_tooltip(window):
    undo = action(window, "undo")
    bar = window.findChild(QToolBar, "main-toolbar")
    button = bar.widgetForAction(undo)
    before = button.sizeHint().width()
    drop(window, "CR-309", "R-APR")
    assert undo.text().startswith("Undo ") and "CR-309" in undo.text()
    assert button.text() == "Undo" and button.sizeHint().width() == before
    assert "CR-309" in button.toolTip() and "Ctrl+Z" in button.toolTip()
