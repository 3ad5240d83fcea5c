"""Moving many selected CRs at once (Ctrl+M on a selection in the backlog or the work list): one
undo step. When the rules or the login's role refuse some (a planner's CRs of another team),
the planner sees which and why and chooses to move the others or none. `move_many` is the one
entry point, also for the timeline's multi-select."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QMessageBox

from app.edits.bulk_move import MoveMany, RefusedMove
from app.model.errors import Refusal
from app.model.plan import BACKLOG

SHOWN_REFUSALS = 12  # the rest are counted: a dialog taller than the screen helps nobody


def move_many(window, keys, target: str | None) -> bool:
    """Move the CRs `keys` to release `target` (None: the backlog) as one undo step. Returns
    whether anything moved; why not goes to the status bar."""
    controller = window.controller
    plan = controller.plan
    if plan is None:
        return False
    asked = [k for k in dict.fromkeys(keys) if k in plan.crs]
    keys = controller.to_move(asked, target)
    where = target or "the backlog"
    if not keys:
        controller.message.emit(f"Nothing to move: the selected change requests are already in "
                                f"{where}.")
        return False
    if len(keys) == 1:
        return controller.move(keys[0], target)  # the timeline's own path and message
    refused = controller.move_refusals(keys, target)  # another team's CRs, then the rules
    blocked = {r.cr for r in refused}
    movable = [k for k in keys if k not in blocked]
    if refused and not ask_move_others(window, refused, movable, where, len(asked) - len(keys)):
        controller.message.emit(f"Nothing moved: {len(refused)} of {len(keys)} change requests "
                                f"cannot move to {where}.")
        controller.changed.emit()  # anything dragged returns to its place
        return False
    failure = f"{', '.join(movable)} stay where they are"
    try:
        outcome = controller.perform(MoveMany(tuple(movable), target or BACKLOG), failure,
                                     f"Move {len(movable)} CRs to {target or 'backlog'}")
    except Refusal as refusal:  # the plan changed under the dialog
        controller.message.emit(f"Nothing moved: {refusal.message}")
        controller.changed.emit()
        return False
    note = f"{len(outcome.moved)} change requests moved to {where}."
    if outcome.warnings:
        note += " " + " ".join(w.message + "." for w in outcome.warnings)
    controller.message.emit(note)
    return True


def ask_move_others(window, refused: list[RefusedMove], movable: list[str], where: str,
                    already: int = 0) -> bool:
    """Which CRs the rules refuse and why; True when the planner moves the others."""
    box = QMessageBox(window)
    box.setObjectName("partial-move")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Some change requests cannot move")
    total = len(refused) + len(movable)
    lines = "".join(f"<li><b>{escape(r.cr)}</b>: {escape(r.message)}</li>"
                    for r in refused[:SHOWN_REFUSALS])
    more = len(refused) - SHOWN_REFUSALS
    there = f" ({already} selected are there already)" if already else ""
    box.setText(f"{len(refused)} of the {total} change requests to move cannot move to "
                f"{escape(where)}{there}:<ul>{lines}</ul>"
                + (f"and {more} more." if more > 0 else ""))
    others = None
    if movable:
        others = box.addButton(f"Move the other {len(movable)}", QMessageBox.ButtonRole.AcceptRole)
        others.setObjectName("move-others")
    none = box.addButton("Move none" if movable else "Close", QMessageBox.ButtonRole.RejectRole)
    none.setObjectName("move-none")
    box.setDefaultButton(none)
    box.exec()
    return others is not None and box.clickedButton() is others


def move_selected(window) -> None:
    """Ctrl+M: the selected CR, or all those selected, to a release chosen by name."""
    plan = window.controller.plan
    if plan is None:
        return
    keys = [k for k in window.selection.keys if k in plan.crs]  # shared by every view
    if len(keys) <= 1:
        if keys and keys[0] != window.selected_cr:
            window._select(keys[0])
        window.move_selected()  # one CR: the window's own dialog
        return
    choices = [f"{r.key}  {r.name}" for r in plan.planned_releases()]
    choices.append("backlog  (not scheduled)")
    choice, ok = QInputDialog.getItem(window, "Move to release",
                                      f"Move {len(keys)} change requests to:", choices, 0, False)
    if ok and choice:
        target = choice.split()[0]
        move_many(window, keys, None if target == "backlog" else target)


def install_bulk_move(window) -> None:
    """Extended selection (Ctrl-click, Shift-click) in the backlog; Ctrl+M moves all selected."""
    window.backlog_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    window.move_action.triggered.disconnect()
    window.move_action.triggered.connect(lambda: move_selected(window))
    window.move_action.setToolTip("Move the selected change requests to another release (Ctrl+M)")
