"""The CR editor panel: every field of one change request, its dependencies, its field-level
changes (each beside the value it will meet, stale bases marked), the impact on assets, and its
history. Nothing is written until Save; a save is one undo step; problems show next to their
field (widgets/editor/saving.py). A CR this login may not change (another team's, for a
planner; any, for a viewer) is shown read only, with a one-line banner saying why."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.model.plan import ChangeRequest
from app.model.row_kinds import RowKind
from app.rules.permissions import Action
from widgets.common.forms import problem_label
from widgets.common.plain_text import cut, few_names
from widgets.editor.changes_tab import ChangesTab
from widgets.editor.dependencies import DependencyPicker
from widgets.editor.form import CrForm, next_key
from widgets.editor.history import HistoryModel
from widgets.editor.impact_checklist import follow_ups_for
from widgets.editor.saving import Saving

BANNER_STYLE = "QLabel { background: #fff4ce; color: #4a3b00; padding: 4px 8px; }"


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


class CrEditor(QWidget):
    cr_shown = Signal(object)  # the key of the CR shown now, or None (presence, issue 12)
    open_requested = Signal(str)  # a dependency double-clicked: open that CR
    close_requested = Signal()  # Esc, or Revert of a new CR: the panel may close

    def __init__(self, session):
        """Reads the plan through `session` and saves and deletes through it (each one undo
        step)."""
        super().__init__()
        self.session = session
        self.base: ChangeRequest | None = None  # the CR as stored; None: nothing shown
        self.new = False
        self.dirty = False
        self._unloaded = False  # base changed while the editor was hidden
        self.heading = QLabel("Select a change request on the timeline or in the backlog.")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # plan text in it is escaped
        self.form = CrForm()
        self.form.edited.connect(self._edited)
        self.form.release.activated.connect(lambda _i: self._show_changes())
        self.dependencies = DependencyPicker()
        self.dependencies.edited.connect(self._edited)
        self.dependencies.activated.connect(self.open_requested)
        self.changes_tab = ChangesTab()
        self.changes_tab.edited.connect(self._changes_edited)
        self.history = HistoryModel()
        self.history_view = _table(self.history)
        self.general_error = problem_label()
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save this change request (Ctrl+S): one undo step")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self.revert)
        self.delete_button = QPushButton("Delete...")
        self.delete_button.clicked.connect(lambda: self.saving.delete())
        self._tooltips = {self.save_button: self.save_button.toolTip(),
                          self.delete_button: self.delete_button.toolTip()}
        self.saving = Saving(self)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._details_tab(), "Details")
        self.tabs.addTab(_scrolled(self.changes_tab), "Changes")
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
        self.presence_note.setTextFormat(Qt.TextFormat.PlainText)
        self.presence_note.setWordWrap(True)
        self.presence_note.hide()
        layout.addWidget(self.presence_note)
        self.access_note = QLabel()  # read only: another team's CR, and why
        self.access_note.setObjectName("editor-read-only")
        self.access_note.setStyleSheet(BANNER_STYLE)
        self.access_note.setTextFormat(Qt.TextFormat.PlainText)
        self.access_note.setWordWrap(True)
        self.access_note.hide()
        layout.addWidget(self.access_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        session.plan_changed.connect(self._plan_changed)
        session.edited.connect(self._plan_edited)
        session.written.connect(self._written)
        session.gate_changed.connect(self._gate_changed)
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

    # ---- showing -----------------------------------------------------------------------------

    def may_leave_for(self, key: str | None) -> bool:
        """Asked before the selection (or the window) moves on: unsaved edits are not dropped
        without asking (Save, Discard or Cancel)."""
        if self.base is not None and key == self.base.key and not self.new:
            return True
        return self.saving.may_leave()

    def show_cr(self, key: str | None) -> None:
        """Show CR `key` (None: nothing); the caller asked `may_leave_for` first."""
        plan = self.session.plan
        if self.base is not None and key == self.base.key and not self.new:
            return
        cr = plan.crs.get(key) if key and plan is not None else None
        self.base, self.new, self.dirty = cr, False, False
        self._load_when_shown()

    def start_new(self, team: str | None = None, release: str | None = None) -> bool:
        """An empty CR to fill in; Save creates it (with its changes and dependencies)."""
        plan = self.session.plan
        if plan is None or not self.saving.may_leave():
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
        plan = self.session.plan
        self.general_error.hide()
        self.changes_tab.error.hide()
        if cr is None:
            self.heading.setText("Select a change request on the timeline or in the backlog.")
            self.changes_tab.model.show([], None)
            self.history.show([])
            self._enable()
            return
        self.form.load(plan, cr, self.new, self.session.today())
        self._own_teams_only()
        self.dependencies.load(plan, cr.key, cr.depends_on)
        self.changes_tab.picker.load(plan)
        self.changes_tab.model.show(cr.changes, None)
        self._show_changes()
        self._show_history()
        self._heading()
        self._enable()

    def _heading(self) -> None:
        cr = self.base
        if self.new:
            text = f"<b>New change request</b> {escape(cr.key)}: fill it in, then Save."
        else:
            text = f"<b>{escape(cr.key)}</b> {escape(cr.title)}"
            if cr.stage == "deployed":
                text += " (deployed: it can no longer change)"
        # A line of its own, kept when empty: the first keystroke must not push the fields
        # down under the pointer.
        text += "<br><i>edited, not saved</i>" if self.dirty else "<br>&nbsp;"
        self.heading.setText(text)

    def _enable(self) -> None:
        editable = self.base is not None and self.base.stage != "deployed"
        for widget in (self.form, self.dependencies):
            widget.setEnabled(editable)
        self.changes_tab.set_editable(editable)
        self.save_button.setEnabled(editable and (self.dirty or self.new))
        self.revert_button.setEnabled(self.dirty)
        self.delete_button.setEnabled(editable and not self.new)
        why = self.refused_here()  # a CR this login may not change: read only, saying why
        self.access_note.setText(f"Read only: {why}." if why else "")
        self.access_note.setVisible(bool(why))
        if why:
            for widget in (self.form, self.dependencies, self.save_button, self.delete_button):
                widget.setEnabled(False)
            self.changes_tab.set_editable(False)
        for button, tip in self._tooltips.items():
            button.setToolTip(f"{button.text().rstrip('.')}: {why}" if why else tip)

    def show_others_editing(self, others: dict) -> None:
        """Other planners who have this CR open too (advisory: nobody is locked out)."""
        key = self.base.key if self.base is not None and not self.new else None
        who = others.get(key, []) if key else []
        names = few_names([cut(w) for w in who], " and ")
        self.presence_note.setText(
            f"{names} {'is' if len(who) == 1 else 'are'} editing this CR too: if "
            "you both save, the second is asked to merge." if who else "")
        self.presence_note.setVisible(bool(who))

    def refused_here(self) -> str:
        """Why this login may not change the CR shown (empty when it may)."""
        if self.base is None:
            return ""
        if self.new:
            return self.session.gate(Action.CREATE_CR)
        return self.session.gate(Action.EDIT_CR, self.base.key)

    def _own_teams_only(self) -> None:
        """The team field offers only the teams this login may give a CR (the server would
        refuse a CR written into another team); a CR shown read only keeps its own."""
        if self.refused_here():
            return
        combo = self.form.team
        for i in reversed(range(combo.count())):
            if not self.session.may_create_for(combo.itemData(i)):
                combo.removeItem(i)

    def first_team_for_new(self, team: str | None) -> str:
        """The team a new CR starts in: `team` if the login may create CRs for it, else the
        first team it may (else the plan's first, shown read only with the reason)."""
        teams = list(self.session.plan.teams)
        allowed = [t for t in teams if self.session.may_create_for(t)]
        if team in allowed:
            return team
        return next(iter(allowed or teams), "")

    def _gate_changed(self) -> None:
        if self.base is not None and not self.dirty and not self.new:
            self._load_when_shown()
        else:
            self._enable()

    def _show_history(self) -> None:
        """The CR's audit history, read on the worker (never on the GUI thread)."""
        cr = self.base
        if cr is None or self.new:
            self.history.show([])
            return
        key = cr.key
        self.session.queue(lambda store: store.history(RowKind.CR, key),
                           lambda rows: self.base is not None and self.base.key == key
                           and self.history.show(rows),
                           lambda fault: self.session.message.emit(
                               f"History not available: {fault}"))

    def _show_changes(self) -> None:
        """The draft's changes against the state before the release chosen in the form. That
        state and the impact need bundles and an index of the whole plan (about a second at
        100,000 CRs), so they are worked out when the Changes tab is shown, not before."""
        tab = self.changes_tab
        self.tabs.setTabText(1, f"Changes ({len(tab.model.changes)})")
        if self.tabs.currentIndex() != 1 or self.session.derived is None:
            tab.show_against(None, [])  # never a "from" taken from another plan or release
            return
        derived = self.session.derived
        state = derived.state_before(self.form.release.currentData())
        tab.show_against(state, follow_ups_for(self.session.plan, derived.usage(), state,
                                               tab.model.changes))

    def _plan_edited(self, changes) -> None:
        """An edit: only one that touches this CR, or what its changes are written against
        (items, other CRs' changes, releases), concerns the editor."""
        if self.base is None:
            return
        if changes.touches(RowKind.CR, self.base.key) or ((self.dirty or self.new) and any(
                row.kind != RowKind.CR or _has_changes(row) for row in changes)):
            self._plan_changed()

    def _written(self, changes) -> None:
        """An edit of this CR reached the database: its history has a new row."""
        if self.base is not None and not self.new \
                and changes.touches(RowKind.CR, self.base.key) and self.isVisible():
            self._show_history()

    def _plan_changed(self) -> None:
        """A load or a filter, or an edit that concerns it: follow the stored CR unless there
        are edits (or a merge waits for their version)."""
        if self.saving.merging is not None:
            self.saving.merge_now()
            return
        if self.base is None or self.session.plan is None:
            return
        if self.dirty or self.new:
            self._show_changes()  # the values they meet may have moved
            return
        stored = self.session.plan.crs.get(self.base.key)
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
                       changes=tuple(self.changes_tab.model.changes))

    def _changes_edited(self) -> None:
        self._show_changes()
        self._edited()

    def save(self) -> bool:
        return self.saving.save()

    def revert(self) -> None:
        was_new = self.new
        self.dirty = False
        if self.new:
            self.base, self.new = None, False
        self._load(self.base)
        if was_new:
            self.close_requested.emit()


def _has_changes(row) -> bool:
    """Whether a CR row change involves field-level changes (what a draft is checked against)."""
    return bool((row.before is not None and row.before.changes)
                or (row.after is not None and row.after.changes))
