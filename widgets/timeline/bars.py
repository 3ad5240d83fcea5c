"""All CR bars of the timeline as one pyqtgraph item (DESIGN.md sections 3 and 7).

Thousands of separate graphics items do not scale (6.4 s and 247 MB for 100,000 bars). This item
keeps each lane's bars in numpy arrays, paints only the lanes and bars in view with one
drawRects call per colour, and hit-tests with numpy. Rectangles are kept in lane coordinates and
built the first time a lane is painted, so a lane that did not change keeps them when lanes
above it grow or shrink, and a plan of 100,000 CRs shows without building 100,000 rectangles.
Dragging a bar reports the drop through a callback; the item itself decides nothing.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen

from app.views.dependency_chain import DependencyChains
from app.views.timeline_layout import Bar, TimelineLayout
from widgets.common.style import (
    ALLOWED,
    ARROWS_UP_TO,
    BAR_HEIGHT,
    COLLAPSED_ROWS,
    EMERGENCY,
    LABELS_UP_TO,
    LANE_GAP,
    MARK_PENS,
    PAD,
    REFUSED,
    SECONDS_PER_DAY,
    STAGE_CODES,
    STAGE_COLORS,
)
from widgets.timeline.arrows import paint_dependencies
from widgets.timeline.flash import BarFlash
from widgets.timeline.labels import paint_labels
from widgets.timeline.lane_bars import LaneBars
from widgets.timeline.scenario_marks import paint_scenario_marks
from widgets.timeline.selection import paint_selection


class TimelineBars(pg.GraphicsObject):
    # A bar dragged: (cr, x, phase, screen_pos), phase "move" while it is dragged and "finish"
    # when it is dropped; `x` is where the pointer is, in seconds, `screen_pos` on the screen.
    dragged = Signal(str, float, str, QPointF)

    def __init__(self, session=None, selection=None):
        """Reads CR titles and tooltips from `session` and what is selected from `selection`
        (the timeline image has neither)."""
        super().__init__()
        self.session = session
        self.lanes: list[LaneBars] = []
        self.tops: list[float] = []  # y of each lane's first row
        self.heights: list[float] = []  # rows each lane takes on screen (0: folded away)
        self.height = 0.0
        self.collapsed: set[str] = set()  # teams whose lanes the planner collapsed
        self.fold_empty = False  # lanes with no bar fold away (while a filter is on)
        self.show_dependencies = False
        self.chains: DependencyChains | None = None  # the plan's dependency graph
        self.selected: str | None = None  # the current CR (drawn in the text colour)
        self.selection = selection  # the workspace's CrSelection: every CR selected
        self.scenario_crs: frozenset[str] = frozenset()  # changed in the scenario shown
        self.ghost: tuple[QRectF, bool] | None = None  # where a dragged bar lands; refused?
        self.ghosts: list[QRectF] = []  # where the other selected bars dragged with it land
        self._marks: dict[str, set[str]] | None = None  # the marks the lanes show
        self._dragging: tuple[int, int] | None = None
        self._cancelled = False  # Esc during a drag: the rest of it is ignored
        self._drag_dx = 0.0
        self.last_labels: dict[str, str] = {}  # what the last frame labelled (timeline_labels)
        self.flash = BarFlash(self)  # other planners' edits, pointed at
        self.setAcceptHoverEvents(True)

    # ---- content -----------------------------------------------------------------------------

    def set_layout(self, layout: TimelineLayout, fold_empty: bool = False) -> None:
        """Show `layout`, reusing the arrays of every lane that did not change."""
        self.prepareGeometryChange()
        kept = {id(lb.lane): lb for lb in self.lanes}
        self._marks = layout.marks
        self.lanes = [kept.get(id(lane)) or LaneBars(lane) for lane in layout.lanes]
        for lane_bars in self.lanes:
            lane_bars.set_marks(layout.marks)
        self.fold_empty = fold_empty
        self.place_lanes()
        self._dragging = None

    def place_lanes(self) -> None:
        """Where each lane is: expanded lanes as tall as their rows, collapsed ones a thin
        band, lanes with nothing to show (under a filter) not at all."""
        self.prepareGeometryChange()
        self.tops, self.heights, y = [], [], 0.0
        for lane_bars in self.lanes:
            lane = lane_bars.lane
            if self.fold_empty and not lane.bars:
                height, gap = 0.0, 0.0
            elif lane.team in self.collapsed:
                height, gap = COLLAPSED_ROWS, LANE_GAP
            else:
                height, gap = float(lane.rows), LANE_GAP
            self.tops.append(y)
            self.heights.append(height)
            y += height + gap
        self.height = y
        self.update()

    def expanded(self, n: int) -> bool:
        return self.heights[n] == self.lanes[n].lane.rows

    def set_marks(self, marks: dict[str, set[str]]) -> None:
        self._marks = marks
        for lane_bars in self.lanes:
            lane_bars.set_marks(marks)
        self.update()

    @property
    def bars(self) -> list[Bar]:
        return [bar for lane_bars in self.lanes for bar in lane_bars.lane.bars]

    def locate(self, cr: str) -> tuple[int, int] | None:
        """The lane and place of `cr`'s bar: a look-up in each lane's index (a few dozen
        lanes), so that no index of all 100,000 bars needs mending after every drop."""
        for n, lane_bars in enumerate(self.lanes):
            i = lane_bars.index.get(cr)
            if i is not None:
                return n, i
        return None

    def rect_of(self, cr: str) -> QRectF | None:
        """Where the bar of `cr` is drawn, in view coordinates (seconds, rows); None when its
        lane is collapsed or folded away."""
        where = self.locate(cr)
        if where is None or not self.expanded(where[0]):
            return None
        n, i = where
        lane = self.lanes[n]  # one rect, not the lane's thousands (a drop asks for the moved bar)
        x0, x1 = float(lane.x0[i]), float(lane.x1[i])
        return QRectF(x0, float(lane.row[i]) + PAD + self.tops[n], x1 - x0, BAR_HEIGHT)

    def lane_at(self, y: float) -> int | None:
        for n, top in enumerate(self.tops):
            if self.heights[n] and top - LANE_GAP / 2 <= y <= top + self.heights[n] + LANE_GAP / 2:
                return n
        return None

    def boundingRect(self) -> QRectF:
        xs = [span for span in (lb.span() for lb in self.lanes) if span is not None]
        if not xs:
            return QRectF()
        return QRectF(QPointF(min(a for a, _ in xs), 0), QPointF(max(b for _, b in xs),
                                                                  self.height))

    def bar_at(self, x: float, y: float) -> tuple[int, int] | None:
        for n, top in enumerate(self.tops):
            if self.expanded(n) and top <= y <= top + self.heights[n]:
                i = self.lanes[n].at(x, y - top)
                return None if i is None else (n, i)
        return None

    def cr_at(self, x: float, y: float) -> str | None:
        hit = self.bar_at(x, y)
        return None if hit is None else self.lanes[hit[0]].lane.bars[hit[1]].cr

    # ---- painting ----------------------------------------------------------------------------

    def paint(self, painter, *_args) -> None:
        view = self.getViewBox()
        if view is None:
            return
        (vx0, vx1), (vy0, vy1) = view.viewRange()
        shown = []  # (lane number, visible indices)
        for n, (lane_bars, top) in enumerate(zip(self.lanes, self.tops, strict=True)):
            if top + self.heights[n] < vy0 or top > vy1 or not len(lane_bars.x0) \
                    or not self.expanded(n):
                continue
            visible = lane_bars.visible(vx0, vx1, vy0 - top, vy1 - top)
            if len(visible):
                shown.append((n, visible))
        marks_pens = {}
        for mark, (color, width) in MARK_PENS.items():
            pen = pg.mkPen(color, width=width)
            pen.setCosmetic(True)
            marks_pens[mark] = pen
        for n, visible in shown:
            self._paint_lane(painter, n, visible, marks_pens)
        paint_scenario_marks(self, painter, QRectF(QPointF(vx0, vy0), QPointF(vx1, vy1)),
                             self.paper())
        count = sum(len(v) for _, v in shown)
        if count <= LABELS_UP_TO:
            paint_labels(self, painter, shown, vx0, vx1)
        if self.show_dependencies and self.chains is not None:
            paint_dependencies(self, painter, shown, count <= ARROWS_UP_TO)
        paint_selection(self, painter, shown)
        self._paint_selection_and_drag(painter)
        self.flash.paint(painter)

    def _paint_lane(self, painter, n: int, visible, marks_pens) -> None:
        lane_bars = self.lanes[n]
        rects = lane_bars.rects()
        painter.save()
        painter.translate(0, self.tops[n])
        painter.setPen(Qt.PenStyle.NoPen)
        stages = lane_bars.stage[visible]
        for stage, color in STAGE_COLORS.items():
            members = visible[stages == STAGE_CODES[stage]]
            if len(members):
                painter.setBrush(QBrush(QColor(color)))
                painter.drawRects([rects[i] for i in members.tolist()])
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for mark, pen in marks_pens.items():
            members = visible[lane_bars.marks[mark][visible]]
            if len(members):
                painter.setPen(pen)
                painter.drawRects([rects[i] for i in members.tolist()])
        members = visible[lane_bars.emergency[visible]]
        if len(members):  # a red stripe on the leading edge: the emergency mark
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(EMERGENCY)))
            painter.drawRects([QRectF(rects[i].left(), rects[i].top(),
                                      min(rects[i].width(), SECONDS_PER_DAY * 0.25),
                                      rects[i].height()) for i in members.tolist()])
        painter.restore()

    def _paint_selection_and_drag(self, painter) -> None:
        pen = QPen(self.palette_text(), 2)
        pen.setCosmetic(True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.selected is not None:
            rect = self.rect_of(self.selected)
            if rect is not None:
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(0, -0.06, 0, 0.06))
        if self.ghost is not None:  # where the dragged bar will land, or would if allowed
            rect, refused = self.ghost
            _ghost_style(painter, refused)
            painter.drawRect(rect)
            if self.ghosts:  # the others dragged with it that may go, where they land
                _ghost_style(painter, False)
                painter.drawRects(self.ghosts)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._dragging is not None:
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            n, i = self._dragging
            painter.drawRect(self.lanes[n].rects()[i].translated(self._drag_dx, self.tops[n]))

    def palette_text(self) -> QColor:
        widget = self.getViewWidget()
        return widget.palette().windowText().color() if widget else QColor("#1f1f1f")

    def paper(self) -> QColor:
        widget = self.getViewWidget()
        return widget.backgroundBrush().color() if widget else QColor("#ffffff")

    def accent(self) -> QColor:
        widget = self.getViewWidget()
        return widget.palette().highlight().color() if widget else QColor("#3d7bd9")

    # ---- interaction -------------------------------------------------------------------------

    def hoverEvent(self, event) -> None:
        if event.isExit():
            self.setToolTip("")
            return
        pos = event.pos()
        cr = self.cr_at(pos.x(), pos.y())
        view = self.getViewWidget()
        self.setToolTip(view.tooltip(cr) if cr is not None and hasattr(view, "tooltip") else "")

    def title(self, key: str) -> str:
        """A bar's title for its label; "" while another plan loads (the old bars remain)."""
        plan = self.session.plan if self.session is not None else None
        cr = plan.crs.get(key) if plan is not None else None
        return cr.title if cr is not None else ""

    @property
    def dragged_bar(self) -> Bar | None:
        if self._dragging is None:
            return None
        n, i = self._dragging
        return self.lanes[n].lane.bars[i]

    def dragged_rect(self) -> QRectF | None:
        """The dragged bar where it was, in view coordinates."""
        if self._dragging is None:
            return None
        n, i = self._dragging
        return self.lanes[n].rects()[i].translated(0, self.tops[n])

    def cancel_drag(self) -> bool:
        """Esc: forget the drag in progress (the bar stays). False when there was none."""
        if self._dragging is None:
            return False
        self._dragging, self._cancelled, self._drag_dx, self.ghost = None, True, 0.0, None
        self.update()
        return True

    def mouseDragEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        if event.isStart():
            self._cancelled = False
            start = event.buttonDownPos()
            self._dragging = self.bar_at(start.x(), start.y())
            if self._dragging is None:
                event.ignore()  # not on a bar: let the view pan (or Shift: draw a band)
                return
        if self._cancelled:
            event.accept()
            self._cancelled = not event.isFinish()
            return
        if self._dragging is None:
            event.ignore()
            return
        event.accept()
        self._drag_dx = event.pos().x() - event.buttonDownPos().x()
        n, i = self._dragging
        cr = self.lanes[n].lane.bars[i].cr
        phase = "finish" if event.isFinish() else "move"
        if phase == "finish":
            self._dragging = None
            self._drag_dx = 0.0
            self.ghost = None
        self.update()
        self.dragged.emit(cr, event.pos().x(), phase, event.screenPos())


def _ghost_style(painter, refused: bool) -> None:
    """A ghost's pen and fill: solid where the bar will land, red and hatched if refused."""
    color = REFUSED if refused else ALLOWED
    pen = QPen(color, 2, Qt.PenStyle.DashLine if refused else Qt.PenStyle.SolidLine)
    pen.setCosmetic(True)
    fill = QColor(color)
    fill.setAlpha(70)
    painter.setPen(pen)
    painter.setBrush(QBrush(fill, Qt.BrushStyle.BDiagPattern if refused
                            else Qt.BrushStyle.SolidPattern))
