"""The impact checklist: when the CR being edited changes an offer field, the assets built on
that offer (email, landing page, PDF, ad), each with the follow-up change proposed for it, to
tick and add to the CR in one step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.edits.follow_ups import FollowUp, propose_follow_ups
from app.model.plan import Change, SetField


def follow_ups_for(plan, usage, state, changes: list[Change]) -> list[FollowUp]:
    """Proposals for every offer field the changes set, once per asset field."""
    out, seen = [], set()
    for ch in changes:
        if ch.op != "set" or state.kind(ch.item) != "offer":
            continue
        # Retired by the time this CR ships: nothing left to update there.
        assets = [a for a in usage.assets_using(ch.item) if state.status(a.key) != "retired"]
        for proposal in propose_follow_ups(state, assets, state.value(ch.item, ch.field), ch.to):
            key = (proposal.asset.key, proposal.field)
            if key not in seen:
                seen.add(key)
                out.append(proposal)
    out.sort(key=lambda p: (p.field is None, p.asset.key))  # what can be added first
    return out


class ImpactChecklist(QWidget):
    add_changes = Signal(list)  # the ticked follow-up changes, as SetField

    def __init__(self):
        super().__init__()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        # Fusion outlines a check box in a darker window colour, which vanishes on a dark
        # base: draw the boxes in the text colour, ticked ones filled with the highlight.
        self.list.setStyleSheet(
            "QListWidget::indicator { width: 12px; height: 12px; border: 1px solid palette(text);"
            " border-radius: 2px; }"
            "QListWidget::indicator:checked { background: palette(highlight); }"
            "QListWidget::indicator:disabled { border-color: palette(mid); }")
        self.list.setMinimumHeight(120)
        self.list.itemChanged.connect(self._count)
        self.add = QPushButton()
        self.add.clicked.connect(self._add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addWidget(self.add)
        self.proposals: list[FollowUp] = []

    def show_proposals(self, proposals: list[FollowUp], changes: list[Change]) -> None:
        """List `proposals`; those the CR already makes are ticked and fixed."""
        done = {(c.item, c.field) for c in changes if c.op == "set"}
        self.proposals = proposals
        self.list.blockSignals(True)
        self.list.clear()
        for p in proposals:
            item = QListWidgetItem(p.describe())
            item.setToolTip(p.describe())
            if (p.asset.key, p.field) in done:
                item.setText(f"{p.asset.key}: {p.field} is already changed by this CR")
                item.setCheckState(Qt.CheckState.Checked)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setCheckState(Qt.CheckState.Checked if p.field else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        assets = sorted({p.asset.key for p in proposals})
        self.heading.setText(
            f"<b>Impact:</b> {len(assets)} asset{'s' if len(assets) != 1 else ''} use the offers "
            f"this CR changes ({', '.join(assets)}). Tick what should change with it."
            if proposals else "No asset uses the offers this CR changes.")
        self.list.setVisible(bool(proposals))
        self.add.setVisible(bool(proposals))
        self._count()

    def ticked(self) -> list[SetField]:
        out = []
        for row, p in enumerate(self.proposals):
            item = self.list.item(row)
            if (p.field and item.checkState() == Qt.CheckState.Checked
                    and item.flags() & Qt.ItemFlag.ItemIsEnabled):
                out.append(p.change())
        return out

    def _count(self, *_) -> None:
        n = len(self.ticked())
        self.add.setText(f"Add {n} follow-up change{'s' if n != 1 else ''} to this CR")
        self.add.setEnabled(n > 0)

    def _add(self) -> None:
        self.add_changes.emit(self.ticked())
