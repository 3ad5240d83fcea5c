"""The dialog's mapping table: one row per column of the file, with sample values and the CR
field it goes to (a combo box per row), and the status table (each status found in the file
and the stage it becomes)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem

from app.importing.mapping import FIELDS, IMPORT_STAGES, Mapping
from app.importing.rows import Columns
from app.importing.table import SourceTable

NOT_USED = "(not used)"
LINKS = ("depends_on", "blocks")
CHOICES = (NOT_USED, *FIELDS, *(f"link: {name}" for name in LINKS))


def fields_by_position(header: list[str], mapping: Mapping) -> dict[int, str]:
    """Which choice each column feeds now (the first field that reads it)."""
    cols = Columns(SourceTable("", "csv", header, iter(())), mapping)
    found: dict[int, str] = {}
    for name, groups in cols.fields.items():
        for group in groups:
            for pos in group:
                found.setdefault(pos, name)
    for name, groups in cols.links.items():
        for group in groups:
            for pos in group:
                found.setdefault(pos, f"link: {name}")
    return found


def remapped(mapping: Mapping, header: list[str], position: int, choice: str) -> Mapping:
    """`mapping` with column `position` feeding `choice` alone (or nothing)."""
    name = header[position]

    def without(refs: list) -> list:
        return [r for r in refs if not (r == name or (isinstance(r, dict)
                                                        and r["position"] == position))]
    columns = {f: without(refs) for f, refs in mapping.columns.items()}
    links = {f: without(refs) for f, refs in mapping.links.items()}
    ref = {"name": name, "position": position}
    if choice.startswith("link: "):
        links[choice[6:]] = [*links.get(choice[6:], []), ref]
    elif choice != NOT_USED:
        columns[choice] = [ref]
    return Mapping(**{**mapping.__dict__, "columns": columns, "links": links})


class ColumnTable(QTableWidget):
    changed = Signal(int, str)  # column position, its new choice

    def __init__(self):
        super().__init__(0, 3)
        self.setHorizontalHeaderLabels(["Column", "Sample values", "CR field"])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)

    def show_mapping(self, header: list[str], samples: list[list], mapping: Mapping) -> None:
        used = fields_by_position(header, mapping)
        if header == getattr(self, "_header", None):  # the same file: keep the combo boxes
            for pos in range(len(header)):
                combo = self.combo(pos)
                combo.blockSignals(True)
                combo.setCurrentText(used.get(pos, NOT_USED))
                combo.blockSignals(False)
            return
        self._header = list(header)
        self.setRowCount(len(header))
        for pos, name in enumerate(header):
            self.setItem(pos, 0, QTableWidgetItem(name))
            values = [_plain(row[pos]) for row in samples if pos < len(row) and row[pos]]
            sample = QTableWidgetItem(" | ".join(values)[:120])  # plain text, never rendered
            self.setItem(pos, 1, sample)
            combo = QComboBox()
            combo.addItems(CHOICES)
            combo.setCurrentText(used.get(pos, NOT_USED))
            combo.currentTextChanged.connect(lambda text, p=pos: self.changed.emit(p, text))
            self.setCellWidget(pos, 2, combo)
        self.resizeColumnToContents(0)

    def combo(self, position: int) -> QComboBox:
        return self.cellWidget(position, 2)


class StatusTable(QTableWidget):
    changed = Signal(str, str)  # status, stage

    def __init__(self):
        super().__init__(0, 2)
        self.setHorizontalHeaderLabels(["Status in the file", "Stage"])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)

    def show_statuses(self, statuses: list[str], mapping: Mapping) -> None:
        table = {k.casefold(): v for k, v in mapping.stages.items()}
        self.setRowCount(len(statuses))
        for i, status in enumerate(statuses):
            self.setItem(i, 0, QTableWidgetItem(status))
            combo = QComboBox()
            combo.addItems(["(by category)", *IMPORT_STAGES])
            combo.setCurrentText(table.get(status.casefold(), "(by category)"))
            combo.currentTextChanged.connect(lambda text, s=status: self.changed.emit(s, text))
            self.setCellWidget(i, 1, combo)


class ValueTable(QTableWidget):
    """Words of the file (team names, versions) and what each becomes in the plan."""

    changed = Signal(str, str)  # word, choice
    AUTOMATIC = "(by name)"

    def __init__(self, title: str):
        super().__init__(0, 2)
        self.setHorizontalHeaderLabels([title, "In the plan"])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)

    def show_values(self, words: list[str], choices: list[str], chosen: dict[str, str]) -> None:
        self.setRowCount(len(words))
        for i, word in enumerate(words):
            self.setItem(i, 0, QTableWidgetItem(word))
            combo = QComboBox()
            combo.addItems([self.AUTOMATIC, *choices])
            combo.setCurrentText(chosen.get(word, self.AUTOMATIC))
            combo.currentTextChanged.connect(lambda text, w=word: self.changed.emit(w, text))
            self.setCellWidget(i, 1, combo)


def _plain(value) -> str:
    return " ".join(str(value).split())
