"""The CR editor on the demo database (today 2027-02-08; R-FEB frozen since 2027-02-07),
driven the way a planner drives it: every save persists, every refusal writes nothing and says
why next to the field, every edit undoes and redoes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.model.plan import UNCHECKED, SetField
from app.plan_file.document import plan_to_document
from tests.widgets.conftest import stored_plan


def stored(win):
    return stored_plan(win)


def shown_error(label) -> str:
    return "" if label.isHidden() else label.text()


def pick(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def add_set(editor, item: str, field: str, to: str) -> None:
    editor.tabs.setCurrentIndex(1)  # the Changes tab
    editor.picker.item.setText(item)
    editor.picker.field.setCurrentText(field)
    editor.picker.to.setText(to)
    editor.picker.add_set()


def test_new_cr_with_changes_and_a_dependency_persists_and_is_one_undo_step(window):
    window.new_action.trigger()
    editor = window.editor
    assert not window.editor_dock.isHidden()
    assert editor.form.key.text() == "CR-504"  # the next free number
    editor.form.title.setText("Spring roaming price")
    pick(editor.form.release, "R-APR")
    add_set(editor, "PDF-MOB", "roaming", "£2.50/day in the EU")
    # "from" is the value before R-APR: R-FEB's CR-205 changes it first.
    assert editor.changes.changes == [SetField("PDF-MOB", "roaming", "£2.50/day in the EU",
                                               "£2.25/day in the EU")]
    editor.dependencies.pick.setText("CR-401")
    editor.dependencies.add_picked()
    assert editor.save()
    cr = stored(window).crs["CR-504"]
    assert (cr.title, cr.release, cr.depends_on) == ("Spring roaming price", "R-APR", ("CR-401",))
    assert cr.changes == (SetField("PDF-MOB", "roaming", "£2.50/day in the EU",
                                   "£2.25/day in the EU"),)
    assert "CR-504" in {b.cr for b in window.timeline.bars.bars}
    window.history.undo()
    assert "CR-504" not in stored(window).crs
    window.history.redo()
    assert stored(window).crs["CR-504"].changes == cr.changes


def test_an_edit_is_saved_undone_and_redone(window):
    window.open_cr("CR-304")
    editor = window.editor
    assert editor.base.key == "CR-304"
    before = stored(window).crs["CR-304"]
    editor.form.title.setText("Cheaper 900Mb fibre for spring")
    editor.form.title.textEdited.emit(editor.form.title.text())
    editor.form.estimate.setValue(30)
    assert "edited, not saved" in editor.heading.text()
    assert editor.save()
    after = stored(window).crs["CR-304"]
    assert (after.title, after.estimate_hours) == ("Cheaper 900Mb fibre for spring", 30)
    assert "edit CR-304" in [h[2] for h in editor.history.rows]
    window.history.undo()
    assert stored(window).crs["CR-304"] == before
    assert editor.form.title.text() == before.title  # the editor follows the stored CR
    window.history.redo()
    assert stored(window).crs["CR-304"].title == "Cheaper 900Mb fibre for spring"


def test_a_dependency_cycle_is_refused_at_once_with_its_path(window):
    window.open_cr("CR-304")
    editor = window.editor
    before = plan_to_document(stored(window))
    editor.dependencies.pick.setText("CR-306")
    editor.dependencies.add_picked()
    assert shown_error(editor.dependencies.error) == \
        "that would be a dependency cycle: CR-304 -> CR-306 -> CR-305 -> CR-304"
    assert editor.dependencies.keys == []
    assert not editor.save()  # nothing was edited
    assert plan_to_document(stored(window)) == before


def test_an_edit_in_a_frozen_release_is_refused_unless_an_emergency(window):
    window.open_cr("CR-202")  # R-FEB, frozen
    editor = window.editor
    before = plan_to_document(stored(window))
    add_set(editor, "OFR-UNL", "headline", "Stay unlimited")
    assert not editor.save()
    assert "frozen since 2027-02-07" in shown_error(editor.form.errors["release"])
    assert plan_to_document(stored(window)) == before
    editor.form.emergency.setChecked(True)
    assert not editor.save()
    assert "justification" in shown_error(editor.form.errors["justification"])
    editor.form.justification.setPlainText("Legal asked for the new headline today")
    assert editor.save()
    cr = stored(window).crs["CR-202"]
    assert cr.emergency and cr.changes[-1].to == "Stay unlimited"


def test_a_stale_base_is_marked_and_the_current_value_taken(window):
    window.open_cr("CR-303")  # R-MAR: sets OFR-UNL.price from 49.99, but R-FEB makes it 44.99
    editor = window.editor
    editor.tabs.setCurrentIndex(1)
    model = editor.changes
    assert model.data(model.index(0, 5)) == '"44.99"'
    assert "Stale base" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    editor.changes_view.selectRow(0)
    assert editor.use_current.isEnabled()
    editor.use_current.click()
    assert editor.save()
    assert stored(window).crs["CR-303"].changes[0].base == "44.99"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None


def test_the_impact_checklist_lists_the_assets_and_adds_follow_ups_in_one_step(window):
    window.open_cr("CR-303")
    editor = window.editor
    editor.tabs.setCurrentIndex(1)
    listed = [editor.impact.list.item(i).text() for i in range(editor.impact.list.count())]
    assets = {text.split(" ")[0].rstrip(":") for text in listed}
    # EM-XMAS is retired by R-FEB, before this CR ships; AD-VID and EM-LOY are being built.
    assert assets == {"EM-UNL", "LP-UNL", "PDF-MOB", "AD-UNL", "AD-VID", "EM-LOY"}
    assert any("LP-UNL" in t and "Unlimited 5G from £47.99" in t for t in listed)
    assert any("AD-UNL" in t and "review it by hand" in t for t in listed)
    editor.impact.add.click()
    added = {(c.item, c.field): c.to for c in editor.changes.changes[1:]}
    assert added == {("EM-UNL", "subject"): "Go unlimited for £47.99",
                     ("LP-UNL", "hero"): "Unlimited 5G from £47.99",
                     ("PDF-MOB", "unlimited_price"): "47.99"}
    assert editor.save()
    assert len(stored(window).crs["CR-303"].changes) == 4
    window.history.undo()
    assert len(stored(window).crs["CR-303"].changes) == 1


def test_a_problem_in_a_change_is_shown_under_the_changes(window):
    window.open_cr("CR-304")
    editor = window.editor
    add_set(editor, "OFR-FIB9", "speed_mbps", "fast")
    assert "is not a number" in shown_error(editor.picker.error)
    add_set(editor, "NOPE", "price", "1")
    assert "not an item" in shown_error(editor.picker.error)
    assert len(editor.changes.changes) == 1


def test_delete_from_the_editor_is_undone(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.open_cr("CR-309")
    cr = stored(window).crs["CR-309"]
    window.delete_action.trigger()
    assert "CR-309" not in stored(window).crs
    window.history.undo()
    assert stored(window).crs["CR-309"] == cr
    # A CR others depend on stays, and the status bar says why.
    window.open_cr("CR-301")
    window.delete_action.trigger()
    assert "CR-301" in stored(window).crs
    assert "CR-311 depend on CR-301" in window.statusBar().currentMessage()


def test_unsaved_edits_are_not_dropped_when_another_cr_is_picked(window, monkeypatch):
    window.open_cr("CR-304")
    window.editor.form.title.setText("Half-typed")
    window.editor.form.title.textEdited.emit("Half-typed")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.timeline.on_select("CR-309")
    assert window.editor.base.key == "CR-304"
    assert window.selected_cr == "CR-304"
    assert window.editor.form.title.text() == "Half-typed"


def test_a_deployed_cr_shows_its_history_but_cannot_change(window):
    window.open_cr("CR-101")
    editor = window.editor
    assert "deployed" in editor.heading.text()
    assert not editor.form.isEnabled() and not editor.save_button.isEnabled()


def test_models_pass_the_model_tester(window, qtmodeltester):
    window.open_cr("CR-201")
    qtmodeltester.check(window.editor.changes)
    qtmodeltester.check(window.editor.history)


def test_a_change_without_from_reads_as_not_checked(window):
    window.open_cr("CR-206")  # sets SMS-FAM.text without a "from": its base is not checked
    model = window.editor.changes
    assert model.data(model.index(0, 3)) == "not checked"
    model.changes[0] = SetField("SMS-FAM", "text", "x", None)  # "from": null
    assert model.data(model.index(0, 3)) == "empty"
    assert model.changes[0].base is not UNCHECKED


def test_a_closed_editor_loads_the_selected_cr_only_when_opened(window, monkeypatch):
    reads = []
    history = window.controller.history
    monkeypatch.setattr(window.controller, "history",
                        lambda kind, key: reads.append(key) or history(kind, key))
    for key in ("CR-301", "CR-302", "CR-304"):
        window.timeline.on_select(key)  # clicking bars with the editor closed
    assert reads == []
    window.edit_action.trigger()
    assert reads == ["CR-304"]
    assert window.editor.form.key.text() == "CR-304"


def test_the_editor_opens_wide_enough_for_its_form_and_buttons(window, qtbot):
    from tests.widgets.timeline_mouse import grab_points, pixel

    window.resize(1280, 800)
    view = window.timeline
    at = pixel(view, *grab_points(view, "CR-309")["middle"]).toPoint()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at)
    QTest.keyClick(view, Qt.Key.Key_Return)  # Enter opens the selected CR
    qtbot.waitUntil(window.editor_dock.isVisible)
    qtbot.waitUntil(lambda: window.editor_dock.width() >= 460)
    dock = window.editor_dock
    save = window.editor.save_button
    right = save.mapTo(dock, save.rect().topRight()).x()
    assert 0 < right <= dock.width()  # Save is inside the dock, not cut off to the right
    bottom = save.mapTo(dock, save.rect().bottomLeft()).y()
    assert 0 < bottom <= dock.height()  # and not below its bottom edge either
