"""The planned-release picker that the bundle preview and the send calendar share."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def fill_planned_releases(combo: QComboBox, plan) -> bool:
    """Put the plan's planned releases in `combo`, keeping the one chosen when it is still
    there (else the first); no signal while it fills. False when they were there already."""
    wanted = [(f"{r.key}  {r.name}  (go-live {r.go_live:%d %b %Y})", r.key)
              for r in plan.planned_releases()]
    if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == wanted:
        return False  # a renamed or moved release changes its text, so it is filled again
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, key in wanted:
        combo.addItem(text, key)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)
    return True
