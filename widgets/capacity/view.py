"""The capacity pane under the timeline, on its time axis: for each planned release, each team's
open work against its capacity in hours, counted exactly as the bundle report's `over-capacity`
warning counts it (app.engine.capacity), over capacity in red. A team's cell spans the weeks
before the release's freeze, where that release's bars end on the timeline. Clicking a cell
narrows every view to that team's work in that release."""

from __future__ import annotations

from dataclasses import replace
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.engine.capacity import TeamLoad
from app.rules.freeze import freeze_start
from app.views.explain import load_figure as hours
from app.views.timeline_layout import day_number
from widgets.common.style import SECONDS_PER_DAY

OVER = QColor("#d7263d")
WITHIN = QColor(0, 158, 115, 150)  # the timeline's "approved" green, see-through
EMPTY = QColor(128, 128, 128, 45)
ROW_PX = 26
FIRST_CELL_DAYS = 21  # the first planned release's cell when today is past its start
MIN_CELL_DAYS = 3
HEADER_ROWS = 0.9  # the release keys above the cells, in rows


class Cell:
    __slots__ = ("load", "name", "row", "x0", "x1")

    def __init__(self, row: int, x0: float, x1: float, load: TeamLoad, name: str):
        self.row, self.x0, self.x1, self.load, self.name = row, x0, x1, load, name


class CapacityCells(pg.GraphicsObject):
    """Every cell as one item: only those in view are painted; text in device pixels."""

    def __init__(self):
        super().__init__()
        self.cells: list[Cell] = []
        self.columns: list[tuple[str, float, float]] = []  # release, x0, x1 (seconds)
        self.rows = 0
        self.ink = QColor("#000000")
        self.picked: tuple[str, str] | None = None

    def set_content(self, cells, columns, rows: int) -> None:
        self.prepareGeometryChange()
        self.cells, self.columns, self.rows = cells, columns, rows
        self.update()

    def boundingRect(self) -> QRectF:
        if not self.columns:
            return QRectF()
        return QRectF(QPointF(self.columns[0][1], -HEADER_ROWS),
                      QPointF(self.columns[-1][2], self.rows))

    def cell_at(self, x: float, y: float) -> Cell | None:
        for cell in self.cells:
            if cell.x0 <= x <= cell.x1 and cell.row <= y < cell.row + 1:
                return cell
        return None

    def paint(self, painter, *_args) -> None:
        view = self.getViewBox()
        if view is None:
            return
        (vx0, vx1), (vy0, vy1) = view.viewRange()
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        metrics = painter.fontMetrics()
        seen = transform.mapRect(QRectF(vx0, vy0, vx1 - vx0, vy1 - vy0))
        normal = QFont(painter.font())
        bold = QFont(normal)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        for cell in self.cells:
            if cell.x1 < vx0 or cell.x0 > vx1 or cell.row + 1 < vy0 or cell.row > vy1:
                continue
            rect = transform.mapRect(QRectF(cell.x0, cell.row + 0.1, cell.x1 - cell.x0, 0.8))
            rect.adjust(1, 0, -1, 0)
            load = cell.load
            painter.fillRect(rect, EMPTY)
            if load.over:
                painter.fillRect(rect, OVER)
            elif load.capacity_hours > 0 and load.load_hours > 0:
                share = load.load_hours / load.capacity_hours
                painter.fillRect(QRectF(rect.left(), rect.top(), rect.width() * share,
                                        rect.height()), WITHIN)
            if self.picked == (load.team, load.release):
                pen = QPen(self.ink, 2)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            rect = rect.intersected(seen)  # text centred in the part in view
            fits = (bold_metrics if load.over else metrics).horizontalAdvance
            text = f"{hours(load.load_hours)} / {hours(load.capacity_hours)} h"
            if fits(text) + 10 > rect.width() and load.capacity_hours:
                text = f"{load.load_hours / load.capacity_hours:.0%}"
            if fits(text) + 6 <= rect.width() and rect.height() >= 10:
                painter.setFont(bold if load.over else normal)
                painter.setPen(QColor("#ffffff") if load.over else self.ink)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(self.ink)
        painter.setFont(bold)
        for release, x0, x1 in self.columns:
            if x1 < vx0 or x0 > vx1:
                continue
            rect = transform.mapRect(QRectF(x0, -HEADER_ROWS, x1 - x0, HEADER_ROWS)).intersected(seen)
            if metrics.horizontalAdvance(release) + 4 <= rect.width():
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, release)
        painter.restore()


