"""Selecting many cards on the board, as on the timeline: Ctrl-click adds a card or takes it
out, Shift-click selects the cards from the anchor (the last card clicked without Shift) to this
one: within one cell in card order, else every card of the cells between the two. Pressing a
card of a selection of several keeps the selection, so that dragging it moves all of them; a
click without a drag then selects that card alone."""

from __future__ import annotations

from PySide6.QtCore import Qt


def position_of(board, key: str) -> tuple[int, int, int] | None:
    """(team row, column, place in the cell) of `key`'s card; None: not on the board."""
    cr = board.session.plan.crs.get(key)
    if cr is None:
        return None
    for r, (team, _) in enumerate(board.data.teams):
        if team != cr.team:
            continue
        for c, column in enumerate(board.data.columns):
            keys = board.data.cells.get((team, column.target), ())
            if key in keys:
                return r, c, keys.index(key)
    return None


def range_keys(board, first: str, last: str) -> list[str]:
    a, b = position_of(board, first), position_of(board, last)
    if a is None or b is None:
        return [last]
    cells = board.data.cells
    if a[:2] == b[:2]:
        team, target = board.data.teams[a[0]][0], board.data.columns[a[1]].target
        low, high = sorted((a[2], b[2]))
        return list(cells.get((team, target), ())[low:high + 1])
    keys = []
    for r in range(min(a[0], b[0]), max(a[0], b[0]) + 1):
        for c in range(min(a[1], b[1]), max(a[1], b[1]) + 1):
            keys.extend(cells.get((board.data.teams[r][0], board.data.columns[c].target), ()))
    return keys


def press_card(board, key: str, modifiers) -> None:
    selection = board.selection
    ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    board.pending_single = None
    if selection is not None and shift:
        anchor = board.anchor if board.anchor in selection else selection.current
        keys = range_keys(board, anchor, key) if anchor else [key]
        board.select_requested.emit([*selection.keys, *keys] if ctrl else keys, key)
    elif selection is not None and ctrl:
        board.anchor = key
        board.select_requested.emit(*selection.toggled(key))
    elif selection is not None and key in selection and selection.is_many():
        board.pending_single = key  # a drag moves them all; a plain click selects it alone
    else:
        board.anchor = key
        board.selected = key
        board.select_requested.emit([key], key)
    board.viewport().update()


def release_card(board, dragged: bool) -> None:
    key, board.pending_single = board.pending_single, None
    if key is not None and not dragged:
        board.anchor = key
        board.select_requested.emit([key], key)


def is_selected(board, key: str) -> bool:
    selection = board.selection
    return key in selection if selection is not None else key == board.selected


def dragged_count(board, key: str) -> int:
    return len(board.selection.group_of(key)) if board.selection is not None else 1
