"""The main window's actions, their shortcuts (each bound once: tests walk them all), the
toolbar, and the shortcut list F1 shows."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar, QToolButton

from widgets.shell.docks import dock_toggles
from widgets.timeline.view import ZOOM_PRESETS

# Keys handled by the timeline itself rather than by an action, for the F1 list.
TIMELINE_KEYS = (
    ("Left / Right", "the previous / next bar of the lane"),
    ("Up / Down", "the nearest bar of the lane above / below"),
    ("Enter", "open the selected change request"),
    ("Esc", "cancel a drag; else close the editor"),
    ("Wheel / Shift+Wheel", "scroll time / scroll the lanes"),
    ("Ctrl+Wheel", "zoom time around the pointer"),
    ("Click a team name", "collapse or expand its lane"),
)


def action(win, text: str, shortcut, slot, tip: str = "") -> QAction:
    """An action of the window; `shortcut` a key sequence, a standard key, or a list."""
    act = QAction(text, win)
    if shortcut is not None:
        keys = shortcut if isinstance(shortcut, list) else [shortcut]
        act.setShortcuts([QKeySequence(k) for k in keys])
    shown = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    act.setToolTip(f"{tip or text} ({shown})" if shortcut is not None else tip or text)
    act.triggered.connect(slot)
    win.addAction(act)
    return act


def build_actions(win) -> None:
    timeline = win.timeline
    win.open_file_action = action(win, "Open file...", QKeySequence.StandardKey.Open,
                                  win.choose_file)
    win.connect_action = action(win, "Connect to server...", None, win.choose_server)
    win.new_action = action(win, "New CR", "Ctrl+N", win.new_cr, "Create a change request")
    win.refresh_action = action(win, "Refresh", "F5", win.controller.reload_in_background,
                                "Read the plan again: see other planners' changes")
    # Undo and redo run the compensating edit first; the stack moves only if it is accepted.
    win.undo_action, win.redo_action = win.history.actions(win)
    win.addAction(win.undo_action)
    win.addAction(win.redo_action)
    win.move_action = action(win, "Move to release...", "Ctrl+M", win.move_selected,
                             "Move the selected change request to another release")
    win.move_later_action = action(win, "Move to next release", "Ctrl+Shift+Right",
                                   lambda: win.move_selected_by(1),
                                   "Move the selected change request one release later")
    win.move_earlier_action = action(win, "Move to previous release", "Ctrl+Shift+Left",
                                     lambda: win.move_selected_by(-1),
                                     "Move the selected change request one release earlier")
    win.edit_action = action(win, "Edit CR", "F2",
                             lambda: win.selected_cr and win.open_cr(win.selected_cr),
                             "Edit the selected change request")
    win.delete_action = action(win, "Delete CR...", QKeySequence.StandardKey.Delete,
                               win.delete_selected, "Delete the selected change request")
    win.escape_action = action(win, "Cancel", "Esc", win.escape,
                               "Cancel a drag, or close the change request editor")
    win.dependencies_action = action(win, "Dependencies", "Ctrl+D", win._toggle_dependencies,
                                     "Show dependency arrows between bars")
    win.dependencies_action.setCheckable(True)
    win.zoom_actions = [
        action(win, "Zoom in", ["Ctrl++", "Ctrl+="], lambda: timeline.zoom(0.7)),
        action(win, "Zoom out", "Ctrl+-", lambda: timeline.zoom(1.4)),
        action(win, "Fit", "Ctrl+0", timeline.fit, "Show the whole plan"),
        action(win, "Today", "Ctrl+T", timeline.go_to_today)]
    win.preset_actions = [
        action(win, name, f"Ctrl+{n}", lambda _=False, days=days: timeline.show_days(days),
               f"Show a {name.lower()} across")
        for n, (name, days) in enumerate(ZOOM_PRESETS.items(), start=1)]
    win.compact_action = action(win, "Compact lanes", "Ctrl+L", win.compact_lanes,
                                "Pack each lane's bars into as few rows as they need")
    win.go_to_team_action = action(win, "Go to team...", "Ctrl+G", win.go_to_team,
                                   "Scroll to a team's lane")
    win.collapse_action = action(win, "Collapse all lanes", None,
                                 lambda: win.collapse_all(True))
    win.expand_action = action(win, "Expand all lanes", None, lambda: win.collapse_all(False))
    win.help_action = action(win, "Shortcuts", "F1", lambda: show_shortcuts(win),
                             "Every keyboard shortcut")
    win.quit_action = action(win, "Quit", "Ctrl+Q", win.close,
                             "Close Release Planner: every edit on screen is written first")
    _build_toolbar(win)


def _build_toolbar(win) -> None:
    bar = QToolBar("Main")
    bar.setObjectName("main-toolbar")
    win.addToolBar(bar)
    win.recent_menu = QMenu(win)
    win.recent_menu.aboutToShow.connect(win._fill_open_menu)
    bar.addWidget(_menu_button("Open", "Open a plan: a database file, a server, or a recent one",
                               win.recent_menu))
    win.export_button = _menu_button("Export", "Reports, the release calendar and timeline "
                                     "images", win._export_menu())
    bar.addWidget(win.export_button)
    view = QMenu(win)
    for act in (*win.zoom_actions, None, win.go_to_team_action, win.compact_action,
                win.collapse_action, win.expand_action):
        view.addSeparator() if act is None else view.addAction(act)
    win.move_action.setIconText("Move...")  # the toolbar's shorter name; menus keep the text
    win.edit_action.setIconText("Edit")
    for act in (win.new_action, win.refresh_action, None, win.undo_action, win.redo_action, None,
                *win.preset_actions, win.zoom_actions[2], win.zoom_actions[3], None,
                win.move_action, win.edit_action, win.dependencies_action, None,
                *dock_toggles(win), None, win.help_action):
        if act is None:
            bar.addSeparator()
        else:
            bar.addAction(act)
    bar.insertWidget(win.help_action, _menu_button("View", "Zoom, go to a team, compact, "
                                                   "collapse or expand lanes", view))


def _menu_button(text: str, tip: str, menu: QMenu) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    return button


def shortcut_rows(win) -> list[tuple[str, str]]:
    rows = []
    for act in win.actions():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in act.shortcuts())
        if keys:
            rows.append((keys, act.text().replace("&", "")))
    return rows + list(TIMELINE_KEYS)


def show_shortcuts(win) -> None:
    rows = "".join(f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>"
                   for keys, what in shortcut_rows(win))
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", f"<table>{rows}</table>",
                      QMessageBox.StandardButton.Close, win)
    win.shortcuts_box = box  # kept for tests
    box.open()
