"""The window's menus and toolbar, built from the actions the features bring and the shell's
own (File, Edit, View, Help): every toolbar action is also in a menu, each shortcut is bound
once, and what the login may not do, or what needs a plan, is disabled with the reason in its
tooltip. F1 lists every shortcut."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar, QToolButton

from app.rules.permissions import Action
from widgets.shell.feature import ActionSpec, Menu

PAGE_KEYS = ("Alt+1", "Alt+2", "Alt+3", "Alt+4", "Alt+5", "Alt+6")

# Keys handled by a view itself rather than by an action, for the F1 list.
VIEW_KEYS = (
    ("Left / Right", "the previous / next bar of the lane in time"),
    ("Up / Down", "the nearest bar of the row (or lane) above / below"),
    ("Enter", "open the selected change request"),
    ("Wheel / Shift+Wheel", "scroll time / scroll the lanes"),
    ("Ctrl+Wheel", "zoom time around the pointer"),
    ("Click a team name", "collapse or expand its lane"),
)


class Menus:
    def __init__(self, window, feature_specs: list[ActionSpec]):
        self.window = window
        self.actions: dict[str, QAction] = {}
        self._gated: list[tuple[QAction, ActionSpec, str]] = []
        self.menus: dict[Menu, QMenu] = {}
        self._submenus: dict[tuple[Menu, str], QMenu] = {}
        bar = window.menuBar()
        for menu in Menu:
            self.menus[menu] = bar.addMenu(menu.value)
            self.menus[menu].setToolTipsVisible(True)
        specs = [*self._file(), *self._edit(), *feature_specs, *self._view(), *self._help()]
        order = {m: [] for m in Menu}
        for spec in specs:
            self.actions[spec.name] = self._action(spec)
            if spec.menu is not None:
                order[spec.menu].append(spec)
        for menu, in_menu in order.items():
            self._fill(menu, in_menu)
        self.toolbar = self._toolbar([s for s in specs if s.toolbar])
        session = window.session
        session.gate_changed.connect(self.follow_gate)
        session.plan_changed.connect(self.follow_gate)
        session.history_changed.connect(self._follow_history)
        self.follow_gate()
        self._follow_history()

    # ---- the shell's own actions -----------------------------------------------------------

    def _file(self) -> list[ActionSpec]:
        opening = lambda: self.window.opening  # noqa: E731 (built after the menus)
        return [
            ActionSpec("open_file", "Open file...", lambda: opening().choose_file(), Menu.FILE,
                       "open", QKeySequence.StandardKey.Open, needs_plan=False),
            ActionSpec("connect", "Connect to server...", lambda: opening().choose_server(),
                       Menu.FILE, "open", needs_plan=False),
            ActionSpec("quit", "Quit", self.window.close, Menu.FILE, "quit", "Ctrl+Q",
                       "Close Release Planner: every edit on screen is written first",
                       needs_plan=False)]

    def _edit(self) -> list[ActionSpec]:
        session, workspace = self.window.session, self.window.workspace
        mover = workspace.mover

        def selected() -> list[str]:
            plan = session.plan
            return [k for k in workspace.selection.keys if plan is not None and k in plan.crs]

        def chosen(then):
            keys = selected()
            if keys:
                then(keys)
            else:
                workspace.say("Select a change request first: on any page, or in the backlog.")

        return [
            ActionSpec("undo", "Undo", session.undo, Menu.EDIT, "undo",
                       QKeySequence.StandardKey.Undo, toolbar="Undo", needs_plan=False),
            ActionSpec("redo", "Redo", session.redo, Menu.EDIT, "undo",
                       ["Ctrl+Shift+Z", "Ctrl+Y"], toolbar="Redo", needs_plan=False),
            ActionSpec("move", "Move to release...", lambda: chosen(mover.choose_target),
                       Menu.EDIT, "move", "Ctrl+M",
                       "Move the selected change requests to another release",
                       toolbar="Move...", enabled_by=Action.SCHEDULE),
            ActionSpec("move_later", "Move to next release",
                       lambda: chosen(lambda keys: mover.step(keys, 1)), Menu.EDIT, "move",
                       "Ctrl+Shift+Right", "Move the selected change requests one release later",
                       enabled_by=Action.SCHEDULE),
            ActionSpec("move_earlier", "Move to previous release",
                       lambda: chosen(lambda keys: mover.step(keys, -1)), Menu.EDIT, "move",
                       "Ctrl+Shift+Left", "Move the selected change requests one release "
                       "earlier", enabled_by=Action.SCHEDULE),
            ActionSpec("select_all", "Select all", self._select_all, Menu.EDIT, "select",
                       QKeySequence.StandardKey.SelectAll,
                       "Select every change request shown (the filters apply)"),
            ActionSpec("escape", "Cancel", workspace.escape, None, "", "Esc",
                       "Cancel a drag, or close the change request editor", needs_plan=False)]

    def _view(self) -> list[ActionSpec]:
        window = self.window
        specs = []
        for i in range(window.pages.count()):
            name = window.pages.widget(i).objectName()
            specs.append(ActionSpec(f"page_{name}", window.pages.tabText(i),
                                    lambda _=False, n=name: window.show_page(n), Menu.VIEW,
                                    "pages", PAGE_KEYS[i] if i < len(PAGE_KEYS) else None,
                                    f"Show the {window.pages.tabText(i)} page",
                                    needs_plan=False))
        specs += [
            ActionSpec("refresh", "Refresh", window.session.load, Menu.VIEW, "refresh", "F5",
                       "Read the plan again: see other planners' changes"),
            ActionSpec("reset_layout", "Reset layout", lambda: window.layout_state.reset(),
                       Menu.VIEW, "refresh", tip="Put the panels back where they were at the "
                       "first start", needs_plan=False)]
        return specs

    def _help(self) -> list[ActionSpec]:
        return [ActionSpec("shortcuts", "Keyboard shortcuts", self.show_shortcuts, Menu.HELP,
                           "", "F1", "Every keyboard shortcut", needs_plan=False),
                ActionSpec("about", "About Release Planner", self._about, Menu.HELP,
                           needs_plan=False)]

    def _select_all(self) -> None:
        layout = self.window.session.layout
        if layout is not None:
            keys = [bar.cr for bar in layout.bars] + list(layout.backlog)
            self.window.workspace.select(keys, self.window.workspace.selection.current)

    # ---- building ------------------------------------------------------------------------------

    def _action(self, spec: ActionSpec) -> QAction:
        act = QAction(spec.text, self.window)
        act.setObjectName(spec.name)
        if spec.shortcut is not None:
            keys = spec.shortcut if isinstance(spec.shortcut, list) else [spec.shortcut]
            act.setShortcuts([QKeySequence(k) for k in keys])
        if spec.checkable:
            act.setCheckable(True)
            act.setChecked(spec.checked)
            act.toggled.connect(spec.slot)
        else:
            act.triggered.connect(lambda _=False, slot=spec.slot: slot())
        if spec.toolbar:
            act.setIconText(spec.toolbar)
        tip = spec.tip or spec.text.rstrip(".")
        shown = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        act.setToolTip(f"{tip} ({shown})" if shown else tip)
        act.setStatusTip(tip)
        self.window.addAction(act)  # its shortcut works wherever the focus is
        if spec.enabled_by is not None or spec.needs_plan:
            self._gated.append((act, spec, act.toolTip()))
        return act

    def _fill(self, menu: Menu, specs: list[ActionSpec]) -> None:
        target = self.menus[menu]
        section = None
        for spec in specs:
            where = target
            if spec.submenu:
                key = (menu, spec.submenu)
                if key not in self._submenus:
                    self._submenus[key] = target.addMenu(spec.submenu)
                    self._submenus[key].setToolTipsVisible(True)
                where = self._submenus[key]
            elif section is not None and spec.section != section:
                target.addSeparator()
            if not spec.submenu:
                section = spec.section
            where.addAction(self.actions[spec.name])
        if menu is Menu.VIEW:
            panels = target.addMenu("Panels")
            for dock in self.window.docks.values():
                panels.addAction(dock.toggleViewAction())
        if menu is Menu.FILE:
            quit_action = self.actions["quit"]
            target.removeAction(quit_action)
            target.addSeparator()
            target.addAction(quit_action)  # last, where a desktop program's Quit is

    def _toolbar(self, specs: list[ActionSpec]) -> QToolBar:
        bar = QToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        self.window.addToolBar(bar)
        section = None
        for spec in specs:
            if section is not None and spec.section != section:
                bar.addSeparator()
            section = spec.section
            bar.addAction(self.actions[spec.name])
        for name, menu, tip in (
                ("Export", self._submenus.get((Menu.FILE, "Export")),
                 "Reports, the release calendar and timeline images"),
                ("Plan", self.menus[Menu.PLAN], "Releases, teams, offer packs and items")):
            if menu is not None and menu.actions():
                button = QToolButton()
                button.setText(name)
                button.setToolTip(tip)
                button.setMenu(menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                bar.addWidget(button)
        return bar

    # ---- following what may be done ----------------------------------------------------------

    def follow_gate(self) -> None:
        session = self.window.session
        has_plan = session.plan is not None
        for act, spec, tip in self._gated:
            why = "" if has_plan or not spec.needs_plan else "open or start a plan first"
            if not why and spec.enabled_by is not None:
                why = session.gate(spec.enabled_by)
            act.setEnabled(not why)
            act.setToolTip(f"{spec.text.rstrip('.')}: {why}" if why else tip)

    def _follow_history(self) -> None:
        history = self.window.session.history
        for name, verb, can, what in (("undo", "Undo", history.can_undo(), history.undo_text()),
                                      ("redo", "Redo", history.can_redo(), history.redo_text())):
            act = self.actions[name]
            act.setEnabled(can)
            act.setText(f"{verb} {what}".strip())  # in the menu: what it does
            act.setToolTip(f"{verb} {what}".strip()
                           + f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")

    # ---- help ----------------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = []
        for act in self.window.actions():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in act.shortcuts())
            if keys:
                rows.append((keys, act.text().replace("&", "")))
        return rows + list(VIEW_KEYS)

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{escape(keys)}</b>&nbsp;&nbsp;</td><td>{escape(what)}</td>"
                       "</tr>" for keys, what in self.shortcut_rows())
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", f"<table>{rows}</table>",
                          QMessageBox.StandardButton.Close, self.window)
        self.shortcuts_box = box  # kept for tests
        box.open()

    def _about(self) -> None:
        QMessageBox.about(self.window, "About Release Planner",
                          f"{QCoreApplication.applicationName() or 'Release Planner'}: plan "
                          "marketing-operations releases. Field-level concurrent changes to "
                          "offer packs, per-release bundles, freeze windows.")
