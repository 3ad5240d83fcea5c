"""One selection for every view of the window (widgets/session/selection.py): what the planner
selects on the timeline, the board, the backlog or the work list is shown selected in all of
them, and dragging any selected CR moves the whole selection as one undo step
(widgets/session/bulk_move.py), from whichever view it was dragged and to whichever it was dropped."""

from __future__ import annotations

from widgets.common.table_selection import TableSelection
from widgets.session.bulk_move import move_many


def install_selection(window) -> None:
    selection = window.selection
    timeline, board, work_list = window.timeline, window.board, window.work_list
    timeline.bars.selection = board.selection = selection
    timeline.on_select = board.on_select = window._select
    timeline.on_select_many = board.on_select_many = work_list.on_select = window.select_many
    window.backlog_rows = TableSelection(window.backlog_view, window.backlog.key_at,
                                         window.backlog.row_of, window.select_many)

    def show_everywhere() -> None:
        keys, current = selection.keys, selection.current
        timeline.select(current)
        board.show_selection(current)
        work_list.show_selection(keys, current)
        window.backlog_rows.show(keys, current)
        if selection.is_many():
            window.statusBar().showMessage(
                f"{len(keys)} change requests selected: drag any of them, or press Ctrl+M, to "
                "move them all.", 8000)
        elif current is not None and (why := window.controller.refusal("edit_cr", current)):
            # Said on the press, before any drag: the board has no note next to the pointer.
            window.statusBar().showMessage(f"{current} is read only for you: {why}.", 8000)

    selection.changed.connect(show_everywhere)

    def keep_only(alive) -> None:
        selection.keep(alive)
        if window.selected_cr not in selection:
            window.selected_cr = selection.current

    def forget_gone() -> None:
        """Another plan, or a filter: what is not shown any more is not selected any more
        (a drag of the selection moves only what the planner can see)."""
        controller = window.controller
        if controller.plan is None:
            return
        if controller.filter.active and controller.layout is not None:
            layout = controller.layout
            keep_only({bar.cr for lane in layout.lanes for bar in lane.bars}
                      | set(layout.backlog))
        else:
            keep_only(controller.plan.crs)

    def forget_deleted(changes) -> None:
        if window.controller.plan is not None and any(
                row.kind == "cr" and row.after is None for row in changes):
            keep_only(window.controller.plan.crs)  # deleted, or its creation undone

    window.controller.changed.connect(forget_gone)
    window.controller.edited.connect(forget_deleted)
    timeline.check_moves = lambda keys, target: group_refusals(window, keys, target)
    timeline.on_drop = board.on_drop = lambda cr, target: drop_dragged(window, cr, target)
    window.backlog.on_drop = lambda cr: drop_dragged(window, cr, None)


def drop_dragged(window, cr: str, target: str | None) -> None:
    """A CR dragged from any view and dropped on `target` (None: the backlog): the whole
    selection when the CR is part of a selection of several, else the CR alone."""
    group = window.selection.group_of(cr)
    if len(group) == 1:
        window.drop(cr, target)
    elif window.read_only:
        window.statusBar().showMessage("Nothing moved: the database is read-only.", 8000)
        window.controller.changed.emit()
    else:
        move_many(window, group, target)


def group_refusals(window, keys: list[str], target: str | None) -> list[tuple[str, str]]:
    """(cr, why) for each CR of `keys` the login's role or the rules refuse to move to
    `target`: the same answers as the drop's dialog (widgets/session/bulk_move.py), asked during the
    drag."""
    plan = window.controller.plan
    if plan is None:
        return []
    if window.read_only:
        return [(k, "the database is read-only") for k in keys]
    moving = window.controller.to_move(keys, target)
    return [(r.cr, r.message) for r in window.controller.move_refusals(moving, target)]
