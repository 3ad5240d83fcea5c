"""Issue 14's views, installed into the main window in one call: the board and the work list
as docks, the capacity pane under the timeline on its time axis, bulk moves (extended selection
in the backlog, Ctrl+M on many), and one selection shared by every view."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QSplitter, QToolBar

from widgets.board.view import BoardView
from widgets.capacity.view import CapacityPane, clear_pick, pick_filter
from widgets.session.bulk_move import install_bulk_move
from widgets.session.selection_views import install_selection
from widgets.timeline.bars import SECONDS_PER_DAY
from widgets.work_list.view import WorkList

FOLLOW_PAUSE_MS = 120  # the board follows the timeline's dates once panning pauses


def install_plan_views(window) -> None:
    install_bulk_move(window)
    window.board = BoardView(window.controller, window._select, window.open_cr, window.drop)
    window.board.is_over_backlog = window._over_backlog
    window.board.on_backlog_hover = window._highlight_backlog
    window.board_dock = _dock(window, "Board", "board", window.board)
    window.work_list = WorkList(window.controller, window._select, window.open_cr)
    window.work_list_dock = _dock(window, "Work list", "work-list", window.work_list)
    window.capacity = CapacityPane(window.controller, lambda team, release: pick_filter(
        window, team, release), lambda: clear_pick(window))
    _under_timeline(window, window.capacity)
    install_selection(window)
    _follow_dates(window)


def _dock(window, title: str, name: str, widget) -> QDockWidget:
    from widgets.shell.docks import add_dock

    dock = add_dock(window, title, name, widget, Qt.DockWidgetArea.BottomDockWidgetArea,
                    scroll=False)
    window.tabifyDockWidget(window.preview_dock, dock)
    dock.hide()
    toolbar = window.findChild(QToolBar, "main-toolbar")
    if toolbar is not None:
        toolbar.addAction(dock.toggleViewAction())
    return dock


def _under_timeline(window, pane) -> None:
    """The pane below the timeline in a splitter (the planner sets its height), with its time
    axis linked to the timeline's and its team column as wide as the timeline's."""
    timeline = window.timeline
    # In the timeline's own place (beside its lane scrollbar, widgets/timeline/pane.py): both
    # plots then have the same width, so one date is at one x in both.
    column = timeline.parentWidget().layout()
    at = column.indexOf(timeline)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.setObjectName("timeline-capacity")
    column.insertWidget(at, splitter, 1)
    splitter.addWidget(timeline)
    splitter.addWidget(pane)
    splitter.setStretchFactor(0, 5)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([600, 175])  # four teams' rows under a two-line summary
    pane.plot.setXLink(timeline)
    left, mine = timeline.getPlotItem().getAxis("left"), pane.plot.getPlotItem().getAxis("left")
    # Rounded up: a label wider than its axis is not drawn at all (under a pixel of drift).
    left.geometryChanged.connect(lambda: mine.setWidth(math.ceil(left.width())))
    toolbar = window.findChild(QToolBar, "main-toolbar")
    if toolbar is not None:
        act = toolbar.addAction("Capacity")
        act.setCheckable(True)
        act.setChecked(True)
        act.setToolTip("Show each team's load against its capacity per release, under the "
                       "timeline")
        act.toggled.connect(pane.setVisible)
        window.capacity_action = act


def _follow_dates(window) -> None:
    """The board shows the releases of the dates in view on the timeline."""
    pause = QTimer(window)
    pause.setSingleShot(True)
    pause.setInterval(FOLLOW_PAUSE_MS)

    def follow():
        (x0, x1), _ = window.timeline.getPlotItem().viewRange()
        window.board.set_days((x0 / SECONDS_PER_DAY, x1 / SECONDS_PER_DAY))

    pause.timeout.connect(follow)
    window.timeline.getPlotItem().getViewBox().sigXRangeChanged.connect(lambda *_: pause.start())
    window.board_dock.visibilityChanged.connect(lambda shown: shown and follow())
