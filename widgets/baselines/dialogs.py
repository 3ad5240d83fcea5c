"""The baseline picker (View > Compare with baseline...) and the sign-off dialog (Plan > Sign
off release...): the sign-off dialog shows the release's last sign-off and whether its
fingerprint still matches the bundle as it is now, before the manager signs again."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from app.engine.report import bundle_report
from app.reports.fingerprint import bundle_fingerprint

STOP = "(none: stop comparing)"


class BaselinePicker(QDialog):
    """Pick a baseline from the list (double-click, or select and OK)."""

    def __init__(self, baselines: list, current: str | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Compare with baseline")
        self.list = QListWidget()
        self.list.setObjectName("baseline-list")
        for b in [None, *baselines]:
            text = STOP if b is None else (
                f"{b.name}  ({b.kind}, {b.taken_at:%Y-%m-%d %H:%M}, {b.taken_by})")
            item = QListWidgetItem(text)
            item.setData(256, None if b is None else b.name)
            self.list.addItem(item)
            if b is not None and b.name == current:
                self.list.setCurrentItem(item)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("The timeline and the Slip panel show what moved since:"))
        column.addWidget(self.list)
        column.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(256) if item is not None else None


class SignOffDialog(QDialog):
    """Who approves which planned release, with an optional note."""

    def __init__(self, session, user: str, release: str | None, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Sign off release")
        self.release = QComboBox()
        self.release.setObjectName("signoff-release")
        for r in session.plan.planned_releases():
            self.release.addItem(f"{r.key}: {r.name}", r.key)
        if release is not None and self.release.findData(release) >= 0:
            self.release.setCurrentIndex(self.release.findData(release))
        self.by = QLineEdit(user)
        self.by.setObjectName("signoff-by")
        self.note = QLineEdit()
        self.note.setObjectName("signoff-note")
        self.last = QLabel()
        self.last.setObjectName("signoff-last")
        self.last.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign = self.buttons.addButton("Sign off", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Release", self.release)
        form.addRow("Signed by", self.by)
        form.addRow("Note", self.note)
        form.addRow(self.last)
        form.addRow(self.buttons)
        self.by.textChanged.connect(lambda text: self.sign.setEnabled(bool(text.strip())))
        self.release.currentIndexChanged.connect(lambda _i: self._show_last())
        self._show_last()

    def chosen(self) -> str | None:
        return self.release.currentData()

    def fingerprint_now(self) -> str:
        plan = self.session.plan
        return bundle_fingerprint(bundle_report(plan, self.chosen(), self.session.today()))

    def _show_last(self) -> None:
        release = self.chosen()
        if release is None:
            self.last.setText("No planned release to sign off.")
            self.sign.setEnabled(False)
            return
        now = self.fingerprint_now()
        self.last.setText(f"Fingerprint now: {now}. Reading the last sign-off...")

        def done(signed):
            if release != self.chosen():
                return
            if not signed:
                self.last.setText(f"Fingerprint now: {now}. {release} was never signed off.")
                return
            self.last.setText(signed[-1].against(now))

        self.session.queue(lambda store: store.baselines().signoffs(release), done,
                           lambda fault: self.last.setText(str(fault)))
