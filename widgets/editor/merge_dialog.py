"""The three-way merge dialog (issue 12): your edit of a CR met a newer version someone else
saved. Each field either side changed is a row: as it was when you started, yours, theirs,
and what it will be. Fields changed on one side only are merged already; for a field both
changed, you pick. Nothing is overwritten without a decision: "Keep theirs" drops your edit;
closing the dialog (Esc) keeps it, unsaved, in the editor.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.edits.merge import Merge
from widgets.common.plain_text import plain_label

SAVE_MERGED, KEEP_THEIRS = 1, 2  # what exec() returns; 0: closed, the edit stays unsaved


def _shown(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) if value and not hasattr(value[0], "op") \
            else f"{len(value)} change{'s' * (len(value) != 1)}" if value else "none"
    if value is None:
        return "backlog"
    return str(value)


class MergeDialog(QDialog):
    def __init__(self, merge: Merge, their_user: str = "Someone else", parent=None):
        super().__init__(parent)
        self.merge = merge
        self.setWindowTitle(f"Merge your edit of {merge.mine.key}")
        key = merge.mine.key
        intro = QLabel(f"<b>{escape(their_user)}</b> saved {escape(key)} while you were "
                       "editing it. Fields "
                       "changed on one side only are merged already. "
                       + (f"<b>{len(merge.conflicts)} field(s) changed on both sides: pick "
                          "the value for each.</b>" if merge.conflicts else
                          "No field was changed on both sides."))
        intro.setWordWrap(True)
        grid = QGridLayout()
        for column, title in enumerate(("Field", "As it was", "Yours", "Theirs", "Merged")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.choices: dict[str, QButtonGroup] = {}
        for row, f in enumerate(merge.changed, start=1):
            grid.addWidget(QLabel(f.label), row, 0)
            grid.addWidget(plain_label(_shown(f.base)), row, 1)
            if f.conflict:
                group = QButtonGroup(self)
                for column, side, value in ((2, "mine", f.mine), (3, "theirs", f.theirs)):
                    button = QRadioButton(_shown(value))
                    button.setObjectName(f"{f.name}-{side}")
                    group.addButton(button)
                    button.setProperty("side", side)
                    grid.addWidget(button, row, column)
                group.buttonClicked.connect(self._enable)
                self.choices[f.name] = group
                grid.addWidget(QLabel("<i>your pick</i>"), row, 4)
            else:
                grid.addWidget(plain_label(_shown(f.mine)), row, 2)
                grid.addWidget(plain_label(_shown(f.theirs)), row, 3)
                grid.addWidget(plain_label(_shown(f.merged)), row, 4)
        table = QWidget()
        table.setLayout(grid)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Save merged",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button = self.buttons.addButton("Keep theirs",
                                                  QDialogButtonBox.ButtonRole.DestructiveRole)
        self.keep_button.setAutoDefault(False)  # dropping your edit is a choice, never Enter
        self.later_button = self.buttons.addButton("Back to my edit",
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.later_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.keep_button.clicked.connect(lambda: self.done(KEEP_THEIRS))
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(table)
        column.addWidget(self.buttons)
        self._enable()

    def picks(self) -> dict[str, str]:
        out = {}
        for name, group in self.choices.items():
            checked = group.checkedButton()
            if checked is not None:
                out[name] = checked.property("side")
        return out

    def _enable(self) -> None:
        self.save_button.setEnabled(len(self.picks()) == len(self.choices))

    def merged(self):
        return self.merge.result(self.picks())
