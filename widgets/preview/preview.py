"""The bundle preview panel: for one release, what ships and why everything else does not
(SPEC.md section 2), in the words of app.views.explain, with the Deploy action. Teams are named,
never keyed; plan text is shown as text."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model.plan import CLOSED_STAGES, Target
from app.model.row_kinds import RowKind
from app.reports.fingerprint import bundle_fingerprint
from app.rules.permissions import Action
from app.views.explain import (
    WARNING_TITLES,
    advise_warning,
    explain_exclusion,
    explain_warning,
    show,
)
from widgets.common.release_picker import fill_planned_releases
from widgets.preview.conflict_actions import ABOUT, ConflictActions

ROWS_PER_TAB = 1000  # a QTreeWidget takes about 1.3 s to fill and clear 67,000 rows
EXPORTS = (("pdf", "PDF report..."), ("html", "Web page (HTML)..."),
           ("xlsx", "Excel workbook..."), ("csv", "Changes as CSV..."))
TABS = ("Included", "Excluded", "Held back", "Conflicts", "Changes", "Warnings", "Sends")


class BundlePreview(QWidget):
    open_requested = Signal(str)  # a CR double-clicked
    deploy_requested = Signal(str)  # Deploy... for the release shown
    export_requested = Signal(str, str)  # the release shown, a report format
    signoff_requested = Signal(str)  # Sign off... for the release shown
    visible = Signal()  # the panel was opened: it fills itself then, not before

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.release = QComboBox()
        self.release.currentIndexChanged.connect(self.refresh)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.deploy = QPushButton("Deploy...")
        self.deploy.clicked.connect(lambda: self.deploy_requested.emit(
            self.release.currentData()))
        self.sign = QPushButton("Sign off...")
        self.sign.clicked.connect(lambda: self.release.currentData()
                                  and self.signoff_requested.emit(self.release.currentData()))
        self.signed = QLabel()  # the last sign-off, and whether its fingerprint still matches
        self.signed.setObjectName("preview-signoff")
        self.signed.setWordWrap(True)
        self.export = QToolButton()
        self.export.setText("Export")
        self.export.setToolTip("Export this release's report to read, file and forward")
        self.export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export)
        for fmt, text in EXPORTS:
            menu.addAction(text, lambda fmt=fmt: self.release.currentData()
                           and self.export_requested.emit(self.release.currentData(), fmt))
        self.export.setMenu(menu)
        self.tabs = QTabWidget()
        self.lists: dict[str, QTreeWidget] = {}
        headers = {"Included": ["CR", "Title", "Team", "Stage"],
                   "Excluded": ["CR", "Title", "Why it does not ship"],
                   "Held back": ["CR", "Title", "Stage", "Its own target"],
                   "Conflicts": ["Item and field", "CR", "Team", "Value"],
                   "Changes": ["Item", "Field", "Before", "After", "CR"],
                   "Warnings": ["Warning", "What it means", "What to do"],
                   "Sends": ["Send date", "Item", "Kind", "Audience", "Changed by"]}
        for name in TABS:
            tree = QTreeWidget()
            tree.setMinimumHeight(60)  # the panel is short: the buttons under it stay in sight
            tree.setHeaderLabels(headers[name])
            tree.setRootIsDecorated(name in ("Conflicts", "Changes"))
            tree.setAlternatingRowColors(True)
            tree.itemDoubleClicked.connect(self._double_clicked)
            self.lists[name] = tree
            self.tabs.addTab(tree, name)
        top = QHBoxLayout()
        top.addWidget(QLabel("Release"))
        top.addWidget(self.release, 1)
        top.addWidget(self.export)
        top.addWidget(self.sign)
        top.addWidget(self.deploy)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.verdict)
        layout.addWidget(self.signed)
        layout.addWidget(self.tabs, 1)
        self.resolving = ConflictActions(self)  # issue 14: resolve conflicts, rebase

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.visible.emit()

    def fill_releases(self) -> None:
        fill_planned_releases(self.release, self.session.plan, self.session.today())
        self.refresh()

    def concerns(self, changes) -> bool:
        """Whether an edit may change what the shown release's report says: any release, item,
        team or setting, and any open CR of a planned release or the backlog (a candidate, an
        earlier release's work that it is written against, or work that may be held back).
        Only CRs that are closed or belong to closed releases leave it as it is."""
        plan = self.session.plan
        if self.release.currentData() is None or plan is None:
            return True
        for row in changes:
            if row.kind != RowKind.CR:
                return True
            for cr in (row.before, row.after):
                if cr is not None and cr.stage not in CLOSED_STAGES and (
                        cr.release is None or plan.releases[cr.release].status == "planned"):
                    return True
        return False

    def show_release(self, key: str) -> None:
        index = self.release.findData(key)
        if index >= 0:
            self.release.setCurrentIndex(index)

    def refresh(self) -> None:
        for tree in self.lists.values():
            tree.clear()
        key = self.release.currentData()
        plan, derived = self.session.plan, self.session.derived
        if key is None or plan is None or derived is None or key not in plan.releases:
            self.verdict.setText("No planned release.")
            self.deploy.setEnabled(False)
            self.sign.setEnabled(False)
            self.signed.clear()
            return
        report = derived.report(key)
        first = plan.planned_releases()[0].key
        self.deploy.setEnabled(report.deployable and key == first)
        if not report.deployable:
            why = "cannot be deployed: resolve its conflicts first"
        elif key != first:
            why = f"deploys after {first}"
        else:
            why = "can be deployed"
        counts = (f"{len(report.included)} included, {len(report.excluded)} excluded, "
                  f"{len(report.held_back)} held back, {_count(report.conflicts, 'conflict')}, "
                  f"{_count(report.warnings, 'warning')}")
        frozen = " It is frozen: only emergencies may join." if report.frozen else ""
        self.verdict.setText(f"<b>{escape(key)}</b> goes live {report.go_live:%a %-d %b %Y} "
                             f"and {escape(why)}.{frozen}<br>{counts}")
        refused = self.session.gate(Action.DEPLOY)  # the login's role, a read-only database
        if refused:
            self.deploy.setEnabled(False)
            why = f"Deploy: {refused}"
        self.deploy.setToolTip(why)
        refused = self.session.gate(Action.SIGN_OFF)
        self.sign.setEnabled(not refused)
        self.sign.setToolTip(f"Sign off: {refused}" if refused else
                             "Record who approves this bundle, with its fingerprint")
        self.refresh_signoff(key)
        crs, teams = plan.crs, plan.teams
        crs_filter = self.session.filter
        if crs_filter.active:  # the filter narrows the lists, never the verdict
            self.verdict.setText(self.verdict.text() + "<br><i>Lists narrowed by the filter: "
                                 "only matching change requests are shown.</i>")

        def shows(cr: str | None) -> bool:
            return cr is None or not crs_filter.active or crs_filter.matches(plan, crs[cr])

        shown = dict.fromkeys(TABS, 0)

        def add(tab: str, values, cr: str | None = None, parent=None) -> QTreeWidgetItem | None:
            if not shows(cr):
                return None
            if parent is None:
                shown[tab] += 1
                if shown[tab] > ROWS_PER_TAB:
                    return None
            item = QTreeWidgetItem([str(v) for v in values])
            item.setData(0, Qt.ItemDataRole.UserRole, cr)
            (parent.addChild if parent else self.lists[tab].addTopLevelItem)(item)
            return item

        for k in report.included:
            add("Included", [k, crs[k].title, teams[crs[k].team].name,
                             crs[k].stage.replace("_", " ")], k)
        for e in report.excluded:
            add("Excluded", [e.cr, crs[e.cr].title, explain_exclusion(plan, e)], e.cr)
        for h in report.held_back:
            add("Held back", [h.cr, crs[h.cr].title, h.stage.replace("_", " "),
                              str(Target.of(h.target))], h.cr)
        for c in report.conflicts:
            if not any(shows(cr) for cr in c.values):
                continue
            head = add("Conflicts", [f"{c.item}.{c.field}", "", "", ""])
            for cr, value in c.values.items() if head else ():
                row = add("Conflicts", ["", cr, teams[crs[cr].team].name, show(value)], cr, head)
                if row is not None:
                    row.setData(0, ABOUT, (c.item, c.field))
            if head:
                head.setExpanded(True)
        by_item: dict[str, QTreeWidgetItem] = {}
        for row in report.changes:
            if not shows(row.cr):
                continue
            if row.item not in by_item:
                by_item[row.item] = add("Changes", [row.item, "", "", "", ""])
                if by_item[row.item] is None:
                    continue
                by_item[row.item].setExpanded(True)
            if by_item[row.item] is None:
                continue
            add("Changes", ["", row.field or f"({row.op})", show(row.before), show(row.after),
                            row.cr], row.cr, by_item[row.item])
        for w in report.warnings:
            row = add("Warnings", [WARNING_TITLES[w.code], explain_warning(w, plan),
                                   advise_warning(w)], getattr(w, "cr", None))
            if row is not None:
                row.setData(0, ABOUT, w.code)
        for s in report.sends:  # what the release changes of the send calendar (SPEC.md 6)
            by = [k for k in report.included if any(ch.item == s.item for ch in crs[k].changes)]
            add("Sends", [f"{s.send_date:%a %-d %b %Y}", s.item, s.kind, s.audience, ", ".join(by)],
                by[-1] if by else None)
        for name, tree in self.lists.items():
            if shown[name] > ROWS_PER_TAB:  # the tab's title has the full count
                more = QTreeWidgetItem([f"... and {shown[name] - ROWS_PER_TAB:,} more, not "
                                        "listed here"])
                tree.addTopLevelItem(more)
            self.tabs.setTabText(TABS.index(name), f"{name} ({shown[name]:,})")
            for column in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(column)
        self.resolving.follow()

    def refresh_signoff(self, key: str) -> None:
        """The release's last sign-off, read on the worker, against the bundle shown now."""
        report = self.session.derived.report(key) if self.session.derived else None
        if report is None or not hasattr(self.session.core.store, "baselines"):
            self.signed.clear()
            return
        now = bundle_fingerprint(report)

        def done(signed):
            if key != self.release.currentData():
                return
            if not signed:
                self.signed.setText(f"Not signed off yet. Fingerprint {now}.")
                return
            self.signed.setText(signed[-1].against(now))

        self.session.queue(lambda store: store.baselines().signoffs(key), done,
                           lambda fault: self.signed.setText(str(fault)))

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        cr = item.data(0, Qt.ItemDataRole.UserRole)
        if cr:
            self.open_requested.emit(cr)


def _count(things, noun: str) -> str:
    return f"{len(things)} {noun}{'' if len(things) == 1 else 's'}"
