"""Release pickers: the planned releases in a combo box, each labelled with its go-live and,
when it is frozen, saying so (only an emergency joins it); the backlog where a picker moves work.
Shared by the bundle preview, the send calendar, the CR editor and the work list. The item data
is the release key, or a `Target` where the picker moves work."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox

from app.model.plan import Target
from app.rules.freeze import is_frozen


def release_label(release, today: date | None) -> str:
    """ "R-MAR  March  (go-live Mon 8 Mar 2027)", "... (frozen: emergencies only)"."""
    text = f"{release.key}  {release.name}  (go-live {release.go_live:%a %-d %b %Y}"
    if today is not None and is_frozen(release, today):
        text += "; frozen: emergencies only"
    return text + ")"


def fill_planned_releases(combo: QComboBox, plan, today: date | None = None) -> bool:
    """Put the plan's planned releases in `combo` (data: the key), keeping the one chosen
    when it is still there (else the first that is not frozen); no signal while it fills.
    False when they were there already."""
    wanted = [(release_label(r, today), r.key) for r in plan.planned_releases()]
    if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == wanted:
        return False  # a renamed or moved release changes its text, so it is filled again
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, key in wanted:
        combo.addItem(text, key)
    index = combo.findData(current)
    if index < 0:
        index = next((i for i, r in enumerate(plan.planned_releases())
                      if today is None or not is_frozen(r, today)), 0)
    combo.setCurrentIndex(index)
    combo.blockSignals(False)
    return True


def fill_targets(combo: QComboBox, plan, today: date) -> None:
    """Where work can move: the planned releases (frozen ones marked) and the backlog; the
    item data is the `Target`."""
    combo.clear()
    for release in plan.planned_releases():
        combo.addItem(release_label(release, today), Target(release.key))
    combo.addItem("backlog  (not scheduled)", Target.backlog())
