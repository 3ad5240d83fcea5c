"""The capacity pane under the timeline, on its time axis: for each planned release, each team's
open work against its capacity in hours, counted exactly as the bundle report's `over-capacity`
warning counts it (app.engine.capacity), over capacity in red. A team's cell spans the weeks
before the release's freeze, where that release's bars end on the timeline. Clicking a cell
narrows every view to that team's work in that release."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.engine.capacity import TeamLoad, plan_capacity
from app.rules.workdays import freeze_start
from app.views.timeline_layout import day_number
from widgets.session.controller import MARKS_DELAY_MS
from widgets.timeline.bars import SECONDS_PER_DAY

OVER = QColor("#d7263d")
WITHIN = QColor(0, 158, 115, 150)  # the timeline's "approved" green, see-through
EMPTY = QColor(128, 128, 128, 45)
ROW_PX = 26
FIRST_CELL_DAYS = 21  # the first planned release's cell when today is past its start
MIN_CELL_DAYS = 3
HEADER_ROWS = 0.9  # the release keys above the cells, in rows
# Up to this many CRs the loads are worked out with the first paint (a few ms); above, on the
# worker after it (0.15 s at 100,000 CRs, which the first paint would otherwise wait for).
AT_ONCE_UP_TO = 20_000


def capacity_of(controller) -> dict[str, list[TeamLoad]]:
    """The plan's team loads per planned release, computed once per plan shown."""
    derived = controller._derived
    if "capacity" not in derived:
        plan = controller.plan
        derived["capacity"] = plan_capacity(plan, controller.service.today(plan))
    return derived["capacity"]


def hours(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:g}"


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

    def wheelEvent(self, event) -> None:
        box = self.getPlotItem().getViewBox()
        (_, _), (y0, y1) = box.viewRange()
        step = -2 if event.angleDelta().y() > 0 else 2
        box.setYRange(y0 + step, y1 + step, padding=0)
        event.accept()


class CapacityPane(QWidget):
    def __init__(self, controller, on_pick: Callable[[str, str], None],
                 on_clear: Callable[[], None]):
        """`on_pick(team, release)`: a cell was clicked; `on_clear()`: show all work again."""
        super().__init__()
        self.controller = controller
        self.on_pick, self.on_clear = on_pick, on_clear
        self.plot = _Plot()
        self.plot.setBackground(self.palette().color(self.backgroundRole()))
        item = self.plot.getPlotItem()
        item.invertY(True)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.hideAxis("bottom")  # the timeline's dates are just above
        item.getViewBox().setMouseEnabled(x=True, y=False)
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
        self.clear.clicked.connect(lambda: self.on_clear())
        top = QHBoxLayout()
        top.setContentsMargins(6, 0, 6, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self._asked_for = None  # the plan whose loads the worker is working out
        controller.changed.connect(self.refresh)
        controller.edited.connect(lambda _changes: self._recompute_later())

    def _recompute_later(self) -> None:
        """After an edit: the loads of the whole plan (about 0.2 s at 100,000 CRs) are worked
        out on the worker once the window has repainted the edit, like the conflict marks;
        the cells keep the last figures until then."""
        controller, plan = self.controller, self.controller.plan
        if plan is None or not self.isVisible():
            return
        if self._asked_for is plan:
            return  # its loads are on their way
        self._asked_for = plan
        today = controller.service.today(plan)

        def ready(loads) -> None:
            self._asked_for = None
            if plan is controller.plan:
                controller._derived["capacity"] = loads
                self.refresh()

        QTimer.singleShot(MARKS_DELAY_MS, lambda: controller.jobs.run(
            "capacity", lambda: plan_capacity(plan, today), ready,
            lambda _fault: setattr(self, "_asked_for", None)))

    def refresh(self) -> None:
        plan = self.controller.plan
        if plan is None or not self.isVisible():
            return
        if "capacity" not in self.controller._derived and len(plan.crs) > AT_ONCE_UP_TO:
            # A big plan just loaded: the timeline paints first, the loads follow from the
            # worker (the cells keep the last plan's figures only if it is the same plan).
            self.summary.setText("<b>Capacity</b>: working out each team's load...")
            self.cells.set_content([], [], 0)
            self._recompute_later()
            return
        loads = capacity_of(self.controller)
        crs_filter = self.controller.filter
        teams = [t for t in plan.teams.values() if not crs_filter.team or t.key == crs_filter.team]
        today = day_number(self.controller.service.today(plan))
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
        text = ("<b>Capacity</b>: each team's open work against members &times; hours a day "
                "&times; working days to the freeze, in hours. ")
        if over:
            text += (f'<span style="color:{OVER.name()}"><b>{len(over)} team-releases over '
                     "capacity</b></span>"
                     f" (in {', '.join(where[:6])}{'...' if len(where) > 6 else ''}). ")
        if crs_filter.release:
            team = plan.teams.get(crs_filter.team)
            text += (f"Showing {team.name if team else 'all teams'}'s work in "
                     f"{crs_filter.release}.")
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
        load, plan = cell.load, self.controller.plan
        team, release = plan.teams[load.team], plan.releases[load.release]
        per_day = team.members * team.hours_per_day
        days = load.capacity_hours / per_day if per_day else 0
        verdict = (f"<b style='color:{OVER.name()}'>over capacity by "
                   f"{hours(load.load_hours - load.capacity_hours)} h</b>" if load.over
                   else f"{hours(load.capacity_hours - load.load_hours)} h to spare")
        return (f"<b>{escape(cell.name)}</b> by {release.key} {escape(release.name)}<br>"
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
            self.on_pick(cell.load.team, cell.load.release)


def pick_filter(window, team: str, release: str) -> None:
    """Narrow every view to `team`'s work in `release`; the toolbar's team picker follows."""
    combo = window.team_filter
    combo.blockSignals(True)
    combo.setCurrentIndex(max(0, combo.findData(team)))
    combo.blockSignals(False)
    window.controller.set_filter(replace(window.controller.filter, team=team, release=release))


def clear_pick(window) -> None:
    combo = window.team_filter
    combo.blockSignals(True)
    combo.setCurrentIndex(0)
    combo.blockSignals(False)
    window.controller.set_filter(replace(window.controller.filter, team=None, release=None))
