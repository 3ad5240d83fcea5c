"""The compare page (issue 22): up to four plans (live and scenarios) side by side, a row per
release and a column per plan: what each ships, what it does not and why. A column that ships
something else than the first one is highlighted, and says what differs. One of the compared
plans can be shown on the timeline, as grey ghosts behind the bars (widgets/scenarios/ghosts.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.scenarios.compare import MAX_COMPARED, compare_plans
from app.scenarios.model import LIVE

NONE = "\u2014"  # no plan in this slot
LISTED = 12  # CR keys a cell names; the rest are counted
DIFFERS = QColor("#ffe3a3")


def _keys(keys, more_word="more") -> str:
    shown = ", ".join(keys[:LISTED])
    return shown + (f" and {len(keys) - LISTED} {more_word}" if len(keys) > LISTED else "")


def cell_text(column) -> str:
    if not column.planned:
        return "not a planned release here"
    lines = [f"Ships {len(column.included)}: {_keys(column.included) or 'nothing'}"]
    if column.excluded:
        lines.append("Not: " + _keys([f"{cr} ({why})" for cr, why in column.excluded]))
    if column.only_here:
        lines.append("+ only here: " + _keys(column.only_here))
    if column.missing_here:
        lines.append("\u2212 not here: " + _keys(column.missing_here))
    return "\n".join(lines)


class ComparePage(QWidget):
    ghosts_wanted = Signal(str)  # a compared plan to show on the timeline ("": none)

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.ghost_name = ""  # the plan the timeline shows as ghosts now
        self.pickers: list[QComboBox] = []
        top = QHBoxLayout()
        top.addWidget(QLabel("Compare:"))
        for i in range(MAX_COMPARED):
            picker = QComboBox()
            picker.setObjectName(f"compare-{i}")
            picker.setMinimumContentsLength(10)
            self.pickers.append(picker)
            top.addWidget(picker)
        self.button = QPushButton("Compare")
        self.button.setObjectName("compare-button")
        self.button.clicked.connect(self.compare)
        top.addWidget(self.button)
        top.addStretch(1)
        self.note = QLabel("Pick live and up to three scenarios, then Compare. A highlighted "
                           "cell ships something else than the first column.")
        self.note.setWordWrap(True)
        on_timeline = QHBoxLayout()
        on_timeline.addWidget(QLabel("Show on the timeline, as grey bars behind the bars:"))
        self.ghost_picker = QComboBox()
        self.ghost_picker.setObjectName("ghost-picker")
        self.ghost_picker.setAccessibleName("Compared plan on the timeline")
        self.ghost_picker.setMinimumContentsLength(10)
        self.ghost_picker.activated.connect(lambda i: self._ghosts(self.ghost_picker.itemText(i)))
        on_timeline.addWidget(self.ghost_picker)
        self.ghost_note = QLabel()
        self.ghost_note.setObjectName("ghost-note")
        on_timeline.addWidget(self.ghost_note, 1)
        self.table = QTableWidget()
        self.table.setObjectName("compare-table")
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.note)
        column.addLayout(on_timeline)
        column.addWidget(self.table, 1)
        self.rows = []
        self.offer([])
        # A scenario made, renamed or deleted shows in the pickers when the page is shown
        # (not on every plan shown: a filter must not queue database work).

    def refresh_names(self) -> None:
        self.session.queue(lambda store: store.scenarios().names()
                           if hasattr(store, "scenarios") else [],
                           self.offer, lambda _fault: None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh_names()

    def offer(self, names: list[str]) -> None:
        for i, picker in enumerate(self.pickers):
            kept = picker.currentText()
            picker.clear()
            picker.addItems(([] if i == 0 else [NONE]) + [LIVE, *names])
            default = LIVE if i == 0 else (names[i - 1] if i - 1 < len(names) else NONE)
            picker.setCurrentText(kept if kept and picker.findText(kept) >= 0 else default)
        self._offer_ghosts()

    # ---- the compared plan on the timeline -----------------------------------------------

    def _offer_ghosts(self) -> None:
        """The plans compared, one of which the timeline can show; the one shown stays."""
        self.ghost_picker.clear()
        self.ghost_picker.addItems([NONE, *self.chosen()])
        self.ghost_picker.setCurrentText(self.ghost_name or NONE)

    def _ghosts(self, name: str) -> None:
        if name == NONE:
            self.ghosts_wanted.emit("")
            return
        self.ghost_note.setText(f"Placing {name}\u2019s bars\u2026")
        self.ghosts_wanted.emit(name)

    def ghosts_shown(self, name: str, count: int) -> None:
        """The timeline shows `name`'s bars as ghosts now, `count` of them ("": none)."""
        self.ghost_name = name
        if not name:
            self.ghost_picker.setCurrentText(NONE)
            self.ghost_note.setText("")
            return
        self.ghost_picker.setCurrentText(name)
        self.ghost_note.setText(
            f"The timeline shows in grey where {name} puts {count} change request"
            f"{'s' if count != 1 else ''} it places differently." if count else
            f"{name} places every bar where the timeline has it.")

    def chosen(self) -> list[str]:
        return list(dict.fromkeys(p.currentText() for p in self.pickers
                                  if p.currentText() not in ("", NONE)))

    def compare(self, names: list[str] | None = None) -> None:
        names = names or self.chosen()
        self._offer_ghosts()
        self.note.setText("Working out what each plan ships\u2026")

        def work(store):
            _live, plans = store.scenarios().load_both(names)
            return names, compare_plans([plans[n].plan for n in names])

        self.session.queue(work, self._show, lambda fault: self.note.setText(str(fault)))

    def _show(self, result) -> None:
        names, rows = result
        self.rows = rows
        self.table.clear()
        self.table.setColumnCount(len(names))
        self.table.setHorizontalHeaderLabels(names)
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([r.release for r in rows])
        differing = 0
        for r, row in enumerate(rows):
            for c, col in enumerate(row.columns):
                item = QTableWidgetItem(cell_text(col))
                item.setData(Qt.ItemDataRole.UserRole, col.differs)
                if col.differs:
                    item.setBackground(QBrush(DIFFERS))
                    item.setToolTip(f"{row.release} in {names[c]} differs from {names[0]}")
                    differing += 1
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.note.setText(f"{len(rows)} releases; {differing} highlighted cell"
                          f"{'s' if differing != 1 else ''} ship something else than "
                          f"{names[0]}.")
