"""What a planner reads without hovering: each bar's key, the month and year on the axis, and
text and marks legible in both palettes."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.widgets.conftest import preview, timeline
from widgets.common.palette import DARK, contrast, readable
from widgets.common.style import STAGE_COLORS, legend_html, text_on
from widgets.timeline.backdrop import MUTED, TODAY


def visible_crs(view) -> set[str]:
    (x0, x1), (y0, y1) = view.getPlotItem().viewRange()
    out = set()
    for bar in view.bars.bars:
        rect = view.bars.rect_of(bar.cr)
        if rect is not None and rect.right() > x0 and rect.left() < x1 and rect.top() > y0 \
                and rect.bottom() < y1:
            out.add(bar.cr)
    return out


def test_on_the_demo_every_bar_in_view_shows_its_key(window):
    view = timeline(window)
    view.grab()  # paint a frame
    shown = visible_crs(view)
    assert len(shown) > 20
    labelled = view.bars.last_labels
    assert shown <= set(labelled)
    assert all(labelled[cr].startswith(cr) for cr in shown)
    assert sum("  " in labelled[cr] for cr in shown) > len(shown) / 2  # most with a title


def axis_labels(view) -> list[str]:
    axis = view.getPlotItem().getAxis("bottom")
    (x0, x1), _ = view.getPlotItem().viewRange()
    levels = axis.tickValues(x0, x1, axis.width())
    return axis.tickStrings(levels[0][1], 1, levels[0][0])


@pytest.mark.parametrize("days", [7, 31, 92, 366, 1500])
def test_the_axis_always_shows_the_month_and_the_year(window, days):
    view = timeline(window)
    view.show_days(days)
    labels = axis_labels(view)
    assert labels
    year = re.compile(r"20\d\d")
    assert all(year.search(label) for label in labels)
    if days <= 366:
        assert all(re.search(r"[A-Z][a-z]{2}", label) for label in labels)
    if days == 7:
        assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} 20\d\d", labels[0])


def backgrounds() -> dict[str, QColor]:
    light = QApplication.style().standardPalette().color(QPalette.ColorRole.Window)
    return {"light": light, "dark": QColor(DARK[QPalette.ColorRole.Window])}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_marks_and_labels_reach_4_5_to_1_in_both_palettes(theme):
    paper = backgrounds()[theme]
    legend = re.findall(r"color:(#[0-9a-f]{6})", legend_html(paper))
    assert len(legend) == 4  # conflict, blocked, stale base, red edge
    for color in legend:
        assert contrast(QColor(color), paper) >= 4.5
    for color in (TODAY, MUTED):  # the today label, deployed releases' labels
        assert contrast(readable(color, paper), paper) >= 4.5
    for fill in STAGE_COLORS.values():
        assert contrast(text_on(fill), QColor(fill)) >= 4.5


def test_clicking_a_release_label_opens_its_bundle_preview(window, qtbot):
    view = timeline(window)
    view.viewport().repaint()
    rect = next(r for r, key in view.backdrop.label_rects if key == "R-MAR")
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     rect.center().toPoint())
    qtbot.waitUntil(window.docks["preview"].isVisible)
    assert preview(window).release.currentData() == "R-MAR"



def test_while_a_plan_loads_the_axis_shows_no_dates_of_1970(qtbot, tmp_path):
    from storage.open_store import open_store
    from widgets.session.session import Session
    from widgets.shell.features import FEATURES
    from widgets.shell.main_window import MainWindow

    store = open_store(str(tmp_path / "plan.db"), user="tester")
    win = MainWindow(Session(store), [make() for make in FEATURES], "plan.db", "tester")
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)  # shown, its plan not read yet
    view = timeline(win)
    axis = view.getPlotItem().getAxis("bottom")
    (x0, x1), _ = view.getPlotItem().viewRange()
    ((spacing, values),) = axis.tickValues(x0, x1, 800)
    assert values and not "".join(axis.tickStrings(values, 1, spacing)).strip()  # no 1970 dates
    store.close()
