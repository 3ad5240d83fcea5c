"""The Slip panel: what moved since a chosen baseline (app.baselines.slip), one row per change:
releases whose dates moved or that are new or cancelled, CRs that entered or left a release,
and every CR whose target moved, with who moved it and when. Double-click a CR's row to open
it. The timeline shows the same comparison as ghosts (widgets/common/plan_ghosts.py).

The baseline and the audit log are read on the session's worker; the panel follows edits."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.baselines.ghosts import compare
from app.baselines.slip import slip
from app.views.ghost_bars import GhostBar
from widgets.common.plan_ghosts import PlanGhosts

COLUMNS = ("Release", "What", "Change request", "Detail")
REFRESH_MS = 300  # after an edit: one re-read for a burst of edits


def _where(release) -> str:
    return release or "backlog"


def slip_rows(found: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    for r in found["releases"]:
        key, gl = r["release"], r["go_live"]
        if r["note"]:
            rows.append((key, "release", "", r["note"]))
        if gl["then"] and gl["now"] and gl["then"] != gl["now"]:
            rows.append((key, "go-live", "", f"{gl['then']} → {gl['now']}"))
        rows += [(key, "entered", cr, "") for cr in r["entered"]]
        rows += [(key, "left", cr, "") for cr in r["left"]]
    for m in found["moved"]:
        by = f" by {m['by']}, {m['at'][:16].replace('T', ' ')}" if m["by"] else ""
        rows.append(("", "moved", m["cr"], f"{_where(m['from'])} → {_where(m['to'])}{by}"))
    return rows


class SlipPanel(QWidget):
    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace
        self.session = workspace.session
        self.baseline: str | None = None
        self.found: dict | None = None
        self.ghosts = PlanGhosts(behind=False)  # dashed over the bars, arrows to where they are
        self.heading = QLabel("Choose a baseline: View > Compare with baseline...")
        self.heading.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setObjectName("slip-table")
        self.table.setHeaderLabels(COLUMNS)
        self.table.setRootIsDecorated(False)
        self.table.itemDoubleClicked.connect(self._open)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.heading)
        column.addWidget(self.table, 1)
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(REFRESH_MS)
        self._again.timeout.connect(self.refresh)
        self.session.edited.connect(lambda _changes: self.baseline and self._again.start())
        self.session.remote.connect(lambda _applied: self.baseline and self._again.start())
        workspace.opened.connect(lambda _target: self.compare_with(None))

    def compare_with(self, name: str | None) -> None:
        """Compare with the baseline `name` from now on (None: stop comparing)."""
        self.baseline = name
        if name is None:
            self.found = None
            self.table.clear()
            self.heading.setText("Choose a baseline: View > Compare with baseline...")
            self.ghosts.show_ghosts([], [])
            return
        self.refresh()

    def refresh(self) -> None:
        name, plan = self.baseline, self.session.plan
        if name is None or plan is None:
            return

        def work(store):
            baselines = store.baselines()
            found = baselines.get(name)
            if found is None:
                raise LookupError(f'there is no baseline named "{name}" any more')
            return found, baselines.moves_after(found.audit_id)

        def done(result):
            if name != self.baseline:
                return  # another baseline was chosen meanwhile
            baseline, moves = result
            self.show_slip(slip(baseline, self.session.plan, moves),
                           compare(baseline.content, self.session.plan))

        self.session.queue(work, done, lambda fault: self.heading.setText(str(fault)))

    def show_slip(self, found: dict, comparison) -> None:
        self.found = found
        rows = slip_rows(found)
        self.table.clear()
        for row in rows:
            item = QTreeWidgetItem(list(row))
            item.setData(0, Qt.ItemDataRole.UserRole, row[2])
            self.table.addTopLevelItem(item)
        for n in range(len(COLUMNS)):
            self.table.resizeColumnToContents(n)
        moved = len(found["moved"])
        self.heading.setText(
            f"Since baseline {found['baseline']} ({found['taken_at'][:16].replace('T', ' ')}): "
            f"{moved} change request{'s' if moved != 1 else ''} moved, "
            f"{len(found['releases'])} release{'s' if len(found['releases']) != 1 else ''} "
            "changed." if rows else f"Nothing moved since baseline {found['baseline']}.")
        ghosts, moved = comparison
        # Each where its bar ended then, in its row and as long as it is now.
        self.ghosts.show_ghosts([GhostBar(g.cr, None, None, g.then_end, None) for g in ghosts],
                                moved)

    def _open(self, item, _column) -> None:
        cr = item.data(0, Qt.ItemDataRole.UserRole)
        if cr:
            self.workspace.open_cr.emit(cr)
            self.workspace.show_cr.emit(cr)
