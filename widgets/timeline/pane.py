"""The timeline with a vertical scrollbar beside it: many lanes scroll, rows keep their
height (pyqtgraph's own view has no scrollbars)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollBar, QWidget

from widgets.timeline.view import ROW_PX, TOP_ROW, TimelineView

STEPS_PER_ROW = 10
# The header and three lanes of three and a half rows, with the gaps between them, and the date
# axis: the panels around the timeline never leave it less (1280x720 with every panel open
# shows the demo's three lanes).
MIN_ROWS = 1.5 + 3 * 3.5 + 2 * 0.6
AXIS_PX = 34


class TimelinePane(QWidget):
    def __init__(self, view: TimelineView):
        super().__init__()
        self.view = view
        self.scrollbar = QScrollBar(Qt.Orientation.Vertical)
        self.scrollbar.setSingleStep(STEPS_PER_ROW)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(view, 1)
        row.addWidget(self.scrollbar)
        self.setMinimumHeight(int(MIN_ROWS * ROW_PX) + AXIS_PX)
        self._syncing = False
        view.rows_changed.connect(self._follow_view)
        self.scrollbar.valueChanged.connect(self._scrolled)

    def _follow_view(self) -> None:
        view = self.view
        span = view.rows_in_view()
        extra = max(0.0, view.content_rows() - TOP_ROW - span)
        top = view.getPlotItem().viewRange()[1][0]
        self._syncing = True
        self.scrollbar.setRange(0, round(extra * STEPS_PER_ROW))
        self.scrollbar.setPageStep(max(1, round(span * STEPS_PER_ROW)))
        self.scrollbar.setValue(round((top - TOP_ROW) * STEPS_PER_ROW))
        self._syncing = False

    def _scrolled(self, value: int) -> None:
        if not self._syncing:
            self.view.scroll_rows_to(value / STEPS_PER_ROW + TOP_ROW)
