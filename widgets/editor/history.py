"""A CR's history from the audit log: who changed what and when, newest first."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.views.explain import show
from widgets.common.row_table_model import RowTableModel

_SKIP = {"key", "version"}


def what_changed(before: dict | None, after: dict | None) -> str:
    """The fields an audit entry changed, in a line: `title: "A" -> "B"; release: R1 -> R2`."""
    if before is None:
        return "created"
    if after is None:
        return "deleted"
    parts = []
    for field in after:
        if field in _SKIP or before.get(field) == after.get(field):
            continue
        if field == "changes":
            parts.append(f"changes: {len(before.get(field) or [])} -> "
                         f"{len(after.get(field) or [])}")
        else:
            parts.append(f"{field.replace('_', ' ')}: {_short(before.get(field))} -> "
                         f"{_short(after.get(field))}")
    return "; ".join(parts) or "no field changed"


def _short(value) -> str:
    text = ", ".join(map(str, value)) or "none" if isinstance(value, list) else show(value)
    return text if len(text) <= 60 else text[:57] + "..."


class HistoryModel(RowTableModel):
    HEADERS = ("When", "Who", "Action", "What changed")

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[str, str, str, str]] = []

    def show(self, entries: list[dict]) -> None:
        self.beginResetModel()
        self.rows = [(e["at"].strftime("%d %b %Y %H:%M") if hasattr(e["at"], "strftime")
                      else str(e["at"]), e["user"], e["action"],
                      what_changed(e["before"], e["after"])) for e in reversed(entries)]
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole,
                                        Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        return None
