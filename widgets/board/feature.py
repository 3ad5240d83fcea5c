"""The Board page (Azure DevOps Delivery Plans' layout): a row per team, a column per release
whose weeks are in view on the timeline, and the backlog (widgets/board/view.py)."""

from __future__ import annotations

from widgets.board.view import BoardView
from widgets.shell.feature import Built, Place


class BoardFeature:
    name = "board"
    title = "Board"
    place = Place.PAGE
    shown_first = True

    def build(self, workspace) -> Built:
        board = BoardView(workspace.session, workspace)
        board.select_requested.connect(workspace.select)
        board.activated.connect(workspace.open_cr)
        board.dropped.connect(workspace.mover.drop)
        workspace.selection.changed.connect(
            lambda: board.show_selection(workspace.selection.current))
        workspace.show_cr.connect(lambda key: board.isVisible() and board.ensure_visible(key))
        return Built(board, board)
