"""What a planner sees while dragging work over the timeline, before anything is dropped: the
target release lit up (its line, freeze window and label), in red and hatched when the rules
refuse it, the reason next to the pointer, and a ghost of the bar where it will land."""

from __future__ import annotations

import math
from html import escape

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from widgets.common.cr_drag import cr_from_mime
from widgets.timeline.selection import landing_ghosts
from widgets.timeline.style import ALLOWED, BAR_HEIGHT, PAD, PARTIAL, REFUSED, SECONDS_PER_DAY

NOTE_OFFSET = QPoint(18, 14)  # below right of the pointer, clear of the cursor
NOTE_WIDTH = 420
NOTE_PADDING = 16  # the note's left and right padding (its style sheet), and a pixel or two
NOTE_REFUSALS = 4  # a note is read at a glance; the drop's dialog lists them all


class DragFeedback:
    def __init__(self, view):
        self.view = view
        self.note = QLabel(view.viewport())
        self.note.setWordWrap(True)
        self.note.setMaximumWidth(NOTE_WIDTH)
        self.note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.note.hide()
        self.target: str | None = None  # what a drop now would do: (target, refusal)
        self.refusal: str | None = None
        self._answers: dict[tuple[str, str | None], str | None] = {}  # (cr, target) -> why
        self._group_answers: dict[str | None, list[tuple[str, str]]] = {}  # target -> refused

    def _refusal(self, cr: str, target: str | None) -> str | None:
        """Asked once per CR and target during a drag: the check builds a plan."""
        if (cr, target) not in self._answers:
            self._answers[(cr, target)] = self.view.check_move(cr, target)
        return self._answers[(cr, target)]

    def _group_refusals(self, group: list[str], target: str | None) -> list[tuple[str, str]]:
        """(cr, why) for each CR of the dragged selection the rules refuse, once per target."""
        if target not in self._group_answers:
            self._group_answers[target] = self.view.check_moves(group, target)
        return self._group_answers[target]

    def show(self, cr: str, target: str | None, to_backlog: bool, screen_pos: QPointF,
             ghost: bool, group: list[str] | None = None) -> None:
        """`group`: the CRs of a selection dragged together (None: `cr` alone)."""
        view = self.view
        if target is None and not to_backlog:
            self.clear()
            return
        where = "the backlog" if to_backlog else target
        if group is None:
            refusal = self._refusal(cr, None if to_backlog else target)
            refused_all = refusal is not None
            text = (f"{cr} → {where}" if refusal is None
                    else f"<b>{cr} cannot go to {where}</b><br>{refusal}")
        else:
            refused = self._group_refusals(group, None if to_backlog else target)
            refusal = refused[0][1] if refused else None
            refused_all = len(refused) == len(group)
            text = group_note(group, refused, where)
        self.target, self.refusal = target, refusal
        view.backdrop.set_highlight(None if to_backlog else target, refused_all)
        # The dragged bar's own ghost is refused when it stays, even if others may go.
        stays = refused_all or (group is not None and any(key == cr for key, _ in refused))
        view.bars.ghost = self._ghost(cr, target, stays) \
            if ghost and not to_backlog else None
        view.bars.ghosts = []
        if group is not None and view.bars.ghost is not None:
            stay = {key for key, _ in refused} | {cr}
            view.bars.ghosts = landing_ghosts(view.bars, [k for k in group if k not in stay],
                                              self._end_of(target))
        view.bars.update()
        self.note.setText(text)
        self.note.setFixedWidth(note_width(text, self.note.font()))
        color = REFUSED if refused_all else (PARTIAL if refusal is not None else ALLOWED)
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

    def _ghost(self, cr: str, target: str | None, refused: bool):
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

    def _end_of(self, target: str | None) -> float | None:
        """Where the bars of release `target` end, in seconds (None: no such release)."""
        mark = next((r for r in self.view.layout_data.releases if r.key == target), None)
        return None if mark is None else mark.bars_end * SECONDS_PER_DAY

    def clear(self) -> None:
        self.view.backdrop.set_highlight(None)
        self.view.bars.ghost = None
        self.view.bars.ghosts = []
        self.view.bars.update()
        self.note.hide()
        self.target = self.refusal = None
        self._answers, self._group_answers = {}, {}


