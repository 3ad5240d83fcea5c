"""The dialog's preview: one line per data row of the file, what the import does with it (or
why not), and the notes it has; thin over the report (app.importing.report)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from widgets.common.row_table_model import RowTableModel

WORDS = {"created": "create", "updated": "update", "unchanged": "unchanged",
         "skipped": "skip"}


class PreviewModel(RowTableModel):
    HEADERS = ("Row", "Issue", "Outcome", "CR or reason", "Notes")

    def show_report(self, report, rows) -> None:
        notes: dict[int, list[str]] = {}
        for note in report.notes:
            notes.setdefault(note["row"], []).append(note["note"])
        self.beginResetModel()
        self.rows = []
        for row in rows:
            outcome, what = report.outcomes.get(row.row, ("skipped", ""))
            self.rows.append((row.row, row.external_key, WORDS[outcome], what,
                              "; ".join(notes.get(row.row, ()))))
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(self.rows[index.row()][index.column()])
        return None

    def explain(self, line: int) -> str:
        """Why row `line` of the preview does what it does, in words."""
        number, issue, outcome, what, notes = self.rows[line]
        text = (f"Row {number} ({issue or 'no key'}): skipped because {what}."
                if outcome == "skip" else f"Row {number} ({issue}): {outcome} {what}.")
        return text + (f"\nNotes: {notes}" if notes else "")