class _Plot(pg.PlotWidget):
    """The wheel scrolls the teams; the time axis follows the timeline."""

    def sizeHint(self) -> QSize:
        # As tall as its minimum: in a panel that scrolls, the pane's wrapping summary makes
        # the panel size the pane by its layout's preferred height, and pyqtgraph's (257 px)
        # pushed the last team rows below the panel's fold. It takes the height it is given;
        # the pane as a whole still asks for the usual room (CapacityPane.sizeHint).
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def usual_size(self) -> QSize:
        return super().sizeHint()

    def wheelEvent(self, event) -> None:
        box = self.getPlotItem().getViewBox()
        (_, _), (y0, y1) = box.viewRange()
        step = -2 if event.angleDelta().y() > 0 else 2
        box.setYRange(y0 + step, y1 + step, padding=0)
        event.accept()


class CapacityPane(QWidget):
    """Under the timeline, on its dates: the plot follows the dates the timeline shows and
    its team column is as wide as the timeline's (the workspace says both)."""

    def __init__(self, session, workspace):
        super().__init__()
        self.session = session
        self.workspace = workspace
        self.plot = _Plot()
        self.plot.setBackground(self.palette().color(self.backgroundRole()))
        item = self.plot.getPlotItem()
        item.invertY(True)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.hideAxis("bottom")  # the timeline's dates are just above
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.getViewBox().disableAutoRange()  # its dates are the timeline's, never its own
        ink = self.palette().windowText().color()
        item.getAxis("left").setTextPen(ink)
        item.getAxis("left").setPen(ink)
        self.cells = CapacityCells()
        self.cells.ink = ink
        self.plot.addItem(self.cells)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)  # never wider than the window: it wraps instead
        self.clear = QPushButton("Show all work")
        self.clear.setToolTip("Undo the capacity pane's narrowing to one team and release")
        self.clear.clicked.connect(self._clear_pick)
        top = QHBoxLayout()
        top.setContentsMargins(6, 0, 6, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        session.plan_changed.connect(self._new_plan)
        if workspace.days is not None:
            self._follow_days(*workspace.days)
        if workspace.axis_width:
            item.getAxis("left").setWidth(workspace.axis_width)
        session.derived_ready.connect(lambda kind: kind == "capacity" and self.refresh())
        # A plan small enough has its loads worked out with the edit itself, and no
        # derived_ready follows: the edit is the news.
        session.edited.connect(lambda _changes: self.refresh())
        workspace.days_changed.connect(self._follow_days)
        workspace.axis_width_changed.connect(item.getAxis("left").setWidth)

    def sizeHint(self) -> QSize:
        """The room a panel first gives the pane: the summary and a plot of the usual size."""
        return QSize(super().sizeHint().width(),
                     self.summary.sizeHint().height() + self.plot.usual_size().height())

    def _follow_days(self, first: float, last: float) -> None:
        self.plot.getPlotItem().setXRange(first * SECONDS_PER_DAY, last * SECONDS_PER_DAY,
                                          padding=0)

    def _new_plan(self) -> None:
        """A plan read again, or another database's: while its loads are worked out, no
        figures of the plan shown before (its teams may not even be this plan's)."""
        derived = self.session.derived
        if derived is None or derived.capacity is None:
            self.cells.set_content([], [], 0)
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        plan, derived = session.plan, session.derived
        if plan is None or derived is None or not self.isVisible():
            return
        if derived.capacity is None:
            # A big plan or an edit of one: the loads follow from the worker; after an edit
            # the cells keep the last figures of this plan until then.
            if not self.cells.cells:
                self.summary.setText("<b>Capacity</b>: working out each team's load...")
            return
        loads = derived.capacity
        crs_filter = session.filter
        teams = [t for t in plan.teams.values() if not crs_filter.team or t.key == crs_filter.team]
        today = day_number(session.today())
        cells, columns = [], []
        previous = None
        for r in plan.planned_releases():
            end = day_number(freeze_start(r.go_live, r.freeze_days))
            start = previous if previous is not None and previous < end else \
                (today if today < end else end - FIRST_CELL_DAYS)
            start = min(start, end - MIN_CELL_DAYS)
            previous = end
            x0, x1 = start * SECONDS_PER_DAY, end * SECONDS_PER_DAY
            columns.append((r.key, x0, x1))
            by_team = {t.team: t for t in loads[r.key]}
            for row, team in enumerate(teams):
                cells.append(Cell(row, x0, x1, by_team[team.key], team.name))
        self.cells.picked = (crs_filter.team, crs_filter.release) if crs_filter.release else None
        self.cells.set_content(cells, columns, len(teams))
        item = self.plot.getPlotItem()
        item.getAxis("left").setTicks([[(i + 0.5, t.name) for i, t in enumerate(teams)], []])
        box = item.getViewBox()
        box.setLimits(yMin=-HEADER_ROWS, yMax=max(len(teams), 1))
        (_, _), (y0, _) = box.viewRange()
        fit = max(1.0 + HEADER_ROWS, (self.plot.height() - 6) / ROW_PX)
        top = y0 if -HEADER_ROWS <= y0 < len(teams) - 1 else -HEADER_ROWS
        box.setYRange(top, top + fit, padding=0)
        over = [c for c in cells if c.load.over]
        where = sorted({c.load.release for c in over}, key=[k for k, *_ in columns].index)
        text = "<b>Capacity</b> (open work / hours to the freeze): "
        if over:
            text += (f'<span style="color:{OVER.name()}"><b>{len(over)} team-release'
                     f'{"s" if len(over) != 1 else ""} over capacity</b></span>'
                     f" (in {escape(', '.join(where[:6]))}{'...' if len(where) > 6 else ''}). ")
        if crs_filter.release:
            team = plan.teams.get(crs_filter.team)
            text += (f"Showing {escape(team.name) if team else 'all teams'}'s work in "
                     f"{escape(crs_filter.release)}.")
        else:
            text += "Click a cell to see that work."
        self.summary.setText(text)
        self.clear.setVisible(bool(crs_filter.release))
        # At least one team's row; the rest scroll with the wheel. A minimum of several rows
        # made the pane taller than the splitter gave it, which cut the last rows off unseen
        # (and left the wheel nothing to scroll).
        self.plot.setMinimumHeight(int((1 + HEADER_ROWS) * ROW_PX) + 6)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.refresh()

    def _hover(self, scene_pos) -> None:
        point = self.plot.getPlotItem().getViewBox().mapSceneToView(scene_pos)
        cell = self.cells.cell_at(point.x(), point.y())
        self.plot.setToolTip(self.describe(cell) if cell is not None else "")

    def describe(self, cell: Cell) -> str:
        """A cell's numbers in words, for its tooltip."""
        load, plan = cell.load, self.session.plan
        team, release = plan.teams[load.team], plan.releases[load.release]
        per_day = team.members * team.hours_per_day
        days = load.capacity_hours / per_day if per_day else 0
        verdict = (f"<b style='color:{OVER.name()}'>over capacity by "
                   f"{hours(load.load_hours - load.capacity_hours)} h</b>" if load.over
                   else f"{hours(load.capacity_hours - load.load_hours)} h to spare")
        return (f"<b>{escape(cell.name)}</b> by {escape(release.key)} {escape(release.name)}<br>"
                f"Load {hours(load.load_hours)} h: open work (not ready, not on hold) in every "
                f"planned release up to {release.key}<br>"
                f"Capacity {hours(load.capacity_hours)} h: {team.members} x "
                f"{team.hours_per_day:g} h a day x {days:g} working days to the freeze<br>"
                f"{verdict}. Click to see that work.")

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.plot.getPlotItem().getViewBox().mapSceneToView(event.scenePos())
        cell = self.cells.cell_at(point.x(), point.y())
        if cell is not None:
            self.session.set_filter(replace(self.session.filter, team=cell.load.team,
                                            release=cell.load.release))

    def _clear_pick(self) -> None:
        """Every team's work again (the filter bar's team picker follows the filter)."""
        self.session.set_filter(replace(self.session.filter, team=None, release=None))
