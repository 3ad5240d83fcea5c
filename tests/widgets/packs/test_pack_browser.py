"""The offer-pack browser on the demo database: what a planner sees of an offer pack, the work
of several teams on one field, the assets to review, and how the shared filter narrows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest

from app.edits.moves import Schedule
from app.edits.releases import Deploy
from app.model.plan import Target
from app.plan_file.document import read_plan
from app.views.cr_filter import CrFilter
from storage.open_store import open_store
from tests.conftest import ROOT
from tests.widgets.conftest import wait_until
from widgets.packs.browser import PackBrowser
from widgets.packs.cells import CLASH, muted
from widgets.session.session import Session

DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def browser(qtbot, tmp_path):
    store = open_store(str(tmp_path / "plan.db"), user="tester")
    store.replace_all(read_plan(ROOT / "resources" / "demo_plan.json"), "demo")
    session = Session(store)
    widget = PackBrowser(session)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    session.load()
    # The browser follows the session by itself, just after the window has repainted.
    qtbot.waitUntil(lambda: widget.tree_model.rowCount() == 2)
    yield widget
    wait_until(session.idle, what="the session's writes")
    store.close()


def text(model, row, column, parent=QModelIndex(), role=DISPLAY):  # noqa: B008
    return model.data(model.index(row, column, parent), role)


def column(model, name):
    return model.HEADERS.index(name)


def tree_items(browser, pack):
    model = browser.tree_model
    row = [p.key for p in model.packs].index(pack)
    parent = model.index(row, 0)
    return {text(model, r, 0, parent): text(model, r, column(model, "Status"), parent)
            for r in range(model.rowCount(parent))}


def field_rows(browser, field):
    """(CR, team, release, new value) of every row of `field` in the fields table."""
    model = browser.fields_model
    rows = [r for r in model.rows if r.field == field]
    return [(r.work.cr, r.work.team, r.work.release or "backlog",
             text(model, model.rows.index(r), column(model, "New value")))
            for r in rows if r.work]


def double_click(view, index):
    """As a mouse does it: press and release, then the double-click (QTest.mouseDClick alone
    sends only the last, which an item view ignores without the press before it)."""
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_the_tree_lists_each_pack_with_its_live_and_coming_items(browser):
    model = browser.tree_model
    assert [text(model, r, 0) for r in range(model.rowCount())] == ["MOB", "BB"]
    mobile = tree_items(browser, "MOB")
    assert len(mobile) == 17  # 11 live items, 6 that pending CRs create
    assert mobile["OFR-UNL"] == "active"
    assert mobile["AD-VID"] == "new (CR-308)"
    assert mobile["EM-XMAS"] == "retiring (CR-208)"
    assert browser.tree.isExpanded(model.index(0, 0))


def test_two_teams_changing_the_unlimited_price_stand_out(browser):
    browser.select_item("OFR-UNL")
    model = browser.fields_model
    assert field_rows(browser, "price") == [("CR-201", "ACQ", "R-FEB", '"44.99"'),
                                            ("CR-303", "RET", "R-MAR", '"47.99"')]
    first = next(i for i, r in enumerate(model.rows) if r.field == "price")
    note = model.index(first, column(model, "Concurrent work"))
    assert note.data() == "2 teams change this"
    assert note.data(Qt.ItemDataRole.FontRole).bold()
    assert note.data(Qt.ItemDataRole.BackgroundRole) == CLASH
    assert model.index(first + 1, 3).data(Qt.ItemDataRole.BackgroundRole) == CLASH
    assert "CR-201 (ACQ, R-FEB, approved)" in note.data(TOOLTIP)
    assert "CR-303 (RET, R-MAR, approved)" in note.data(TOOLTIP)
    assert model.index(first, column(model, "In production")).data() == '"49.99"'
    assert "concurrent work on price" in browser.title.text()
    # One team alone on the headline: nothing to flag.
    headline = next(i for i, r in enumerate(model.rows) if r.field == "headline")
    assert model.index(headline, 1).data() == ""
    assert model.index(headline, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    # The tree follows the selection, and flags the offer there too.
    current = browser.tree.currentIndex()
    assert browser.tree_model.item_at(current).key == "OFR-UNL"
    count = current.siblingAtColumn(browser.tree_model.COUNT)
    assert count.data() == "3"
    assert count.data(Qt.ItemDataRole.BackgroundRole) == CLASH


def test_equal_values_of_two_teams_are_noted_but_not_flagged(browser):
    browser.select_item("PDF-MOB")
    model = browser.fields_model
    row = next(i for i, r in enumerate(model.rows) if r.field == "version")
    assert model.index(row, 1).data() == "2 teams, same value"
    assert model.index(row, 1).data(Qt.ItemDataRole.BackgroundRole) is None


def test_an_offer_lists_the_assets_to_review_and_leads_to_them(browser, qtbot):
    browser.select_item("OFR-UNL")
    users = browser.used_by_model
    assert [text(users, r, 0) for r in range(users.rowCount())] == [
        "AD-UNL", "AD-VID", "EM-LOY", "EM-UNL", "EM-XMAS", "LP-UNL", "PDF-MOB"]
    assert text(users, 1, 3) == "new (CR-308)"
    assert browser.used_by_box.isVisible()
    assert "7 active items to review" in browser.used_by_label.text()
    double_click(browser.used_by, users.index(3, 0))  # EM-UNL
    assert browser.current == "EM-UNL"
    assert 'href="OFR-UNL"' in browser.title.text()  # the email says what it is built on
    assert not browser.used_by_box.isVisible()  # nothing is built on an email


def test_double_clicking_a_change_emits_its_cr(browser, qtbot):
    browser.select_item("OFR-UNL")
    model = browser.fields_model
    row = next(i for i, r in enumerate(model.rows) if r.work and r.work.cr == "CR-303")
    with qtbot.waitSignal(browser.cr_activated) as signal:
        double_click(browser.fields, model.index(row, column(model, "CR")))
    assert signal.args == ["CR-303"]


def test_the_shared_filter_narrows_packs_items_and_work(browser, qtbot):
    session = browser.session
    session.set_filter(CrFilter(pack="BB"))
    qtbot.waitUntil(lambda: [p.key for p in browser.tree_model.packs] == ["BB"])
    session.set_filter(CrFilter(text="fibre 9"))
    qtbot.waitUntil(lambda: len(tree_items(browser, "BB")) == 1)
    assert set(tree_items(browser, "BB")) == {"OFR-FIB9"}  # "Full Fibre 900"
    session.set_filter(CrFilter(team="RET"))
    qtbot.waitUntil(lambda: browser.tree_model.rowCount() == 2)
    browser.select_item("OFR-UNL")
    assert field_rows(browser, "price") == [("CR-303", "RET", "R-MAR", '"47.99"')]
    model = browser.fields_model
    row = next(i for i, r in enumerate(model.rows) if r.field == "price")
    # The other team's work is out of sight, but the clash is not hidden.
    assert model.index(row, 1).data() == "2 teams change this (1 filtered out)"
    assert model.index(row, 1).data(Qt.ItemDataRole.BackgroundRole) == CLASH
    assert "3 open CRs, 2 of them shown by the filter" in browser.title.text()


def test_an_item_the_filter_hides_can_still_be_shown(browser, qtbot):
    browser.session.set_filter(CrFilter(pack="BB"))
    qtbot.waitUntil(lambda: browser.tree_model.rowCount() == 1)
    browser.select_item("OFR-UNL")
    assert browser.current == "OFR-UNL"
    assert field_rows(browser, "price")
    assert not browser.tree.selectionModel().hasSelection()


def test_deploying_a_release_updates_values_and_retires_what_it_retired(browser, qtbot):
    browser.select_item("OFR-UNL")
    session = browser.session
    deployed = session.run(Deploy("R-FEB"))
    assert deployed.release == "R-FEB"
    wait_until(session.idle, what="the deployment's write")
    qtbot.waitUntil(lambda: tree_items(browser, "MOB")["EM-XMAS"] == "retired")
    model = browser.fields_model
    row = next(i for i, r in enumerate(model.rows) if r.field == "price")
    assert model.index(row, column(model, "In production")).data() == '"44.99"'
    assert field_rows(browser, "price") == [("CR-303", "RET", "R-MAR", '"47.99"')]
    assert model.index(row, 1).data() == ""  # one team left on the price
    users = browser.used_by_model
    assert "EM-XMAS" not in [text(users, r, 0) for r in range(users.rowCount())]
    tree = browser.tree_model
    xmas = tree.index_of("EM-XMAS")
    assert xmas.data(Qt.ItemDataRole.ForegroundRole) == muted()  # greyed


def test_a_hidden_browser_catches_up_when_it_is_shown(browser, qtbot):
    browser.select_item("OFR-UNL")
    browser.hide()  # a closed or tabbed-away dock
    assert browser.session.run(Schedule("CR-303", Target.backlog())).changes
    browser.show()
    qtbot.waitUntil(lambda: field_rows(browser, "price")[-1][2] == "backlog")
    assert field_rows(browser, "price") == [("CR-201", "ACQ", "R-FEB", '"44.99"'),
                                            ("CR-303", "RET", "backlog", '"47.99"')]


def test_the_models_keep_qts_model_rules(browser, qtmodeltester):
    browser.select_item("OFR-UNL")
    qtmodeltester.check(browser.tree_model)
    qtmodeltester.check(browser.fields_model)
    qtmodeltester.check(browser.used_by_model)
