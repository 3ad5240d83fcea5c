"""Create or edit an offer pack, and create, edit or retire an item of one (kind, name,
attributes, uses), each as one undo step. An attribute's value is typed as text; numbers,
true, false and null are read as JSON, and text that would read as one of them is quoted
("49.99"), so every JSON scalar can be written and reads back as it was."""

from __future__ import annotations

import json
import math

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.edits.packs import SaveItem, SavePack
from app.model.errors import Problem
from app.model.plan import KNOWN_KINDS, Item, OfferPack
from widgets.common.forms import SetupDialog, key_completer


def show_value(value) -> str:
    """An attribute as the planner reads and types it (see the module's docstring)."""
    if type(value) is str:
        try:
            json.loads(value)
        except ValueError:
            return value  # plain text, shown as it is
        return json.dumps(value, ensure_ascii=False)  # text that reads as JSON: quoted
    return json.dumps(value)


def read_value(text: str):
    """The value typed: JSON where it parses as JSON, else the text itself."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if type(value) is float and not math.isfinite(value):
        return text
    return value


class PackDialog(SetupDialog):
    def __init__(self, session, pack: str | None = None, parent=None):
        self.base = session.plan.packs.get(pack) if pack else None
        super().__init__(session, f"Edit offer pack {pack}" if self.base
                         else "New offer pack", parent)
        self.key = self.add_field("key", "Key", QLineEdit())
        self.key.setPlaceholderText("A short code, e.g. MOB")
        self.name = self.add_field("name", "Name", QLineEdit())
        if self.base is not None:
            self.key.setText(self.base.key)
            self.key.setEnabled(False)
            self.name.setText(self.base.name)

    def use_case(self):
        return SavePack(OfferPack(self.key.text().strip(), self.name.text().strip()),
                        new=self.base is None)



class ItemDialog(SetupDialog):
    def __init__(self, session, item: str | None = None, pack: str | None = None,
                 parent=None):
        plan = session.plan
        self.base = plan.items.get(item) if item else None
        super().__init__(session, f"Edit item {item}" if self.base else "New item", parent)
        self.key = self.add_field("key", "Key", QLineEdit())
        self.key.setPlaceholderText("e.g. EM-SPRING")
        self.pack = self.add_field("pack", "Offer pack", QComboBox())
        for p in plan.packs.values():
            self.pack.addItem(f"{p.key}  {p.name}", p.key)
        self.kind = self.add_field("kind", "Kind", QComboBox())
        self.kind.setEditable(True)
        self.kind.addItems(KNOWN_KINDS)
        self.name = self.add_field("name", "Name", QLineEdit())
        self.attributes = QTableWidget(0, 2)
        self.attributes.setHorizontalHeaderLabels(["Field", "Value"])
        self.attributes.horizontalHeader().setStretchLastSection(True)
        self.attributes.verticalHeader().hide()
        self.attributes.setMinimumHeight(150)
        self.add_row = QPushButton("Add field")
        self.add_row.clicked.connect(lambda: self._append("", ""))
        self.remove_row = QPushButton("Remove field")
        self.remove_row.clicked.connect(
            lambda: self.attributes.removeRow(self.attributes.currentRow()))
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.attributes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_row)
        buttons.addWidget(self.remove_row)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.add_field("attributes", "Attributes", box,
                       'Numbers, true, false and null are read as JSON; quote text that looks '
                       'like one ("49.99").')
        self.uses = self.add_field("uses", "Uses", QLineEdit(),
                                   "The items it is built on, by key, separated by commas "
                                   "(an email uses its offer).")
        key_completer(self.uses).setStringList(list(plan.items))
        self.retire = QPushButton()
        self.retire.clicked.connect(self._retire)
        base = self.base or Item("", pack or next(iter(plan.packs), ""), "offer", "")
        self.status = base.status
        self.key.setText(base.key)
        self.pack.setCurrentIndex(max(0, self.pack.findData(base.pack)))
        self.kind.setCurrentText(base.kind)
        self.name.setText(base.name)
        for field, value in base.attributes.items():
            self._append(field, show_value(value))
        self.uses.setText(", ".join(base.uses))
        if self.base is None:
            self.retire.hide()
        else:
            self.key.setEnabled(False)  # CRs and other items refer to it
            self.pack.setEnabled(False)
            retired = self.base.status == "retired"
            self.retire.setText("Make active again" if retired else "Retire item")
            self.retire.setToolTip("Retired items stay in the plan's history; CRs that change "
                                   "them still name them")
            self.buttons.addButton(self.retire, self.buttons.ButtonRole.ResetRole)

    def _append(self, field: str, value: str) -> None:
        row = self.attributes.rowCount()
        self.attributes.insertRow(row)
        self.attributes.setItem(row, 0, QTableWidgetItem(field))
        self.attributes.setItem(row, 1, QTableWidgetItem(value))

    def _read_attributes(self) -> tuple[dict, list[Problem]]:
        values, problems = {}, []
        for row in range(self.attributes.rowCount()):
            field = (self.attributes.item(row, 0) or QTableWidgetItem()).text().strip()
            text = (self.attributes.item(row, 1) or QTableWidgetItem()).text()
            if not field and not text.strip():
                continue  # an empty row added and left
            if not field:
                problems.append(Problem("attributes", f"row {row + 1}: the field needs a name"))
            elif field in values:
                problems.append(Problem("attributes", f'field "{field}" is listed twice'))
            else:
                values[field] = read_value(text.strip())
        return values, problems

    def item(self) -> Item | None:
        attributes, problems = self._read_attributes()
        if problems:
            self.show_problems(problems)
            return None
        uses = tuple(u.strip() for u in self.uses.text().split(",") if u.strip())
        return Item(self.key.text().strip(), self.pack.currentData() or "",
                    self.kind.currentText().strip(), self.name.text().strip(),
                    self.status, attributes, uses)

    def use_case(self):
        item = self.item()
        return None if item is None else SaveItem(
            item, new=self.base is None,
            was_status=self.base.status if self.base is not None else None)

    def _retire(self) -> None:
        """Retire (or make active again) with the form's other fields, one undo step."""
        self.status = "active" if self.base.status == "retired" else "retired"
        self.save()
        self.status = self.base.status  # still open: it was refused, and nothing changed
