"""Leaving the merge dialog without a decision (issue 23): Esc or closing its window returns to
the editor with the planner's unsaved edit intact (never "Keep theirs"), and the dialog names
the planner who saved the other version, as the audit log has it. On SQLite and on a real
PostgreSQL with real logins (there the server names the login)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from tests.widgets.conftest import editor, stored_plan, wait_written
from tests.widgets.sharing.test_shared_planning import race_on_title


def _leave_merge(how: str, qtbot, seen: list) -> None:
    """When the merge dialog opens, note what it says, then leave it by `how`: "esc" (the
    key) or "close" (its window's close button, a close event)."""
    def leave():
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.windowTitle().startswith("Merge"):
            QTimer.singleShot(20, leave)
            return
        seen.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        if how == "esc":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()

    QTimer.singleShot(20, leave)


@pytest.mark.parametrize("how", ["esc", "close"])
def test_leaving_the_merge_dialog_keeps_the_unsaved_edit_and_names_who_saved(two, qtbot, how):
    ann, bob = two
    race_on_title(ann, bob, qtbot)
    seen = []
    _leave_merge(how, qtbot, seen)
    assert not editor(ann).save()
    wait_written(ann)
    assert len(seen) == 1 and bob.user in seen[0] and "Someone else" not in seen[0]
    assert editor(ann).form.title.text() == "Ann's title"  # her edit, in the editor, unsaved
    assert editor(ann).dirty
    assert stored_plan(ann).crs["CR-304"].title == "Bob's title"
    assert "not saved" in ann.statusBar().currentMessage()
    # her edit now stands on top of bob's version: Save writes it
    assert editor(ann).save()
    assert stored_plan(ann).crs["CR-304"].title == "Ann's title"
