"""The CR editor dock: every field of one change request, its dependencies, its field-level
changes (each beside the value it will meet, stale bases marked), the impact on assets, and its
history. Nothing is written until Save; a save is one undo step; problems show next to their
field."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.model.plan import ChangeRequest
from widgets.editor.access import EditorAccess
from widgets.editor.change_picker import ChangePicker
from widgets.editor.changes import ChangesModel, is_stale
from widgets.editor.dependencies import DependencyPicker
from widgets.editor.form import CrForm, error_label, next_key
from widgets.editor.history import HistoryModel
from widgets.editor.impact_checklist import ImpactChecklist, follow_ups_for
from widgets.editor.saving import EditorSaving


def _scrolled(page: QWidget) -> QScrollArea:
    """`page` in a scroll area: the editor's dock is not one, so each tab scrolls itself and
    the buttons below stay in sight at any height."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(page)
    return scroll


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


class CrEditor(EditorAccess, EditorSaving, QWidget):
    cr_shown = Signal(object)  # the key of the CR shown now, or None (presence, issue 12)

    def __init__(self, controller, on_open_cr=None):
        """`on_open_cr(key)` selects a CR elsewhere (a dependency double-clicked). Saving and
        deleting go through the controller, which makes each one undo step."""
        super().__init__()
        self.controller = controller
        self.base: ChangeRequest | None = None  # the CR as stored; None: nothing shown
        self.new = False
        self.dirty = False
        self._unloaded = False  # base changed while the editor was hidden
        self.heading = QLabel("Select a change request on the timeline or in the backlog.")
        self.heading.setWordWrap(True)
        self.form = CrForm()
        self.form.edited.connect(self._edited)
        self.form.release.activated.connect(lambda _i: self._show_changes())
        self.dependencies = DependencyPicker()
        self.dependencies.edited.connect(self._edited)
        if on_open_cr is not None:
            self.dependencies.activated.connect(on_open_cr)
        self.changes = ChangesModel()
        self.changes_view = _table(self.changes)
        self.changes_view.selectionModel().selectionChanged.connect(self._change_selected)
        self.picker = ChangePicker()
        self.picker.add_change.connect(self._add_change)
        self.remove_change = QPushButton("Remove change")
        self.remove_change.clicked.connect(self._remove_change)
        self.use_current = QPushButton("Use current value as base")
        self.use_current.setToolTip("After checking the new value against the current one: "
                                    "record the current value as what this change replaces")
        self.use_current.clicked.connect(self._use_current)
        self.changes_error = error_label()
        self.impact = ImpactChecklist()
        self.impact.add_changes.connect(self._add_follow_ups)
        self.history = HistoryModel()
        self.history_view = _table(self.history)
        self.general_error = error_label()
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save this change request (Ctrl+S): one undo step")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self.revert)
        self.delete_button = QPushButton("Delete...")
        self.delete_button.clicked.connect(self.delete)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._details_tab(), "Details")
        self.tabs.addTab(_scrolled(self._changes_tab()), "Changes")
        self.tabs.addTab(self.history_view, "History")
        self.tabs.currentChanged.connect(lambda i: i == 1 and self._show_changes())
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.presence_note = QLabel()  # "dana is editing this CR" (advisory)
        self.presence_note.setWordWrap(True)
        self.presence_note.hide()
        layout.addWidget(self.presence_note)
        layout.addWidget(self._access_banner())  # read only: another team's CR
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        controller.changed.connect(self._plan_changed)
        controller.edited.connect(self._plan_edited)
        controller.written.connect(self._written)
        self._enable()

    def _details_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.form)
        box = QGroupBox("Waits for (dependencies)")
        QVBoxLayout(box).addWidget(self.dependencies)
        column.addWidget(box)
        column.addStretch(1)
        return _scrolled(page)

    def _changes_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.changes_view.setMinimumHeight(110)
        column.addWidget(self.changes_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.remove_change)
        row.addWidget(self.use_current)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.changes_error)
        column.addWidget(self.picker)
        column.addWidget(self.impact)
        return page

    # ---- showing -----------------------------------------------------------------------------

    def show_cr(self, key: str | None) -> bool:
        """Show CR `key` (None: nothing). False when the planner kept unsaved edits instead."""
        plan = self.controller.plan
        if self.base is not None and key == self.base.key and not self.new:
            return True
        if not self._may_leave():
            return False
        cr = plan.crs.get(key) if key else None
        self.base, self.new, self.dirty = cr, False, False
        self._load_when_shown()
        return True

    def start_new(self, team: str | None = None, release: str | None = None) -> bool:
        """An empty CR to fill in; Save creates it (with its changes and dependencies)."""
        plan = self.controller.plan
        if plan is None or not self._may_leave():
            return False
        team = self.first_team_for_new(team)
        self.base = ChangeRequest(key=next_key(plan.crs), title="", team=team, stage="draft",
                                  release=release, estimate_hours=8)
        self.new, self.dirty = True, False
        self._load(self.base)
        self.tabs.setCurrentIndex(0)
        self.form.title.setFocus()
        return True

    def _load(self, cr: ChangeRequest | None) -> None:
        self._unloaded = False
        self.cr_shown.emit(None if cr is None or self.new else cr.key)
        plan = self.controller.plan
        for label in (self.general_error, self.changes_error):
            label.hide()
        if cr is None:
            self.heading.setText("Select a change request on the timeline or in the backlog.")
            self.changes.show([], None)
            self.history.show([])
            self._enable()
            return
        self.form.load(plan, cr, self.new)
        self._own_teams_only()
        self.dependencies.load(plan, cr.key, cr.depends_on)
        self.picker.load(plan)
        self.changes.show(cr.changes, None)
        self._show_changes()
        self.history.show([] if self.new else self.controller.history("cr", cr.key))
        self._heading()
        self._enable()

    def _heading(self) -> None:
        cr = self.base
        if self.new:
            text = f"<b>New change request</b> {cr.key}: fill it in, then Save."
        else:
            text = f"<b>{cr.key}</b> {cr.title}"
            if cr.stage == "deployed":
                text += " (deployed: it can no longer change)"
        # A line of its own, kept when empty: the first keystroke must not push the fields
        # down under the pointer.
        text += "<br><i>edited, not saved</i>" if self.dirty else "<br>&nbsp;"
        self.heading.setText(text)

    def _enable(self) -> None:
        editable = self.base is not None and self.base.stage != "deployed"
        for widget in (self.form, self.dependencies, self.picker, self.impact,
                       self.remove_change, self.use_current):
            widget.setEnabled(editable)
        self.save_button.setEnabled(editable and (self.dirty or self.new))
        self.revert_button.setEnabled(self.dirty)
        self.delete_button.setEnabled(editable and not self.new)
        self._follow_access()

    def _show_changes(self) -> None:
        """The draft's changes against the state before the release chosen in the form. That
        state and the impact need bundles and an index of the whole plan (about a second at
        100,000 CRs), so they are worked out when the Changes tab is shown, not before."""
        self.tabs.setTabText(1, f"Changes ({len(self.changes.changes)})")
        if self.tabs.currentIndex() != 1:
            self.changes.show(self.changes.changes, None)
            self.picker.set_state(None)  # never a "from" taken from another plan or release
            return
        state = self.controller.state_before(self.form.release.currentData())
        self.changes.show(self.changes.changes, state)
        self.changes_view.resizeColumnsToContents()
        self.picker.set_state(state)
        self.impact.show_proposals(
            follow_ups_for(self.controller.plan, self.controller.usage(), state,
                           self.changes.changes), self.changes.changes)
        self._change_selected()

    def _plan_edited(self, changes) -> None:
        """An edit: only one that touches this CR, or what its changes are written against
        (items, other CRs' changes, releases), concerns the editor."""
        if self.base is None:
            return
        if changes.touches("cr", self.base.key) or ((self.dirty or self.new) and any(
                row.kind != "cr" or _has_changes(row) for row in changes)):
            self._plan_changed()

    def _written(self, changes) -> None:
        """An edit of this CR reached the database: its history has a new row."""
        if self.base is not None and not self.new and changes.touches("cr", self.base.key) \
                and self.isVisible():
            self.history.show(self.controller.history("cr", self.base.key))

    def _plan_changed(self) -> None:
        """A load or a filter, or an edit that concerns it: follow the stored CR unless there
        are edits (or a merge waits for their version)."""
        if self._merging is not None:
            self._merge_now()
            return
        if self.base is None or self.controller.plan is None:
            return
        if self.dirty or self.new:
            self._show_changes()  # the values they meet may have moved
            return
        stored = self.controller.plan.crs.get(self.base.key)
        if stored != self.base:
            self.base = stored
            self._load_when_shown()

    def _load_when_shown(self) -> None:
        """Selecting bars with the editor closed costs nothing (no history query, no key
        lists of 100,000 CRs): a hidden editor loads its CR when it is opened."""
        if self.isVisible():
            self._load(self.base)
        else:
            self._unloaded = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._unloaded:
            self._load(self.base)

    # ---- editing -----------------------------------------------------------------------------

    def _edited(self) -> None:
        self.dirty = True
        self._heading()
        self._enable()

    def draft(self) -> ChangeRequest:
        cr = self.form.change_request(self.base)
        return replace(cr, depends_on=tuple(self.dependencies.keys),
                       changes=tuple(self.changes.changes))

    def _set_changes(self, changes) -> None:
        self.changes.changes = list(changes)
        self._show_changes()
        self._edited()

    def _add_change(self, change) -> None:
        changes = self.changes.changes
        same = [i for i, c in enumerate(changes)
                if c.op == change.op and c.item == change.item
                and getattr(c, "field", None) == getattr(change, "field", None)]
        if same:  # setting a field twice in one CR: the new value replaces the old
            changes[same[0]] = change
        else:
            changes.append(change)
        self._set_changes(changes)

    def _add_follow_ups(self, follow_ups) -> None:
        for change in follow_ups:
            self._add_change(change)

    def _selected_change(self) -> int | None:
        rows = self.changes_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _change_selected(self, *_) -> None:
        row = self._selected_change()
        self.remove_change.setEnabled(row is not None)
        self.use_current.setEnabled(row is not None and is_stale(self.changes.changes[row],
                                                                 self.changes.state))

    def _remove_change(self) -> None:
        row = self._selected_change()
        if row is not None:
            self._set_changes(self.changes.changes[:row] + self.changes.changes[row + 1:])

    def _use_current(self) -> None:
        row = self._selected_change()
        if row is None:
            return
        ch = self.changes.changes[row]
        changes = list(self.changes.changes)
        changes[row] = replace(ch, base=self.changes.state.value(ch.item, ch.field))
        self._set_changes(changes)

    # ---- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.base is None or not (self.dirty or self.new) or self.refused_here():
            return False
        cr = self.draft()
        current = None if self.new else self.controller.plan.crs.get(cr.key)
        if current is not None and current != self.base:  # saved by someone else meanwhile
            return self._merge_with(self.base, cr, current)
        problems = self.form.check(cr)
        if not problems:
            refused = lambda fault, draft=cr, new=self.new, base=self.base: \
                self._save_refused(draft, new, base, fault)  # noqa: E731
            problems = self.controller.create(cr, refused) if self.new \
                else self.controller.save(cr, refused)
        if problems:
            self._show_problems(problems)
            return False
        self.base, self.new, self.dirty = self.controller.plan.crs[cr.key], False, False
        self._load(self.base)
        return True

    def revert(self) -> None:
        self.dirty = False
        if self.new:
            self.base, self.new = None, False
        self._load(self.base)

    def delete(self, confirm: bool = True) -> bool:
        if self.base is None or self.new:
            return False
        if self.refused_here():
            self.controller.message.emit(f"{self.base.key} was not deleted: "
                                         f"{self.refused_here()}")
            return False
        cr = self.base
        if confirm and QMessageBox.question(
                self, f"Delete {cr.key}", f"Delete {cr.key} ({cr.title})? Undo puts it back."
        ) != QMessageBox.StandardButton.Yes:
            return False
        if not self.controller.delete(cr.key):
            return False
        self.base, self.dirty = None, False
        self._load(None)
        return True


def _has_changes(row) -> bool:
    """Whether a CR row change involves field-level changes (what a draft is checked against)."""
    return bool((row.before is not None and row.before.changes)
                or (row.after is not None and row.after.changes))
