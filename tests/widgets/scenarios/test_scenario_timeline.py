"""A scenario on the timeline and the board (issue 22), with real mouse and keyboard events: the
bars and cards it changed are marked and the views are tinted while the window works in it
(light and dark), nothing of it in live; the compared plan's bars as grey ghosts behind the
live ones, following edits, gone on a switch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from tests.widgets.conftest import action, board, timeline, wait_loaded, wait_until, wait_written
from tests.widgets.scenarios.test_scenarios_gui import _pick, _picker, _scenario
from tests.widgets.timeline_mouse import drag_to, go_live_x, grab_points, pixel, release_mark
from widgets.common.palette import DARK, luminance, scenario_tint
from widgets.common.style import SCENARIO_AMBER, SECONDS_PER_DAY


def _switch(window, qtbot, name: str) -> None:
    _pick(qtbot, _picker(window), name)
    wait_until(lambda: window.feature("scenarios").current == name, what=f"the switch to {name}")
    wait_loaded(window)


def _drag_bar(window, cr: str, release: str) -> None:
    view = timeline(window)
    view.centre_on(cr)
    QApplication.processEvents()
    start = grab_points(view, cr)["middle"]
    drag_to(view, start, (go_live_x(view, release), start[1]))
    wait_written(window)


def _amber_pixels(image, box) -> int:
    """Pixels of `box` (device pixels) that are the scenario's amber, or the darker amber a
    light background gets."""
    count = 0
    for x in range(max(0, int(box.left())), min(image.width(), int(box.right()) + 1)):
        for y in range(max(0, int(box.top())), min(image.height(), int(box.bottom()) + 1)):
            hue, saturation, value, _ = QColor(image.pixel(x, y)).getHsv()
            count += 25 <= hue <= 45 and saturation > 150 and value > 120
    return count


def _bar_surroundings(view, cr: str) -> QRectF:
    rect = view.bars.rect_of(cr)
    a, b = pixel(view, rect.left(), rect.top()), pixel(view, rect.right(), rect.bottom())
    return QRectF(a, b).adjusted(-6, -6, 6, 6)


def _share(image, color: QColor) -> float:
    """The share of `image` (sampled every 3 pixels) that is exactly `color`."""
    rgb = color.rgb()
    points = [(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)]
    return sum(image.pixel(x, y) == rgb for x, y in points) / len(points)


def _grab(view):
    QApplication.processEvents()
    return view.grab().toImage()


def test_a_move_in_a_scenario_marks_its_bar_and_card_at_once_and_live_shows_none(window,
                                                                                   qtbot):
    _scenario(window, "april")
    view = timeline(window)
    assert view.bars.scenario_crs == frozenset()
    _drag_bar(window, "CR-301", "R-APR")
    assert view.bars.scenario_crs == {"CR-301"}
    view.centre_on("CR-301")
    assert _amber_pixels(_grab(view), _bar_surroundings(view, "CR-301")) > 20
    view.centre_on("CR-309")  # not changed in the scenario: no frame
    assert _amber_pixels(_grab(view), _bar_surroundings(view, "CR-309")) == 0
    # The board marks the card: an amber top edge and the word "scenario".
    cards = board(window)
    window.pages.setCurrentWidget(cards)
    wait_until(lambda: cards.card_rect("CR-301") is not None, what="the card on the board")
    card = cards.card_rect("CR-301")
    image = cards.viewport().grab().toImage()
    assert _amber_pixels(image, QRectF(card.left() + 8, card.top(), card.width() - 16, 3)) > 50
    other = cards.card_rect("CR-309")
    assert other is not None and _amber_pixels(
        image, QRectF(other.left() + 8, other.top(), other.width() - 16, 3)) == 0
    window.pages.setCurrentWidget(window.feature("timeline"))
    # Back in live: no marks anywhere.
    _switch(window, qtbot, "live")
    assert view.bars.scenario_crs == frozenset()
    view.centre_on("CR-301")
    assert _amber_pixels(_grab(view), _bar_surroundings(view, "CR-301")) == 0


def test_an_undo_takes_the_mark_away_and_a_second_move_adds_one(window, qtbot):
    _scenario(window, "april")
    view = timeline(window)
    _drag_bar(window, "CR-301", "R-APR")
    _drag_bar(window, "CR-309", "R-APR")
    assert view.bars.scenario_crs == {"CR-301", "CR-309"}
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_written(window)
    assert window.session.plan.crs["CR-309"].release == "R-MAR"
    assert view.bars.scenario_crs == {"CR-301"}  # back to live's value: nothing changed
    # Read again from the database (as after a promotion), the marks are the same.
    window.session.load()
    wait_loaded(window)
    wait_until(lambda: window.workspace.scenario_crs == {"CR-301"}, what="the marks read")


def test_the_timeline_and_the_board_are_tinted_in_a_scenario_only(window, qtbot):
    view, cards = timeline(window), board(window)
    paper = view.backgroundBrush().color()
    _scenario(window, "april")
    tint = scenario_tint(paper, SCENARIO_AMBER)
    assert view.backgroundBrush().color() == tint != paper
    assert _share(_grab(view), tint) > 0.05  # around the lanes' faint team bands
    assert "changed in this scenario" in window.feature("timeline").legend.text()
    window.pages.setCurrentWidget(cards)
    QApplication.processEvents()
    corner = cards.viewport().grab().toImage().pixel(5, cards.viewport().height() - 5)
    assert QColor(corner) == scenario_tint(cards.palette().window().color(), SCENARIO_AMBER)
    _switch(window, qtbot, "live")
    assert QColor(cards.viewport().grab().toImage().pixel(
        5, cards.viewport().height() - 5)) == cards.palette().window().color()
    window.pages.setCurrentWidget(window.feature("timeline"))
    assert view.backgroundBrush().color() == paper
    image = _grab(view)
    assert _share(image, tint) == 0 and _share(image, paper) > 0.05
    assert "changed in this scenario" not in window.feature("timeline").legend.text()


def test_the_tint_reads_as_amber_on_a_dark_palette(window, qtbot):
    dark = QPalette(window.palette())
    for role, color in DARK.items():
        dark.setColor(role, QColor(color))
    window.setPalette(dark)
    view = timeline(window)
    view.setBackground(view.palette().color(view.backgroundRole()))
    paper = view.backgroundBrush().color()
    _scenario(window, "april")
    tint = view.backgroundBrush().color()
    assert tint != paper and luminance(tint) < 0.18  # still a dark background
    assert tint.red() > paper.red() and tint.blue() <= paper.blue() + 2  # warmer: amber
    assert _share(_grab(view), tint) > 0.05


# ---- the compared plan as ghosts -----------------------------------------------------------


def _compare(window, qtbot, names):
    page = window.feature("compare").page
    window.pages.setCurrentWidget(page)
    wait_until(lambda: all(p.findText(n) >= 0 for p, n in zip(page.pickers, names, strict=False)),
               what="the names offered")
    for picker, name in zip(page.pickers, names, strict=False):
        _pick(qtbot, picker, name)
    qtbot.mouseClick(page.findChild(QPushButton, "compare-button"), Qt.MouseButton.LeftButton)
    wait_until(lambda: page.table.columnCount() == len(names), what="the comparison")
    return page


def _show_ghosts(window, qtbot, page, name: str):
    combo = page.findChild(QComboBox, "ghost-picker")
    _pick(qtbot, combo, name)
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # activated, as a click on the entry does
    layer = window.feature("compare").ghosts
    ghosts = layer.overlay
    wait_until(lambda: layer.name == name and not window.session.busy(),
               what="the ghosts")
    window.pages.setCurrentWidget(window.feature("timeline"))
    QApplication.processEvents()
    return ghosts


def test_the_compared_scenarios_bars_show_as_ghosts_behind_the_live_ones(window, qtbot):
    _scenario(window, "april")
    _drag_bar(window, "CR-301", "R-APR")
    _switch(window, qtbot, "live")
    page = _compare(window, qtbot, ["live", "april"])
    ghosts = _show_ghosts(window, qtbot, page, "april")
    view = timeline(window)
    ((cr, ghost, now),) = ghosts.places()
    assert cr == "CR-301"
    # Where april puts it: ending at R-APR's freeze start, as long as its bar, in its lane.
    assert ghost.right() == release_mark(view, "R-APR").freeze_start * SECONDS_PER_DAY
    assert ghost.width() == pytest.approx(now.width())
    lane = next(n for n, lb in enumerate(view.bars.lanes)
                if lb.lane.team == window.session.plan.crs["CR-301"].team)
    assert view.bars.tops[lane] <= ghost.top() < view.bars.tops[lane] + view.bars.heights[lane]
    assert now.right() == release_mark(view, "R-MAR").freeze_start * SECONDS_PER_DAY
    assert ghosts.zValue() < view.bars.zValue()  # behind the bars
    assert "1 change request" in page.ghost_note.text()
    # Grey where no bar covers it.
    view.getPlotItem().setXRange(ghost.left() - 5 * SECONDS_PER_DAY,
                                 ghost.right() + 5 * SECONDS_PER_DAY, padding=0)
    view.scroll_rows_to(ghost.top() - 2)
    uncovered = [QPointF(ghost.left() + ghost.width() * f / 10, ghost.center().y())
                 for f in range(1, 10)]
    uncovered = [p for p in uncovered if view.bars.cr_at(p.x(), p.y()) is None]
    assert uncovered  # some of the ghost shows beside the bars
    grey = QColor(_grab(view).pixel(pixel(view, uncovered[0].x(), uncovered[0].y()).toPoint()))
    assert abs(grey.red() - grey.blue()) < 12 and abs(grey.red() - grey.green()) < 12
    # The real bar is still what a drag moves: the live move to April leaves no ghost.
    _drag_bar(window, "CR-301", "R-APR")
    assert window.session.plan.crs["CR-301"].release == "R-APR"
    wait_until(lambda: ghosts.places() == [] and not window.session.busy(),
               what="the ghost gone")
    assert "places every bar where the timeline has it" in page.ghost_note.text()


def test_ghosts_of_live_beside_a_scenario_follow_its_edits_and_go_on_a_switch(window, qtbot):
    _scenario(window, "april")
    _drag_bar(window, "CR-301", "R-APR")
    page = _compare(window, qtbot, ["april", "live"])
    ghosts = _show_ghosts(window, qtbot, page, "live")
    view = timeline(window)
    ((cr, ghost, _now),) = ghosts.places()
    assert cr == "CR-301"
    assert ghost.right() == release_mark(view, "R-MAR").freeze_start * SECONDS_PER_DAY
    # A second move in the scenario: live keeps that bar where it was, a ghost there too.
    _drag_bar(window, "CR-309", "R-APR")
    wait_until(lambda: len(ghosts.places()) == 2 and not window.session.busy(),
               what="a second ghost")
    assert {c for c, _, _ in ghosts.places()} == {"CR-301", "CR-309"}
    # Switching plan takes them away.
    _switch(window, qtbot, "live")
    assert ghosts.places() == [] and window.feature("compare").ghosts.name == ""
    assert page.findChild(QComboBox, "ghost-picker").currentText() == "\u2014"


def test_the_ghosts_can_be_turned_off(window, qtbot):
    _scenario(window, "april")
    _drag_bar(window, "CR-301", "R-APR")
    _switch(window, qtbot, "live")
    page = _compare(window, qtbot, ["live", "april"])
    ghosts = _show_ghosts(window, qtbot, page, "april")
    assert ghosts.places()
    action(window, "scenario-ghosts-off").trigger()
    assert ghosts.places() == [] and ghosts.boundingRect().isEmpty()
    # and from the page: none chosen
    _show_ghosts(window, qtbot, page, "april")
    assert ghosts.places()
    window.pages.setCurrentWidget(page)
    combo = page.findChild(QComboBox, "ghost-picker")
    _pick(qtbot, combo, "\u2014")
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert ghosts.places() == []