def note_width(html: str, font) -> int:
    """As wide as the note's longest line, up to NOTE_WIDTH: a word-wrapped label would
    otherwise break even a short note over three lines."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setHtml(html)
    return min(NOTE_WIDTH, math.ceil(doc.idealWidth()) + NOTE_PADDING)


def group_note(group: list[str], refused: list[tuple[str, str]], where: str) -> str:
    """The note beside the pointer while a selection is dragged: how many go, which cannot."""
    if not refused:
        return f"{len(group)} change requests → {where}"
    if len(refused) == len(group):
        head = f"<b>None of the {len(group)} change requests can go to {where}</b>"
    else:
        head = (f"<b>{len(refused)} of {len(group)} cannot go to {where}</b>; on the drop you "
                f"choose to move the other {len(group) - len(refused)} or none")
    lines = "".join(f"<br>{escape(key)}: {escape(why)}" for key, why in refused[:NOTE_REFUSALS])
    more = len(refused) - NOTE_REFUSALS
    return head + lines + (f"<br>and {more} more" if more > 0 else "")


class DropTarget:
    """Part of TimelineView: which release a drag is over, and the drops themselves (bars
    dragged on the timeline, backlog rows dragged onto it)."""

    def cancel_drag(self) -> bool:
        """Esc during a drag: the bar stays where it is (a rubber band selects nothing). False
        when nothing was dragged."""
        if self.getPlotItem().getViewBox().cancel_band():
            return True
        if not self.bars.cancel_drag():
            return False
        self.feedback.clear()
        return True

    def release_near(self, x: float) -> str | None:
        """The release whose go-live line or freeze window is nearest to `x` (view seconds,
        where the pointer is); cancelled releases take no work."""
        releases = [r for r in (self.layout_data.releases if self.layout_data else [])
                    if r.status != "cancelled"]
        if not releases:
            return None
        day = x / SECONDS_PER_DAY

        def distance(r) -> float:
            left = min(r.freeze_start, r.go_live) if r.status == "planned" else r.go_live
            return max(left - day, day - r.go_live, 0.0)

        return min(releases, key=lambda r: (distance(r), abs(r.go_live - day))).key

    def _group(self, cr: str) -> list[str] | None:
        """The CRs dragged with `cr` (the selection it is part of); None: `cr` alone."""
        group = self.bars.selection.group_of(cr) if self.bars.selection is not None else [cr]
        return group if len(group) > 1 else None

    def _dragged(self, cr: str, x: float, phase: str, screen_pos: QPointF) -> None:
        to_backlog = self.is_over_backlog(screen_pos)
        target = None if to_backlog else self.release_near(x)
        self.on_backlog_hover(to_backlog and phase == "move")
        if phase == "move":
            self.feedback.show(cr, target, to_backlog, screen_pos, ghost=True,
                               group=self._group(cr))
            return
        self.feedback.clear()
        if target is not None or to_backlog:
            self.on_drop(cr, target)

    def _release_under(self, pos: QPoint) -> str | None:
        point = self.getPlotItem().getViewBox().mapSceneToView(self.mapToScene(pos))
        return self.release_near(point.x())

    def dragEnterEvent(self, event) -> None:
        if cr_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        cr = cr_from_mime(event.mimeData())
        if cr:
            pos = event.position().toPoint()
            self.feedback.show(cr, self._release_under(pos), False,
                               QPointF(self.viewport().mapToGlobal(pos)), ghost=True,
                               group=self._group(cr))
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.feedback.clear()

    def dropEvent(self, event) -> None:
        """A backlog row dropped on the timeline: scheduled to the release under the pointer."""
        cr = cr_from_mime(event.mimeData())
        self.feedback.clear()
        target = self._release_under(event.position().toPoint())
        if cr is None or target is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.on_drop(cr, target)
