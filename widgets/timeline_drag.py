"""What a planner sees while dragging work over the timeline, before anything is dropped: the
target release lit up (its line, freeze window and label), in red and hatched when the rules
refuse it, the reason next to the pointer, and a ghost of the bar where it will land."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QLabel

from widgets.timeline_style import ALLOWED, REFUSED, SECONDS_PER_DAY

NOTE_OFFSET = QPoint(18, 14)  # below right of the pointer, clear of the cursor
NOTE_WIDTH = 420


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
        self._answers: dict[tuple[str, str | None], str | None] = {}

    def _refusal(self, cr: str, target: str | None) -> str | None:
        """Asked once per CR and target during a drag: the check builds a plan."""
        if (cr, target) not in self._answers:
            self._answers[(cr, target)] = self.view.check_move(cr, target)
        return self._answers[(cr, target)]

    def show(self, cr: str, target: str | None, to_backlog: bool, screen_pos: QPointF,
             ghost: bool) -> None:
        view = self.view
        if target is None and not to_backlog:
            self.clear()
            return
        refusal = self._refusal(cr, None if to_backlog else target)
        self.target, self.refusal = target, refusal
        view.backdrop.set_highlight(None if to_backlog else target, refusal is not None)
        view.bars.ghost = self._ghost(target, refusal is not None) if ghost and not to_backlog \
            else None
        view.bars.update()
        where = "the backlog" if to_backlog else target
        self.note.setText(f"{cr} → {where}" if refusal is None
                          else f"<b>{cr} cannot go to {where}</b><br>{refusal}")
        color = REFUSED if refusal is not None else ALLOWED
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

    def _ghost(self, target: str | None, refused: bool):
        """The dragged bar moved to end where the target release's bars end."""
        rect = self.view.bars.dragged_rect()
        mark = next((r for r in self.view.layout_data.releases if r.key == target), None)
        if rect is None or mark is None:
            return None
        end = (mark.go_live if mark.status == "deployed" else mark.freeze_start) * SECONDS_PER_DAY
        return rect.translated(end - rect.right(), 0), refused

    def clear(self) -> None:
        self.view.backdrop.set_highlight(None)
        self.view.bars.ghost = None
        self.view.bars.update()
        self.note.hide()
        self.target = self.refusal = None
        self._answers = {}
