"""Dragging work over the timeline: which release a drag is over, what a planner sees before
anything is dropped (the target release lit up, in red and hatched when it is refused, the
reason next to the pointer, a ghost of each bar where it will land), and the drop itself.

What a drop would do is the workspace mover's answer (widgets/session/moves.py), the same as
on every view; the drop is said with the view's `dropped` signal, and the mover decides it."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from app.model.plan import Target
from widgets.common.cr_drag import cr_from_mime
from widgets.common.style import ALLOWED, BAR_HEIGHT, PAD, PARTIAL, REFUSED, SECONDS_PER_DAY
from widgets.timeline.selection import landing_ghosts

NOTE_OFFSET = QPoint(18, 14)  # below right of the pointer, clear of the cursor
NOTE_WIDTH = 420
NOTE_PADDING = 16  # the note's left and right padding (its style sheet), and a pixel or two
CANCELLED = "Drag cancelled: nothing moved."
CANCELLED_MS = 5000


class TimelineDrops:
    """Part of a TimelineView, by composition: the view's drag events come here."""

    def __init__(self, view):
        self.view = view
        self.note = QLabel(view.viewport())
        self.note.setWordWrap(True)
        self.note.setMaximumWidth(NOTE_WIDTH)
        self.note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.note.hide()
        self.target: str | None = None  # the release a drop now would go to
        self.refusal: str | None = None  # and why it would be refused

    # ---- where the pointer is --------------------------------------------------------------

    def release_near(self, x: float) -> str | None:
        """The release whose go-live line or freeze window is nearest to `x` (view seconds,
        where the pointer is); cancelled releases take no work."""
        layout = self.view.layout_data
        releases = [r for r in (layout.releases if layout else []) if r.status != "cancelled"]
        if not releases:
            return None
        day = x / SECONDS_PER_DAY

        def distance(r) -> float:
            left = min(r.freeze_start, r.go_live) if r.status == "planned" else r.go_live
            return max(left - day, day - r.go_live, 0.0)

        return min(releases, key=lambda r: (distance(r), abs(r.go_live - day))).key

    def _release_under(self, pos: QPoint) -> str | None:
        view = self.view
        point = view.getPlotItem().getViewBox().mapSceneToView(view.mapToScene(pos))
        return self.release_near(point.x())

    # ---- a bar dragged on the timeline -----------------------------------------------------

    def bar_dragged(self, cr: str, x: float, phase: str, screen_pos: QPointF) -> None:
        mover = self.view.workspace.mover
        zone = mover.zone_at(screen_pos.toPoint())
        release = None if zone is not None else self.release_near(x)
        target = zone[1] if zone is not None else (Target(release) if release else None)
        if phase == "move":
            mover.hover_zone(zone[0] if zone is not None else None)
            self.show(cr, target, screen_pos, zone is not None)
            return
        if target is not None:
            self.view.dropped.emit(cr, target)  # decided before the drag's marks go
        mover.hover_zone(None)
        self.clear()

    def cancel(self) -> bool:
        """Esc: the drag (or rubber band) in progress ends here, and the planner is told
        nothing moved. False when nothing was dragged."""
        view = self.view
        if view.getPlotItem().getViewBox().cancel_band():
            view.workspace.say(CANCELLED, CANCELLED_MS)
            return True
        if not view.bars.cancel_drag():
            return False
        view.workspace.mover.hover_zone(None)
        self.clear()
        view.workspace.say(CANCELLED, CANCELLED_MS)
        return True

    # ---- a backlog row dragged onto the timeline (Qt's drag and drop) ----------------------

    def drag_enter(self, event) -> None:
        if cr_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drag_move(self, event) -> None:
        cr = cr_from_mime(event.mimeData())
        if cr:
            pos = event.position().toPoint()
            release = self._release_under(pos)
            self.show(cr, Target(release) if release else None,
                      QPointF(self.view.viewport().mapToGlobal(pos)), False)
            event.acceptProposedAction()

    def drag_leave(self) -> None:
        self.clear()

    def drop(self, event) -> None:
        cr = cr_from_mime(event.mimeData())
        release = self._release_under(event.position().toPoint())
        if cr is None or release is None:
            self.clear()
            event.ignore()
            return
        event.acceptProposedAction()
        self.view.dropped.emit(cr, Target(release))
        self.clear()

    # ---- what the planner sees while dragging ----------------------------------------------

    def show(self, cr: str, target: Target | None, screen_pos: QPointF, on_zone: bool) -> None:
        view = self.view
        if target is None:
            self.clear()
            return
        preview = view.workspace.mover.preview(cr, target)
        refusal = preview.refusal_of(cr) or (preview.refused[0].message if preview.refused
                                             else None)
        self.target, self.refusal = target.release, refusal
        view.backdrop.set_highlight(None if on_zone else target.release, preview.all_refused)
        # The dragged bar's own ghost is refused when it stays, even if others may go.
        stays = preview.all_refused or preview.refusal_of(cr) is not None
        view.bars.ghost = None if on_zone else self._ghost(cr, target.release, stays)
        view.bars.ghosts = []
        if len(preview.group) > 1 and view.bars.ghost is not None:
            view.bars.ghosts = landing_ghosts(view.bars,
                                              [k for k in preview.movable if k != cr],
                                              self._end_of(target.release))
        view.bars.update()
        text = preview.note()
        self.note.setText(text)
        self.note.setFixedWidth(note_width(text, self.note.font()))
        color = REFUSED if preview.all_refused or (len(preview.group) == 1 and refusal) \
            else (PARTIAL if refusal is not None else ALLOWED)
        self.note.setStyleSheet(f"QLabel {{ background: {color.name()}; color: white; "
                                "padding: 4px 7px; border-radius: 3px; }")
        self.note.adjustSize()
        self._place(view.viewport().mapFromGlobal(screen_pos.toPoint()))
        self.note.show()
        self.note.raise_()

    def _place(self, pointer: QPoint) -> None:
        area = self.view.viewport().rect()
        pos = pointer + NOTE_OFFSET
        if pos.x() + self.note.width() > area.right():
            pos.setX(max(0, pointer.x() - NOTE_OFFSET.x() - self.note.width()))
        if pos.y() + self.note.height() > area.bottom():
            pos.setY(max(0, pointer.y() - NOTE_OFFSET.y() - self.note.height()))
        self.note.move(pos)

    def _ghost(self, cr: str, target: str, refused: bool):
        """The dragged bar moved to end where the target release's bars end; a backlog row
        as the bar it would become, in the top row of its team's lane."""
        view = self.view
        end = self._end_of(target)
        if end is None:
            return None
        rect = view.bars.dragged_rect()
        if rect is None:
            size = view.bar_size(cr)
            lane = next((n for n, lb in enumerate(view.bars.lanes)
                         if size is not None and lb.lane.team == size[0]), None)
            if lane is None or not view.bars.expanded(lane):
                return None
            width = size[1] * SECONDS_PER_DAY
            rect = QRectF(end - width, view.bars.tops[lane] + PAD, width, BAR_HEIGHT)
        return rect.translated(end - rect.right(), 0), refused

    def _end_of(self, target: str) -> float | None:
        """Where the bars of release `target` end, in seconds (None: no such release)."""
        mark = next((r for r in self.view.layout_data.releases if r.key == target), None)
        return None if mark is None else mark.bars_end * SECONDS_PER_DAY

    def clear(self) -> None:
        view = self.view
        view.backdrop.set_highlight(None)
        view.bars.ghost = None
        view.bars.ghosts = []
        view.bars.update()
        self.note.hide()
        self.target = self.refusal = None


def note_width(html: str, font) -> int:
    """As wide as the note's longest line, up to NOTE_WIDTH: a word-wrapped label would
    otherwise break even a short note over three lines."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setHtml(html)
    return min(NOTE_WIDTH, math.ceil(doc.idealWidth()) + NOTE_PADDING)
