"""The set-up dialogs (releases, teams, offer packs, items), opened from the Plan menu or the
timeline and filled in with the keyboard and mouse: saved as one undo step, or kept open with
the problem next to its field and nothing written."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.generate.starting_plans import demo_plan
from app.rules.permissions import Permissions
from storage.open_store import open_store
from tests.widgets.conftest import (
    action,
    make_window,
    select,
    stored_plan,
    timeline,
    wait_until,
    wait_written,
)
from widgets.common.style import SECONDS_PER_DAY
from widgets.packs.dialogs import ItemDialog, PackDialog, read_value, show_value
from widgets.setup.release_dialog import ReleaseDialog
from widgets.setup.team_dialog import TeamDialog


def setup(window):
    """The Plan menu's set-up (widgets/setup/feature.py PlanSetup): `.dialog` is the one open."""
    return window.feature("setup")


def open_from_menu(window, qtbot, name: str):
    """Trigger a Plan menu entry; the dialog it opens."""
    action(window, name).trigger()
    dialog = setup(window).dialog
    qtbot.waitExposed(dialog)
    return dialog


def type_into(widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    QTest.keyClicks(widget, text)


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def shown_problem(dialog, field: str) -> str:
    label = dialog.errors[field]
    return label.text() if label.isVisible() else ""


def undo(window, qtbot) -> None:
    """Ctrl+Z on the timeline, once the window is active again after the dialog."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(timeline(window), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_written(window)


# ---- releases ------------------------------------------------------------------------------

def test_a_new_release_is_written_and_undone(window, qtbot):
    dialog = open_from_menu(window, qtbot, "new_release")
    assert isinstance(dialog, ReleaseDialog)
    assert not dialog.cancel_release.isVisible()  # there is nothing to cancel yet
    type_into(dialog.key, "R-MAY")
    type_into(dialog.name, "May")
    dialog.freeze.setFocus()
    dialog.freeze.selectAll()
    QTest.keyClicks(dialog.freeze, "5")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    stored = stored_plan(window).releases["R-MAY"]
    assert (stored.name, stored.freeze_days, stored.status) == ("May", 5, "planned")
    assert stored.go_live > date(2027, 3, 25)  # after the last release, as proposed
    assert "R-MAY" in {r.key for r in timeline(window).layout_data.releases}
    undo(window, qtbot)
    assert "R-MAY" not in stored_plan(window).releases


def test_a_release_with_a_taken_key_or_no_name_is_not_written(window, qtbot):
    before = stored_plan(window)
    dialog = open_from_menu(window, qtbot, "new_release")
    type_into(dialog.key, "R-FEB")
    dialog.name.clear()
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert shown_problem(dialog, "key") == 'there is already a release "R-FEB"; pick another key'
    assert shown_problem(dialog, "name") == "give the release a name"
    assert stored_plan(window) == before
    dialog.reject()


def test_double_clicking_a_go_live_line_edits_that_release(window, qtbot):
    view = timeline(window)
    mark = next(r for r in view.layout_data.releases if r.key == "R-APR")
    box = view.getPlotItem().getViewBox()
    (_, _), (_, y1) = box.viewRange()
    view.getPlotItem().setXRange((mark.go_live - 20) * SECONDS_PER_DAY,
                                            (mark.go_live + 20) * SECONDS_PER_DAY, padding=0)
    QApplication.processEvents()  # the view's transform follows the new range
    point = view.mapFromScene(box.mapViewToScene(QPointF(mark.go_live * SECONDS_PER_DAY,
                                                         y1 - 0.2)))
    assert view.bars.cr_at(mark.go_live * SECONDS_PER_DAY, y1 - 0.2) is None
    # As a mouse does it: a click, then the double-click and its release (pyqtgraph reports
    # the double-click on the release).
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    dialog = setup(window).dialog
    assert isinstance(dialog, ReleaseDialog) and dialog.base.key == "R-APR"
    type_into(dialog.name, "April, later")
    dialog.go_live.setDate(dialog.go_live.date().addDays(7))
    save(qtbot, dialog)
    stored = stored_plan(window).releases["R-APR"]
    assert (stored.name, stored.go_live) == ("April, later", date(2027, 4, 1))
    undo(window, qtbot)
    assert stored_plan(window).releases["R-APR"].go_live == date(2027, 3, 25)


def test_cancelling_a_release_asks_once_moves_its_work_to_the_backlog_and_undoes(window, qtbot):
    open_work = sorted(k for k, cr in window.session.plan.crs.items()
                       if cr.release == "R-APR" and cr.stage not in ("deployed", "cancelled"))
    assert open_work
    window.workspace.edit_release.emit("R-APR")  # as a double-click on its go-live line does
    dialog = setup(window).dialog
    qtbot.mouseClick(dialog.cancel_release, Qt.MouseButton.LeftButton)
    assert dialog.confirm.isVisible() and f"Its {len(open_work)} open" in dialog.confirm.text()
    assert stored_plan(window).releases["R-APR"].status == "planned"  # asked, not done
    qtbot.mouseClick(dialog.cancel_release, Qt.MouseButton.LeftButton)
    stored = stored_plan(window)
    assert stored.releases["R-APR"].status == "cancelled"
    assert all(stored.crs[k].release is None for k in open_work)
    undo(window, qtbot)
    stored = stored_plan(window)
    assert stored.releases["R-APR"].status == "planned"
    assert all(stored.crs[k].release == "R-APR" for k in open_work)


def test_a_deployed_release_opens_read_only(window, qtbot):
    window.workspace.edit_release.emit("R-JAN")
    dialog = setup(window).dialog
    assert not dialog.name.isEnabled() and not dialog.cancel_release.isEnabled()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    assert "deployed" in dialog.general.text()
    dialog.reject()


# ---- teams -------------------------------------------------------------------------------

def test_a_new_team_gets_a_lane_and_undo_takes_it_away(window, qtbot):
    dialog = open_from_menu(window, qtbot, "new_team")
    assert isinstance(dialog, TeamDialog)
    type_into(dialog.key, "OPS")
    type_into(dialog.name, "Operations")
    dialog.members.setFocus()
    dialog.members.selectAll()
    QTest.keyClicks(dialog.members, "4")
    type_into(dialog.color, "#336699")
    save(qtbot, dialog)
    stored = stored_plan(window).teams["OPS"]
    assert (stored.name, stored.members, stored.hours_per_day, stored.color) == (
        "Operations", 4, 6, "#336699")
    assert "Operations" in [lane.name for lane in timeline(window).layout_data.lanes]
    undo(window, qtbot)
    assert "OPS" not in stored_plan(window).teams


def test_a_team_with_a_bad_colour_is_not_written_and_says_so_next_to_it(window, qtbot):
    before = stored_plan(window)
    setup(window).open(TeamDialog, "ACQ")
    dialog = setup(window).dialog
    type_into(dialog.color, "blue")
    save(qtbot, dialog)
    assert shown_problem(dialog, "color") == '"blue" is not a colour of the form #rrggbb'
    assert shown_problem(dialog, "name") == ""
    assert stored_plan(window) == before
    type_into(dialog.color, "#112233")
    save(qtbot, dialog)
    assert stored_plan(window).teams["ACQ"].color == "#112233"


# ---- offer packs and items ---------------------------------------------------------------

def test_a_new_offer_pack_and_an_item_in_it(window, qtbot):
    dialog = open_from_menu(window, qtbot, "new_pack")
    assert isinstance(dialog, PackDialog)
    type_into(dialog.key, "TV")
    type_into(dialog.name, "Television")
    save(qtbot, dialog)
    assert stored_plan(window).packs["TV"].name == "Television"
    setup(window).open(ItemDialog, None, "TV")
    item = setup(window).dialog
    type_into(item.key, "OFR-TV")
    type_into(item.name, "TV bundle")
    qtbot.mouseClick(item.add_row, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(item.add_row, Qt.MouseButton.LeftButton)
    for row, (field, value) in enumerate((("price", '"19.99"'), ("channels", "120"))):
        item.attributes.item(row, 0).setText(field)
        item.attributes.item(row, 1).setText(value)
    type_into(item.uses, "OFR-UNL")
    save(qtbot, item)
    stored = stored_plan(window).items["OFR-TV"]
    assert (stored.pack, stored.kind, stored.attributes, stored.uses) == (
        "TV", "offer", {"price": "19.99", "channels": 120}, ("OFR-UNL",))
    undo(window, qtbot)
    assert "OFR-TV" not in stored_plan(window).items
    undo(window, qtbot)
    assert "TV" not in stored_plan(window).packs


def test_an_item_using_an_unknown_item_is_not_written(window, qtbot):
    before = stored_plan(window)
    setup(window).open(ItemDialog, "EM-UNL")
    dialog = setup(window).dialog
    type_into(dialog.uses, "OFR-UNL, OFR-GHOST")
    save(qtbot, dialog)
    assert shown_problem(dialog, "uses") == 'unknown item "OFR-GHOST"'
    assert stored_plan(window) == before
    type_into(dialog.uses, "OFR-UNL")
    dialog.attributes.item(0, 1).setText("[1, 2]")  # subject: a list, not a scalar
    save(qtbot, dialog)
    assert shown_problem(dialog, "attributes") == ("subject: must be a string, number, boolean "
                                                   "or null, not a list")
    assert shown_problem(dialog, "uses") == ""
    assert stored_plan(window) == before


def test_retiring_an_item_is_one_undo_step(window, qtbot):
    setup(window).open(ItemDialog, "EM-UNL")
    dialog = setup(window).dialog
    assert dialog.retire.text() == "Retire item"
    qtbot.mouseClick(dialog.retire, Qt.MouseButton.LeftButton)
    assert stored_plan(window).items["EM-UNL"].status == "retired"
    assert window.session.history.undo_text() == "Retire item EM-UNL"
    assert action(window, "undo").text() == "Undo Retire item EM-UNL"
    undo(window, qtbot)
    assert stored_plan(window).items["EM-UNL"].status == "active"


def test_attribute_values_read_back_as_they_were_typed():
    for value in ("49.99", "plain text", 49.99, 3, True, None, "true", "", '"quoted"'):
        assert read_value(show_value(value)) == value
        assert type(read_value(show_value(value))) is type(value)


# ---- permissions -------------------------------------------------------------------------

def test_a_planner_login_sees_the_manager_actions_disabled_with_the_reason(qtbot, tmp_path,
                                                                         monkeypatch):
    store = open_store(str(tmp_path / "shared.db"), user="dana")
    store.replace_all(demo_plan(), "demo")
    monkeypatch.setattr(store, "permissions", lambda: Permissions(
        "dana", "planner", frozenset({"ACQ"}), enforced=True), raising=False)
    window = make_window(qtbot, store, "shared.db", "dana")
    wait_until(lambda: window.session.core.permissions is not None, what="the login's role")
    for name, text in (("new_release", "New release"), ("edit_team", "Edit team"),
                       ("new_item", "New item")):
        entry = action(window, name)
        assert not entry.isEnabled()
        assert entry.toolTip() == f"{text}: needs the manager role; dana is a planner of ACQ"
    wait_written(window)
    store.close()


def test_edit_release_from_the_menu_offers_the_selected_crs_release_first(window, qtbot,
                                                                         monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    asked = []

    def choose(parent, title, label, choices, current, editable):
        asked.append(choices[current])
        return choices[current], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    select(window, "CR-303")  # as a click on its bar does
    action(window, "edit_release").trigger()
    assert asked[0].startswith("R-MAR")
    assert setup(window).dialog.base.key == "R-MAR"
    setup(window).dialog.reject()


def test_edit_item_opens_the_item_chosen_in_the_offer_pack_browser(window, qtbot,
                                                                    monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    # The item is chosen in the browser already: asking again would be a step too many (and
    # a modal list would hang the test), so a question is answered with Cancel.
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: asked.append(a) or ("", False))
    window.show_panel("packs")
    browser = window.feature("packs")
    browser.refresh()
    index = browser.tree_model.index_of("OFR-SIM")
    browser.tree.scrollTo(index)
    qtbot.mouseClick(browser.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=browser.tree.visualRect(index).center())
    action(window, "edit_item").trigger()
    dialog = setup(window).dialog
    assert asked == []
    assert isinstance(dialog, ItemDialog) and dialog.base.key == "OFR-SIM"
    type_into(dialog.name, "SIM only, renamed")
    save(qtbot, dialog)
    assert stored_plan(window).items["OFR-SIM"].name == "SIM only, renamed"
