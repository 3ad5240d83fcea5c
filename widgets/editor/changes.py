"""The field-level changes of the CR being edited: a table model over the draft's changes, each
set shown beside the value it will meet before the CR's release, stale bases marked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.engine.state import ProjectedState
from app.model.plan import UNCHECKED, Change
from app.rules.stale_base import is_stale
from app.views.explain import show
from widgets.common.row_table_model import RowTableModel

STALE = QColor(255, 160, 40, 90)  # reads on light and dark palettes


def marked_stale(change: Change, state: ProjectedState | None) -> bool:
    """A set written against a value it no longer meets (none while the state is unknown)."""
    return state is not None and is_stale(change, state)


def parse_value(text: str, like):
    """What the planner typed, as a JSON scalar of the type of the value it replaces: a number
    field stays a number, true/false a boolean, anything else text ("null" empties a field)."""
    stripped = text.strip()
    if stripped == "null":
        return None
    if isinstance(like, bool):
        if stripped.lower() in ("true", "false"):
            return stripped.lower() == "true"
        raise ValueError(f'"{text}" is not true or false')
    if isinstance(like, int | float):
        try:
            return int(stripped)
        except ValueError:
            try:
                return float(stripped)
            except ValueError:
                raise ValueError(f'"{text}" is not a number') from None
    return text


class ChangesModel(RowTableModel):
    HEADERS = ("Change", "Item", "Field", "From", "To", "Now, before its release")

    def __init__(self):
        super().__init__()
        self.state: ProjectedState | None = None
        self.problems: dict[int, str] = {}  # row -> what is wrong with it

    @property
    def changes(self) -> list[Change]:
        return self.rows

    @changes.setter
    def changes(self, changes: list[Change]) -> None:
        self.rows = changes

    def show(self, changes, state: ProjectedState | None) -> None:
        self.beginResetModel()
        self.changes, self.state, self.problems = list(changes), state, {}
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        ch = self.changes[index.row()]
        stale = marked_stale(ch, self.state)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(ch)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and (stale or index.row() in self.problems):
            return QBrush(STALE)
        if role == Qt.ItemDataRole.FontRole and stale and index.column() == 5:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.row() in self.problems:
                return self.problems[index.row()]
            if stale:
                return (f"Stale base: written against {show(ch.base)}, but before this CR's "
                        f"release {ch.item}.{ch.field} is "
                        f"{show(self.state.value(ch.item, ch.field))}. Review the new value, "
                        "then use the current value as the base.")
        return None

    def _cells(self, ch: Change) -> tuple[str, ...]:
        if ch.op == "set":
            written = "not checked" if ch.base is UNCHECKED else show(ch.base)
            now = show(self.state.value(ch.item, ch.field)) if self.state else ""
            return ("set", ch.item, ch.field, written, show(ch.to), now)
        if ch.op == "create":
            return ("create", ch.item, "", "", f"new {ch.kind.replace('_', ' ')}: {ch.name}", "")
        return ("retire", ch.item, "", "", "retired", "")
