"""Everything behind the bars, as one pyqtgraph item: team lane bands, freeze windows, release
go-live lines with their labels, and the today line.

As separate pyqtgraph items (an InfiniteLine, its label and a LinearRegionItem per release)
200 releases cost about 290 ms a frame in Python bookkeeping; painted here in one pass, the
releases outside the view cost nothing.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen

from app.views.timeline_layout import ReleaseMark
from widgets.common.palette import readable
from widgets.common.style import ALLOWED, REFUSED, SECONDS_PER_DAY

FREEZE = QColor(120, 160, 230, 45)
FREEZE_HATCH = QColor(70, 110, 190, 110)
TODAY = QColor("#d7263d")
LINE = QColor("#333333")
MUTED = QColor("#9a9a9a")
REACH_ROWS = 2000.0
REACH_DAYS = 400.0  # labels run to the right of their line


class TimelineBackdrop(pg.GraphicsObject):
    def __init__(self):
        super().__init__()
        self.lanes: list[tuple[float, float, QColor]] = []  # top, bottom, tint
        self.releases: list[ReleaseMark] = []
        self.today = 0.0
        self.highlight: str | None = None  # release key under a dragged bar
        self.refused = False  # the rules refuse the highlighted release
        self.full_labels = True
        self._bounds = QRectF()
        # Where the last frame drew each release's label, in the view's pixels: a click on a
        # label picks its release, like a click on its go-live line.
        self.label_rects: list[tuple[QRectF, str]] = []

    def set_content(self, lanes, releases: list[ReleaseMark], today: float,
                    full_labels: bool) -> None:
        self.prepareGeometryChange()
        self.lanes, self.releases, self.today = lanes, releases, today
        self.full_labels = full_labels
        xs = [r.go_live for r in releases] + [today]
        bottom = max((lane[1] for lane in lanes), default=1.0)
        # Lines, windows and labels run the view's whole height, above and below the lanes
        # too: the bounds must cover that, or those parts would not repaint.
        self._bounds = QRectF(QPointF((min(xs) - REACH_DAYS) * SECONDS_PER_DAY, -REACH_ROWS),
                              QPointF((max(xs) + REACH_DAYS) * SECONDS_PER_DAY,
                                      bottom + REACH_ROWS))
        self.update()

    def set_highlight(self, release: str | None, refused: bool = False) -> None:
        """Mark the target of a drag: its line, freeze window and label, in the accent
        colour, or in red and hatched when the rules refuse it."""
        if (release, refused) != (self.highlight, self.refused):
            self.highlight, self.refused = release, refused
            self.update()

    def _paper_opaque(self) -> QColor:
        widget = self.getViewWidget()
        return widget.palette().window().color() if widget else QColor("#ffffff")

    def _ink(self) -> QColor:
        """Lines and labels in the palette's text colour: dark on light, light on dark."""
        widget = self.getViewWidget()
        return widget.palette().windowText().color() if widget else LINE

    def _paper(self) -> QColor:
        widget = self.getViewWidget()
        color = widget.palette().window().color() if widget else QColor("#ffffff")
        color.setAlpha(215)
        return color

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter, *_args) -> None:
        view = self.getViewBox()
        if view is None:
            return
        (x0, x1), (y0, y1) = view.viewRange()
        painter.setPen(Qt.PenStyle.NoPen)
        for top, bottom, tint in self.lanes:
            if bottom >= y0 and top <= y1:
                painter.fillRect(QRectF(x0, top, x1 - x0, bottom - top), tint)
        shown = [r for r in self.releases
                 if r.freeze_start * SECONDS_PER_DAY <= x1 and r.go_live * SECONDS_PER_DAY >= x0]
        transform = painter.transform()
        painter.save()
        painter.resetTransform()  # lines and text in device pixels: sharp at every zoom
        top_px = transform.map(QPointF(x0, y0)).y()
        bottom_px = transform.map(QPointF(x0, y1)).y()
        for r in shown:  # freeze windows: hatched, so they read as "closed" over any lane tint
            if r.status == "planned" and r.freeze_start < r.go_live:
                left = transform.map(QPointF(r.freeze_start * SECONDS_PER_DAY, 0)).x()
                right = transform.map(QPointF(r.go_live * SECONDS_PER_DAY, 0)).x()
                area = QRectF(left, top_px, right - left, bottom_px - top_px)
                painter.fillRect(area, FREEZE)
                painter.fillRect(area, QBrush(FREEZE_HATCH, Qt.BrushStyle.BDiagPattern))
            if r.key == self.highlight:
                self._paint_target_window(painter, transform, r, top_px, bottom_px)
        ink = self._ink()
        # Zoomed out over many releases, full-strength lines would bury the bars: thinner and
        # fainter when they are closer than about 30 pixels on average.
        width_px = abs(transform.map(QPointF(x1, 0)).x() - transform.map(QPointF(x0, 0)).x())
        crowded = len(shown) * 30 > width_px
        if crowded:
            ink = QColor(ink.red(), ink.green(), ink.blue(), 110)
        xs = []
        for r in shown:
            x = transform.map(QPointF(r.go_live * SECONDS_PER_DAY, 0)).x()
            xs.append(x)
            if r.key == self.highlight:
                strong = QColor(REFUSED if self.refused else ALLOWED)
                strong.setAlpha(170)
                painter.setPen(QPen(strong, 7))
                painter.drawLine(QPointF(x, top_px), QPointF(x, bottom_px))
            muted = r.status != "planned"
            pen = QPen(self._muted() if muted else ink, 1 if crowded else 2,
                       Qt.PenStyle.DashLine if muted else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, top_px), QPointF(x, bottom_px))
        today_x = transform.map(QPointF(self.today * SECONDS_PER_DAY, 0)).x()
        painter.setPen(QPen(readable(TODAY, self._paper_opaque()), 1.5, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(today_x, top_px), QPointF(today_x, bottom_px))
        painter.restore()

    def paint_labels(self, painter) -> None:
        """Release labels and the today label, painted by ReleaseLabels above the bars: bar
        labels never cover them."""
        view = self.getViewBox()
        if view is None:
            return
        (x0, x1), (y0, _) = view.viewRange()
        shown = [r for r in self.releases
                 if r.freeze_start * SECONDS_PER_DAY <= x1 and r.go_live * SECONDS_PER_DAY >= x0]
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        top_px = transform.map(QPointF(x0, y0)).y()
        right_px = transform.map(QPointF(x1, 0)).x()
        metrics = painter.fontMetrics()
        xs = [transform.map(QPointF(r.go_live * SECONDS_PER_DAY, 0)).x() for r in shown]
        # Labels on the first of two lines where they fit, each on a patch of the background so
        # that no line runs through its text; where neither line has room (zoomed far out) the
        # release stands unlabelled rather than under overlapping text.
        paper = self._paper()
        label_right = [float("-inf"), float("-inf")]
        spans: list[list[tuple[float, float]]] = [[], []]  # what each line's labels cover
        self.label_rects = []
        for r, x in zip(shown, xs, strict=True):
            label = r.key if not self.full_labels else (
                f"{r.key}  {r.name}" + ("  (deployed)" if r.status == "deployed" else ""))
            target = r.key == self.highlight
            if target:
                label += "  refused" if self.refused else "  drop here"
            free = [n for n in (0, 1) if label_right[n] < x]
            if target:
                free = [0]  # the target's label always shows, on top of the others
            if not free:
                continue
            line = free[0]
            y = top_px + 4 + metrics.ascent() + line * (metrics.height() + 2)
            advance = metrics.horizontalAdvance(label)
            if target and x + advance + 8 > right_px:  # at the right edge: left of the line
                x -= advance + 10
            patch = QRectF(x + 2, y - metrics.ascent() - 1, advance + 5, metrics.height() + 2)
            self.label_rects.append((patch, r.key))
            if target:
                painter.fillRect(patch, REFUSED if self.refused else ALLOWED)
                painter.setPen(QColor("#ffffff"))
            else:
                painter.fillRect(patch, paper)
                painter.setPen(self._muted() if r.status != "planned" else self._ink())
            painter.drawText(QPointF(x + 4, y), label)
            label_right[line] = x + 4 + advance + 8
            spans[line].append((x + 2, x + 4 + advance + 8))
        self._paint_today(painter, transform, metrics, top_px, spans, paper)
        painter.restore()

    def _paint_today(self, painter, transform, metrics, top_px, spans, paper) -> None:
        """"today" in the header beside its line, right or left of it, where no release label
        is: never over the bars and their labels, nor over a release's name (where there is no
        room at all, the red line says it alone)."""
        today_x = transform.map(QPointF(self.today * SECONDS_PER_DAY, 0)).x()
        advance = metrics.horizontalAdvance("today") + 5
        for line in (1, 0):
            for x0 in (today_x + 2, today_x - advance - 2):
                if all(x0 + advance < a or x0 > b for a, b in spans[line]):
                    y = top_px + 4 + metrics.ascent() + line * (metrics.height() + 2)
                    painter.fillRect(QRectF(x0, y - metrics.ascent() - 1, advance,
                                            metrics.height() + 2), paper)
                    painter.setPen(readable(TODAY, self._paper_opaque()))
                    painter.drawText(QPointF(x0 + 2, y), "today")
                    return

    def label_at(self, pixel: QPointF) -> str | None:
        """The release whose label is at `pixel` (the view's pixels), if any."""
        return next((key for rect, key in reversed(self.label_rects) if rect.contains(pixel)),
                    None)

    def _muted(self) -> QColor:
        """Deployed and cancelled releases: grey, yet readable on this palette."""
        return readable(MUTED, self._paper_opaque())

    def _paint_target_window(self, painter, transform, r: ReleaseMark, top_px: float,
                             bottom_px: float) -> None:
        left = transform.map(QPointF(r.freeze_start * SECONDS_PER_DAY, 0)).x()
        right = transform.map(QPointF(r.go_live * SECONDS_PER_DAY, 0)).x()
        color = QColor(REFUSED if self.refused else ALLOWED)
        color.setAlpha(60)
        area = QRectF(left, top_px, right - left, bottom_px - top_px)
        painter.fillRect(area, color)
        if self.refused:
            color.setAlpha(140)
            painter.fillRect(area, QBrush(color, Qt.BrushStyle.DiagCrossPattern))


class ReleaseLabels(pg.GraphicsObject):
    """The backdrop's labels, in an item above the bars."""

    def __init__(self, backdrop: TimelineBackdrop):
        super().__init__()
        self.backdrop = backdrop

    def boundingRect(self) -> QRectF:
        return self.backdrop.boundingRect()

    def paint(self, painter, *_args) -> None:
        self.backdrop.paint_labels(painter)
