"""The release timeline as an image (PNG or SVG) for reports and the `timeline` command: the
same picture as the live timeline (DESIGN.md section 3), drawn with a QPainter from
`app.timeline_layout`, always in a light palette so that it prints.

Team lanes with their names, a bar per CR coloured by stage with the conflict, blocked and
stale-base outlines and the emergency edge, release go-live lines with their names, hatched
freeze windows, the today line, a date axis and a legend. Only lanes with work in the date range
are drawn, and each lane's sub-rows are compacted to those in use there, so that a few weeks of
a large plan do not become a mostly empty picture.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator

from app.timeline_layout import EPOCH, Bar, TimelineLayout, day_number, layout_timeline
from widgets.timeline_axis import draw_axis, draw_legend
from widgets.timeline_bars import EMERGENCY, MARK_PENS, STAGE_COLORS

LABEL_W, TOP, AXIS_H, LEGEND_H, RIGHT = 180.0, 44.0, 34.0, 30.0, 16.0
ROW_H, LANE_PAD, MAX_PLOT_H = 18.0, 6.0, 1500.0
INK, MUTED, RULE = QColor("#1d2433"), QColor("#8a93a3"), QColor("#d5dbe5")
ACCENT, TODAY = QColor("#1f4e8c"), QColor("#d7263d")
FREEZE, HATCH = QColor(120, 160, 230, 50), QColor(70, 110, 190, 120)
LANE_TINTS = (QColor("#f4f6fa"), QColor("#ffffff"))


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
    picture = _Picture(layout, d0, d1, focus, float(width), title)
    size = QSize(int(width), int(picture.height))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if fmt == "svg":
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
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
    return data


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


class _Picture:
    """The geometry of one image, then its painting."""

    def __init__(self, layout: TimelineLayout, d0: float, d1: float, focus: str | None,
                 width: float, title: str):
        self.layout, self.d0, self.d1, self.focus, self.width = layout, d0, d1, focus, width
        self.title = title
        self.top = TOP + (22 if title else 0)
        self.lanes = []  # (lane, bars, {old row: new row}, rows)
        for lane in layout.lanes:
            bars = [b for b in lane.bars if b.end >= d0 and b.start <= d1]
            rows = {r: n for n, r in enumerate(sorted({b.row for b in bars}))}
            if bars:
                self.lanes.append((lane, bars, rows, len(rows)))
        total_rows = sum(entry[3] for entry in self.lanes) or 1
        self.row_h = max(0.6, min(ROW_H, (MAX_PLOT_H - LANE_PAD * len(self.lanes)) / total_rows))
        self.plot_h = max(60.0, total_rows * self.row_h + LANE_PAD * len(self.lanes))
        self.height = self.top + self.plot_h + AXIS_H + LEGEND_H + 8
        self.font = QFont()
        self.font.setPixelSize(12)

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
        p.save()
        p.setClipRect(QRectF(LABEL_W, 0, self.width - LABEL_W, self.height))
        self._freezes(p, bottom)
        draw_axis(p, self.x, self.d0, self.d1, self.top, bottom, RULE, MUTED)
        self._bars(p)
        self._releases(p, bottom)
        self._today(p, bottom)
        p.restore()
        draw_legend(p, 8, bottom + AXIS_H + 4, STAGE_COLORS, MARK_PENS, EMERGENCY, FREEZE,
                    HATCH, TODAY, INK)

    def _lane_tops(self):
        y = self.top
        for n, entry in enumerate(self.lanes):
            height = entry[3] * self.row_h + LANE_PAD
            yield n, entry, y, height
            y += height

    def _lanes(self, p: QPainter) -> None:
        metrics = QFontMetricsF(self.font)
        for n, (lane, _bars, _rows, _count), y, height in self._lane_tops():
            p.fillRect(QRectF(0, y, self.width, height), LANE_TINTS[n % 2])
            p.fillRect(QRectF(0, y, 4, height), QColor(lane.color or "#888888"))
            if height >= metrics.height() * 0.8:
                p.setPen(INK)
                name = metrics.elidedText(lane.name, Qt.TextElideMode.ElideRight, LABEL_W - 18)
                p.drawText(QPointF(10, y + min(height / 2, 14) + metrics.ascent() / 2 - 1), name)
        if not self.lanes:
            p.setPen(MUTED)
            p.drawText(QPointF(LABEL_W + 8, self.top + 30), "No change requests in these dates.")

    def _freezes(self, p: QPainter, bottom: float) -> None:
        for r in self.layout.releases:
            if r.status != "planned" or r.freeze_start >= r.go_live:
                continue
            left, right = self.x(r.freeze_start), self.x(r.go_live)
            area = QRectF(left, self.top, right - left, bottom - self.top)
            p.fillRect(area, FREEZE)
            p.save()  # hatching drawn as lines: SVG has no pattern brushes
            p.setClipRect(area, Qt.ClipOperation.IntersectClip)
            p.setPen(QPen(HATCH, 1))
            step = 8.0
            span = bottom - self.top
            offset = -span
            while offset < area.width():
                p.drawLine(QPointF(left + offset, bottom), QPointF(left + offset + span, self.top))
                offset += step
            p.restore()

    def _bars(self, p: QPainter) -> None:
        metrics = QFontMetricsF(self.font)
        pad = self.row_h * 0.13
        label = self.row_h >= 14
        for _n, (_lane, bars, rows, _count), y, _h in self._lane_tops():
            for bar in bars:
                rect = QRectF(self.x(bar.start), y + LANE_PAD / 2 + rows[bar.row] * self.row_h
                              + pad, max(1.0, self.x(bar.end) - self.x(bar.start)),
                              max(0.6, self.row_h - 2 * pad))
                self._bar(p, bar, rect, metrics if label else None)

    def _bar(self, p: QPainter, bar: Bar, rect: QRectF, metrics) -> None:
        color = QColor(STAGE_COLORS.get(bar.stage, "#9aa5b1"))
        pale = self.focus is not None and bar.release != self.focus
        if pale:
            color.setAlpha(90)
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
        if metrics is not None and metrics.horizontalAdvance(bar.cr) + 8 <= rect.width():
            p.setPen(MUTED if pale else INK)
            p.drawText(rect.adjusted(5, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, bar.cr)

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


def release_timeline_png(plan, today: date, release: str) -> bytes:
    """The weeks around `release` as the reports embed them (command line and desktop)."""
    layout = layout_timeline(plan, today)
    start, end = release_window(layout, release)
    # 900 pixels across the page: the image's 12-pixel text prints at about 7 points.
    return render_timeline(layout, "png", start, end, focus=release, width=900)
