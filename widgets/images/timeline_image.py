"""The release timeline as an image (PNG or SVG) for reports and the `timeline` command: the
same picture as the live timeline (DESIGN.md section 3), drawn with a QPainter from
`app.views.timeline_layout`, always in a light palette so that it prints.

Team lanes with their names, a bar per CR coloured by stage with the conflict, blocked and
stale-base outlines and the emergency edge, release go-live lines with their names, hatched
freeze windows, the today line, a date axis and a legend of every mark. Only lanes with work in
the date range are drawn, and each lane's sub-rows are compacted to those in use there, so that
a few weeks of a large plan do not become a mostly empty picture.

With a focus release (the reports), each lane shows that release's CRs one per row with their
keys while they fit, and the other releases' work as one faded strip on top of the lane; a
release too big for rows of readable height shows its CRs as density (overlapping bars) with
each lane's count. Everything in the plot is clipped to it, in the SVG too (widgets.images.svg),
and the text is DejaVu Sans.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator

from app.views.timeline_layout import EPOCH, Bar, TimelineLayout, day_number, layout_timeline
from widgets.common.style import EMERGENCY, MARK_PENS, STAGE_COLORS
from widgets.images import legend
from widgets.images.date_axis import draw_axis
from widgets.images.svg import FONT_FAMILY, ClipMarks, finish_svg

LABEL_W, TOP, AXIS_H, RIGHT = 180.0, 44.0, 34.0, 16.0
ROW_H, LANE_PAD, MAX_PLOT_H = 18.0, 6.0, 1500.0
LABEL_ROW_H = 14.0  # the least row height a key is written in
CONTEXT_H, DENSE_H = 7.0, 14.0  # the faded strip of other work; a dense release's lane
INK, MUTED, RULE = QColor("#1d2433"), QColor("#8a93a3"), QColor("#d5dbe5")
ACCENT, TODAY = QColor("#1f4e8c"), QColor("#d7263d")
FREEZE, HATCH = QColor(120, 160, 230, 50), QColor(70, 110, 190, 120)
LANE_TINTS = (QColor("#f4f6fa"), QColor("#ffffff"))
# The SVG's physical width, whatever its pixels: the text width of an A4 or Letter page, and
# half a widescreen slide. At Qt's default 72 dpi, 1,600 pixels were 56 cm in Word.
SVG_WIDTH_CM = 16.0


def ensure_gui() -> QGuiApplication:
    """Painting text needs a Qt GUI application; headless callers get the offscreen one that
    main.py asked for (QT_QPA_PLATFORM=offscreen)."""
    return QGuiApplication.instance() or QGuiApplication([])


def release_window(layout: TimelineLayout, release: str) -> tuple[date, date]:
    """The weeks around a release: from its earliest bar (or three weeks before its go-live,
    and at least the previous release's go-live) to ten days after its go-live."""
    marks = {r.key: r for r in layout.releases}
    mark = marks[release]
    starts = [b.start for b in layout.bars if b.release == release]
    earlier = [r.go_live for r in layout.releases if r.go_live < mark.go_live
               and r.status != "cancelled"]
    first = min([*starts, mark.go_live - 21, *(earlier[-1:])])
    first = max(first, mark.go_live - 120)  # one very long bar must not shrink the rest
    return _day(first - 3), _day(mark.go_live + 10)


def render_timeline(layout: TimelineLayout, fmt: str = "png", start: date | None = None,
                    end: date | None = None, focus: str | None = None, width: int = 1600,
                    title: str = "") -> bytes:
    """The timeline from `start` to `end` (default: the whole plan) as PNG or SVG bytes.
    With `focus` (a release key) that release's line and bars stand out; the rest are paler."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"a timeline image is png or svg, not {fmt!r}")
    ensure_gui()
    d0, d1 = _range(layout, start, end)
    picture = _Picture(layout, d0, d1, focus, float(width), title, svg=fmt == "svg")
    size = QSize(int(width), int(picture.height))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if fmt == "svg":
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setResolution(round(size.width() / (SVG_WIDTH_CM / 2.54)))
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(title or "Release timeline")
        generator.setDescription("Release Planner timeline")
        painter = QPainter(generator)
        picture.paint(painter)
        painter.end()
    else:
        image = QImage(size * 2, QImage.Format.Format_ARGB32_Premultiplied)  # 2x: sharp in print
        image.setDevicePixelRatio(2.0)
        image.fill(QColor("white"))
        painter = QPainter(image)
        picture.paint(painter)
        painter.end()
        image.save(buffer, "PNG")
    data = bytes(buffer.data())
    buffer.close()
    return finish_svg(data, picture.clips) if fmt == "svg" else data


def _day(days: float) -> date:
    return EPOCH + timedelta(days=int(days))


def _range(layout: TimelineLayout, start: date | None, end: date | None) -> tuple[float, float]:
    xs = [b.start for b in layout.bars] + [b.end for b in layout.bars]
    xs += [r.go_live for r in layout.releases] + [r.freeze_start for r in layout.releases]
    xs.append(layout.today)
    d0 = day_number(start) if start else min(xs) - 3
    d1 = day_number(end) + 1 if end else max(xs) + 4  # `end` is the last day shown
    if d1 <= d0:
        raise ValueError("the timeline's end is before its start")
    return d0, d1


class _LaneView(NamedTuple):
    """One lane as drawn: its bars with the row each goes in, its rows, and (with a focus) the
    other releases' bars for the faded strip on top."""
    lane: object
    placed: list[tuple[Bar, int]]
    rows: int
    context: list[Bar]


class _Picture:
    """The geometry of one image, then its painting."""

    def __init__(self, layout: TimelineLayout, d0: float, d1: float, focus: str | None,
                 width: float, title: str, svg: bool = False):
        self.layout, self.d0, self.d1, self.focus, self.width = layout, d0, d1, focus, width
        self.title = title
        self.clips = ClipMarks(svg)
        self.top = TOP + (22 if title else 0)
        self.font = QFont(FONT_FAMILY)
        self.font.setPixelSize(12)
        self.dense = False
        self.lanes = self._focus_lanes() if focus else []
        if not self.lanes:  # no focus, or a release without work in view
            self.lanes = self._plan_lanes()
        context = CONTEXT_H if any(v.context for v in self.lanes) else 0.0
        self.context_h = context
        total_rows = sum(v.rows for v in self.lanes) or 1
        fixed = (LANE_PAD + context) * len(self.lanes)
        if self.dense:
            self.row_h = DENSE_H
        else:
            self.row_h = max(0.6, min(ROW_H, (MAX_PLOT_H - fixed) / total_rows))
        self.plot_h = max(60.0, total_rows * self.row_h + fixed)
        self.legend = legend.entries(legend.Colours(
            STAGE_COLORS, MARK_PENS, EMERGENCY, FREEZE, HATCH, TODAY, INK, ACCENT, MUTED),
            focus is not None)
        self.legend_h = legend.legend_height(self.font, self.legend, width - 16)
        self.height = self.top + self.plot_h + AXIS_H + self.legend_h + 10

    def _in_range(self, bars) -> list[Bar]:
        return [b for b in bars if b.end >= self.d0 and b.start <= self.d1]

    def _plan_lanes(self) -> list[_LaneView]:
        out = []
        for lane in self.layout.lanes:
            bars = self._in_range(lane.bars)
            rows = {r: n for n, r in enumerate(sorted({b.row for b in bars}))}
            if bars:
                out.append(_LaneView(lane, [(b, rows[b.row]) for b in bars], len(rows), []))
        return out

    def _focus_lanes(self) -> list[_LaneView]:
        """The focus release's bars one per row (they all end at its freeze start), sorted by
        start; when they would not fit at a readable height, overlapping in one row."""
        out = []
        for lane in self.layout.lanes:
            bars = self._in_range(lane.bars)
            own = sorted((b for b in bars if b.release == self.focus),
                         key=lambda b: (b.start, b.cr))
            if own:
                out.append(_LaneView(lane, [(b, n) for n, b in enumerate(own)], len(own),
                                     [b for b in bars if b.release != self.focus]))
        total = sum(v.rows for v in out)
        fixed = (LANE_PAD + CONTEXT_H) * len(out)
        if total and (MAX_PLOT_H - fixed) / total < LABEL_ROW_H:
            self.dense = True
            out = [v._replace(placed=[(b, 0) for b, _row in v.placed], rows=1) for v in out]
        return out

    def x(self, day: float) -> float:
        plot_w = self.width - LABEL_W - RIGHT
        return LABEL_W + (day - self.d0) / (self.d1 - self.d0) * plot_w

    def paint(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.fillRect(QRectF(0, 0, self.width, self.height), QColor("white"))
        p.setFont(self.font)
        bottom = self.top + self.plot_h
        if self.title:
            bold = QFont(self.font)
            bold.setPixelSize(15)
            bold.setBold(True)
            p.setFont(bold)
            p.setPen(INK)
            p.drawText(QPointF(8, 20), self.title)
            p.setFont(self.font)
        self._lanes(p)
        # The plot, clipped to itself: from the lane labels to the right edge, from the release
        # labels above the lanes to the axis under them.
        plot = QRectF(LABEL_W, 0, self.width - LABEL_W - RIGHT + 2, bottom + AXIS_H)
        self.clips.begin(p, "plot", plot)
        self._freezes(p, bottom)
        draw_axis(p, self.x, self.d0, self.d1, self.top, bottom, RULE, MUTED)
        self._bars(p)
        self._releases(p, bottom)
        self._today(p, bottom)
        self.clips.end(p, "plot")
        legend.draw_legend(p, 8, bottom + AXIS_H + 4, self.width - 16, self.legend, INK)

    def _lane_tops(self):
        y = self.top
        for n, view in enumerate(self.lanes):
            height = self.context_h + view.rows * self.row_h + LANE_PAD
            yield n, view, y, height
            y += height

    def _lanes(self, p: QPainter) -> None:
        metrics = QFontMetricsF(self.font)
        for n, view, y, height in self._lane_tops():
            lane = view.lane
            p.fillRect(QRectF(0, y, self.width, height), LANE_TINTS[n % 2])
            p.fillRect(QRectF(0, y, 4, height), QColor(lane.color or "#888888"))
            if height >= metrics.height() * 0.8:
                p.setPen(INK)
                name = lane.name + (f" ({len(view.placed)})" if self.dense else "")
                name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, LABEL_W - 18)
                p.drawText(QPointF(10, y + min(height / 2, 14) + metrics.ascent() / 2 - 1), name)
        if not self.lanes:
            p.setPen(MUTED)
            p.drawText(QPointF(LABEL_W + 8, self.top + 30), "No change requests in these dates.")

    def _freezes(self, p: QPainter, bottom: float) -> None:
        right_edge = self.x(self.d1)
        for r in self.layout.releases:
            if r.status != "planned" or r.freeze_start >= r.go_live:
                continue
            left, right = max(self.x(r.freeze_start), LABEL_W), min(self.x(r.go_live), right_edge)
            if right <= left:
                continue
            area = QRectF(left, self.top, right - left, bottom - self.top)
            p.fillRect(area, FREEZE)
            p.setPen(QPen(HATCH, 1))
            for a, b in _hatch(area, 8.0):  # lines cut to the window: SVG has no pattern brush
                p.drawLine(a, b)

    def _bars(self, p: QPainter) -> None:
        metrics = QFontMetricsF(self.font)
        pad = self.row_h * 0.13
        label = self.row_h >= LABEL_ROW_H and not self.dense
        for _n, view, y, _h in self._lane_tops():
            for bar in view.context:
                rect = QRectF(self.x(bar.start), y + LANE_PAD / 2 + 1,
                              max(1.0, self.x(bar.end) - self.x(bar.start)), self.context_h - 2)
                color = QColor(STAGE_COLORS.get(bar.stage, "#9aa5b1"))
                color.setAlpha(legend.FADED_ALPHA)
                p.fillRect(rect, color)
            top = y + LANE_PAD / 2 + self.context_h
            for bar, row in view.placed:
                rect = QRectF(self.x(bar.start), top + row * self.row_h + pad,
                              max(1.0, self.x(bar.end) - self.x(bar.start)),
                              max(0.6, self.row_h - 2 * pad))
                self._bar(p, bar, rect, metrics if label else None)

    def _bar(self, p: QPainter, bar: Bar, rect: QRectF, metrics) -> None:
        color = QColor(STAGE_COLORS.get(bar.stage, "#9aa5b1"))
        pale = self.focus is not None and bar.release != self.focus
        if pale:
            color.setAlpha(legend.FADED_ALPHA)
        elif self.dense:
            color.setAlpha(110)  # overlapping bars: the more work, the deeper the colour
        p.fillRect(rect, color)
        marks = self.layout.marks
        for mark, (pen_color, pen_width) in MARK_PENS.items():
            if bar.cr in marks.get(mark, ()):
                p.setPen(QPen(QColor(pen_color), pen_width * 0.8))
                p.drawRect(rect)
                break
        if bar.emergency:
            p.fillRect(QRectF(rect.left(), rect.top(), min(4.0, rect.width()), rect.height()),
                       QColor(EMERGENCY))
        if metrics is None:
            return
        advance = metrics.horizontalAdvance(bar.cr)
        p.setPen(MUTED if pale else INK)
        if advance + 8 <= rect.width():
            p.drawText(rect.adjusted(5, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, bar.cr)
        elif self.focus is not None and rect.left() - advance - 4 >= LABEL_W:
            # A short bar of its own row: the key just before it, where the row is empty.
            p.drawText(QRectF(rect.left() - advance - 4, rect.top(), advance + 2, rect.height()),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, bar.cr)

    def _releases(self, p: QPainter, bottom: float) -> None:
        bold = QFont(self.font)
        bold.setBold(True)
        label_right = [float("-inf"), float("-inf")]
        for r in self.layout.releases:
            if not (self.d0 <= r.go_live <= self.d1):
                continue
            x = self.x(r.go_live)
            focus = r.key == self.focus
            muted = r.status != "planned"
            color = ACCENT if focus else (MUTED if muted else INK)
            style = Qt.PenStyle.DashLine if muted else Qt.PenStyle.SolidLine
            p.setPen(QPen(color, 3 if focus else 1.5, style))
            p.drawLine(QPointF(x, self.top - 4), QPointF(x, bottom))
            text = f"{r.key}  {r.name}" + (f"  ({r.status})" if muted else "")
            font = bold if focus else self.font  # the focus release's label is bold
            metrics = QFontMetricsF(font)
            advance = metrics.horizontalAdvance(text)
            left = x + 4
            if left + advance > self.width - 2:  # near the right edge: the label ends at x
                left = max(LABEL_W, x - 4 - advance)
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, x - 4 - left)
                advance = metrics.horizontalAdvance(text)
            line = next((n for n in (0, 1) if label_right[n] < left), None)
            if line is None:
                continue
            y = self.top - 26 + line * (metrics.height() + 1) + metrics.ascent() - 4
            p.setPen(color)
            p.setFont(font)
            p.drawText(QPointF(left, y), text)
            p.setFont(self.font)
            label_right[line] = left + advance + 10

    def _today(self, p: QPainter, bottom: float) -> None:
        today = self.layout.today
        if not (self.d0 <= today <= self.d1):
            return
        x = self.x(today)
        p.setPen(QPen(TODAY, 1.5, Qt.PenStyle.DotLine))
        p.drawLine(QPointF(x, self.top), QPointF(x, bottom))
        p.setPen(TODAY)
        p.drawText(QPointF(x + 4, bottom - 5), "today")


def _hatch(area: QRectF, step: float) -> list[tuple[QPointF, QPointF]]:
    """Diagonal lines (bottom-left to top-right) every `step` pixels, each cut to `area`."""
    h = area.height()
    out = []
    offset = step - (area.left() % step) - h  # aligned to the picture, not the window
    while offset < area.width():
        x0 = area.left() + offset  # where the line meets the bottom; it rises at 45 degrees
        lo, hi = max(0.0, (area.left() - x0) / h), min(1.0, (area.right() - x0) / h)
        if lo < hi:
            out.append((QPointF(x0 + lo * h, area.bottom() - lo * h),
                        QPointF(x0 + hi * h, area.bottom() - hi * h)))
        offset += step
    return out


def release_timeline_png(plan, today: date, release: str) -> bytes:
    """The weeks around `release` as the reports embed them (command line and desktop)."""
    layout = layout_timeline(plan, today)
    start, end = release_window(layout, release)
    # 900 pixels across the page: the image's 12-pixel text prints at about 7 points.
    return render_timeline(layout, "png", start, end, focus=release, width=900)
