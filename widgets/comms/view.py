"""The communications view (SPEC.md section 6): one row per audience, each email, SMS and push
send a marker on the timeline's time axis, for the plan as it will be after a chosen release.

Hover says what a send is, which CR sets it and which release ships it; a click opens that CR;
dragging a send to another day edits the CR's `set send_date` change (asking which CR when
several set it), as one undo step and under the freeze rule, through the same save path as the
CR editor.
"""

from __future__ import annotations

from datetime import date
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.edits.crs import EditCr
from app.edits.send_edits import with_send_date
from app.engine.send_calendar import CalendarSend, SendCalendar, send_calendar
from app.model.errors import PlanFileError, Refusal
from app.views.explain import explain_warning
from widgets.common.release_picker import fill_planned_releases
from widgets.comms.markers import KIND_COLORS, OTHER_KIND, WARN, SendMarkers, seconds

ROW_PX = 34  # the height of an audience's row when the dock has room


class CommsView(QWidget):
    open_requested = Signal(str)  # the CR that sets a send, clicked

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.calendar: SendCalendar | None = None
        self.release = QComboBox()
        self.release.setToolTip("Show the send calendar as it will be after this release")
        self.release.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # never wider than the window: it wraps instead
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom",
                                                                       utcOffset=0)})
        self.plot.setBackground(self.palette().color(self.backgroundRole()))
        item = self.plot.getPlotItem()
        item.invertY(True)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=False, alpha=0.15)
        item.getViewBox().setMouseEnabled(x=True, y=False)
        ink = self.palette().windowText().color()
        for side in ("left", "bottom"):
            item.getAxis(side).setTextPen(ink)
            item.getAxis(side).setPen(ink)
        self.markers = SendMarkers()
        self.markers.clicked.connect(self.open_send)
        self.markers.dropped.connect(self.move_send)
        self.markers.fixed.connect(lambda s: self._choose_setter(s, s.send_date))
        self.markers.setZValue(10)
        self.plot.addItem(self.markers)
        self._lines: list[pg.InfiniteLine] = []
        top = QHBoxLayout()
        top.addWidget(QLabel("Plan after"))
        top.addWidget(self.release)
        top.addWidget(self.summary, 1)
        legend = QLabel(" ".join(
            f'<span style="color:{color}">&#9679;</span> {kind}'
            for kind, color in (*KIND_COLORS.items(), ("other", OTHER_KIND)))
            + f' &nbsp;|&nbsp; <b style="color:{WARN}">red ring and link</b>: an audience hit '
            f'twice too soon; <span style="background:#f6c9ce">&nbsp;red week&nbsp;</span>: '
            f"over the weekly cap; dashed ring: goes out before its release goes live "
            f"&nbsp;|&nbsp; drag a send to move it")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(legend)
        session.plan_changed.connect(lambda: self.isVisible() and self.refresh())
        session.edited.connect(lambda _changes: self.isVisible() and self.refresh())

    # ---- showing -----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _fill_releases(self) -> None:
        fill_planned_releases(self.release, self.session.plan, self.session.today())

    def refresh(self) -> None:
        plan = self.session.plan
        if plan is None:
            return
        self._fill_releases()
        through = self.release.currentData()
        if through is None:
            self.summary.setText("No planned release.")
            return
        self.calendar = calendar = send_calendar(plan, through)
        early = {s.item for s in calendar.sends
                 if s.release and s.send_date < plan.releases[s.release].go_live}
        self.markers.set_calendar(calendar, early)
        audiences = calendar.audiences()
        item = self.plot.getPlotItem()
        item.getAxis("left").setTicks([[(i + 0.5, a) for i, a in enumerate(audiences)], []])
        item.getViewBox().setLimits(yMin=0, yMax=max(len(audiences), 1))
        item.setYRange(0, max(len(audiences), 1), padding=0)
        self._show_releases(plan)
        self.summary.setText(
            f"{len(calendar.sends)} sends to {len(audiences)} audiences; "
            f"{_count(calendar.overlaps, 'audience hit twice too soon', 'audiences hit twice too soon')}, "
            f"{_count(calendar.capped, 'week over the cap', 'weeks over the cap')}, "
            f"{_count(early, 'send before its go-live', 'sends before their go-live')}")

    def _show_releases(self, plan) -> None:
        for line in self._lines:
            self.plot.removeItem(line)
        ink = self.palette().windowText().color()
        self._lines = []
        for r in plan.planned_releases():
            line = pg.InfiniteLine(seconds(r.go_live), angle=90,
                                   pen=pg.mkPen(ink, width=1, style=Qt.PenStyle.DashLine),
                                   label=r.key, labelOpts={"position": 0.04, "color": ink})
            self._lines.append(line)
        today = self.session.today()
        self._lines.append(pg.InfiniteLine(seconds(today), angle=90, pen=pg.mkPen(
            QColor(WARN), width=1, style=Qt.PenStyle.DotLine)))
        for line in self._lines:
            self.plot.addItem(line)

    def fit(self) -> None:
        if self.calendar and self.calendar.sends:
            xs = [seconds(s.send_date) for s in self.calendar.sends]
            self.plot.getPlotItem().setXRange(min(xs) - 4 * 86400, max(xs) + 4 * 86400, padding=0)

    # ---- what a send is ----------------------------------------------------------------------

    def describe(self, s: CalendarSend | None) -> str:
        if s is None:
            return ""
        plan = self.session.plan
        lines = [f"<b>{escape(s.item)}</b> {escape(s.name)}",
                 f"{escape(s.kind)} to <b>{escape(s.audience)}</b> on {s.send_date:%a %d %b %Y}"]
        if s.date_setters:
            lines.append("Date set by " + ", ".join(self._cr_words(k) for k in s.date_setters))
        if s.release:
            r = plan.releases[s.release]
            lines.append(f"Changed by {', '.join(s.crs)}; ships with {r.key} "
                         f"{escape(r.name)}, go-live {r.go_live:%a %d %b %Y}")
        else:
            lines.append("Live as it is: no planned change request touches it")
        calendar = self.calendar
        for w in (*calendar.overlaps, *calendar.capped) if calendar else ():
            if s.item in w.items:
                lines.append(f'<span style="color:{WARN}">{escape(explain_warning(w))}</span>')
        if s.release and s.send_date < plan.releases[s.release].go_live:
            lines.append(f'<span style="color:{WARN}">goes out before {s.release} goes live</span>')
        return "<br>".join(lines)

    def _cr_words(self, key: str) -> str:
        cr = self.session.plan.crs[key]
        return f"{key} ({cr.team}, {cr.stage.replace('_', ' ')})"

    def cr_of(self, s: CalendarSend) -> str | None:
        """The CR a click opens: the one that sets the send's date last, else the last that
        changes the send."""
        if s.date_setters:
            return s.date_setters[-1]
        return s.crs[-1] if s.crs else None

    def open_send(self, s: CalendarSend) -> None:
        key = self.cr_of(s)
        if key is None:
            self.session.message.emit(f"{s.item} is live as it is: no planned change "
                                      "request touches it.")
            return
        self.open_requested.emit(key)

    # ---- moving a send -----------------------------------------------------------------------

    def move_send(self, s: CalendarSend, day: date) -> bool:
        """Move `s` to `day` by editing the CR that sets its date. One undo step; a refusal
        (a frozen release, a problem) says why in the status bar and nothing changes."""
        key = self._choose_setter(s, day)
        if key is None:
            return False
        before = self.session.plan.crs[key]
        try:
            self.session.run(EditCr(with_send_date(before, s.item, day)))
        except Refusal as refusal:
            why = refusal.message
        except PlanFileError as bad:
            why = "; ".join(p.message for p in bad.problems)
        else:
            return True  # one undo step
        # The planner moved a send, not a CR: say which send stays, and on what day.
        self.session.message.emit(f"{s.item} stays on {s.send_date:%a %d %b}: {why}")
        self.refresh()  # the marker goes back to its day
        return False

    def _choose_setter(self, s: CalendarSend, day: date) -> str | None:
        setters = list(reversed(s.date_setters))  # the one that decides the date first
        if not setters:
            touching = f" ({', '.join(s.crs)} changes it)" if s.crs else ""
            self.session.message.emit(
                f"{s.item} cannot be moved from here: no change request sets its send date"
                f"{touching}. Add a change of its send_date in the change request editor to "
                "plan a move.")
            return None
        if len(setters) == 1:
            return setters[0]
        labels = [self._cr_words(k) + ("  (decides the date shown)" if i == 0 else "")
                  for i, k in enumerate(setters)]
        choice, ok = QInputDialog.getItem(
            self, "Which change request?",
            f"{len(setters)} change requests set the send date of {s.item}.\n"
            f"Move it to {day:%a %d %b %Y} in:", labels, 0, False)
        return setters[labels.index(choice)] if ok and choice in labels else None


def _count(things, one: str, many: str) -> str:
    n = len(things)
    return f"{n} {one if n == 1 else many}"
