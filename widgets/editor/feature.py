"""The Change request panel (widgets/editor/editor.py): opened by a double-click, Enter or F2
on any page, New CR (Ctrl+N), or a request of another feature; it follows the current
selection while it is shown, and asks about unsaved changes before the selection moves on."""

from __future__ import annotations

from app.rules.permissions import Action
from widgets.editor.editor import CrEditor
from widgets.shell.feature import ActionSpec, Built, Menu, Place


class EditorFeature:
    name = "editor"
    title = "Change request"
    place = Place.RIGHT
    shown_first = False  # opened when wanted: the pages are wide

    def build(self, workspace) -> Built:
        session, selection = workspace.session, workspace.selection
        editor = CrEditor(session)
        workspace.add_leave_guard(editor.may_leave_for)
        selection.changed.connect(lambda: editor.show_cr(selection.current))
        editor.open_requested.connect(workspace.open_cr)
        editor.cr_shown.connect(workspace.editing)
        workspace.others_editing.connect(editor.show_others_editing)

        def open_cr(key: str) -> None:
            if workspace.select_one(key):
                editor.show_cr(key)
                workspace.show_panel.emit("editor")

        def new_cr() -> None:
            plan = session.plan
            if plan is None or not plan.teams or not plan.planned_releases():
                workspace.say("A change request needs a team and a planned release first: "
                              "start from the welcome page, or add them from the Plan menu.")
                return
            near = plan.crs.get(selection.current) if selection.current else None
            workspace.show_panel.emit("editor")
            editor.start_new(near.team if near else None, near.release if near else None)

        def edit_selected() -> None:
            if selection.current is not None:
                open_cr(selection.current)
            else:
                workspace.say("Select a change request first: on any page, or in the backlog.")

        def delete_selected() -> None:
            if selection.current is None:
                workspace.say("Select a change request to delete first.")
                return
            editor.show_cr(selection.current)
            editor.saving.delete()

        def escape() -> bool:
            """Esc closes the editor (asking about unsaved changes)."""
            if not editor.isVisible() or not editor.saving.may_leave():
                return False
            workspace.hide_panel.emit("editor")
            return True

        workspace.open_cr.connect(open_cr)
        workspace.new_cr.connect(new_cr)
        workspace.on_escape(escape, 2)
        editor.close_requested.connect(lambda: workspace.hide_panel.emit("editor"))
        actions = [
            # Not disabled without a plan: on the welcome page Ctrl+N says what it needs.
            ActionSpec("new_cr", "New change request", workspace.new_cr.emit, Menu.EDIT, "cr",
                       "Ctrl+N", "Create a change request", toolbar="New CR",
                       enabled_by=Action.CREATE_CR, needs_plan=False),
            ActionSpec("edit_cr", "Edit change request", edit_selected, Menu.EDIT, "cr", "F2",
                       "Open the selected change request", toolbar="Edit"),
            ActionSpec("delete_cr", "Delete change request...", delete_selected, Menu.EDIT,
                       "cr", "Del", "Delete the selected change request (undo puts it back)",
                       enabled_by=Action.DELETE_CR)]
        return Built(editor, editor, actions)
