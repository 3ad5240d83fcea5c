"""Where bars sit on the timeline: lanes per team, bars ending at freeze start, never
overlapping, marked from the engine's results."""

import itertools
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.generate.synthetic import generate_plan
from app.model.errors import Refusal
from app.model.plan import Target
from app.views.timeline_layout import day_number, layout_timeline
from tests.app.plan_builder import TODAY, cr, plan, set_, team


def bars_by_cr(layout):
    return {b.cr: b for b in layout.bars}


def test_a_bar_ends_at_its_release_freeze_start_and_is_as_long_as_its_estimate():
    p = plan(cr("A", "R1", "build", hours=12), teams=[team("T", members=2)])
    bar = bars_by_cr(layout_timeline(p, TODAY))["A"]
    assert bar.end == day_number(date(2027, 1, 12))
    assert bar.end - bar.start == 1.0  # 12 h at 2 x 6 h a day


def test_tiny_estimates_stay_visible():
    bar = bars_by_cr(layout_timeline(plan(cr("A", "R1", hours=0)), TODAY))["A"]
    assert bar.end - bar.start == 0.5


def test_overlapping_bars_of_a_team_go_to_separate_rows_and_other_teams_have_own_lanes():
    p = plan(cr("A", "R1", hours=12), cr("B", "R1", hours=6), cr("C", "R2", hours=6),
             cr("D", "R1", hours=6, team="U"), teams=[team("T"), team("U")])
    layout = layout_timeline(p, TODAY)
    bars = bars_by_cr(layout)
    assert {bars["A"].row, bars["B"].row} == {0, 1}
    assert bars["C"].row == 0  # R2 is a month later: no overlap
    assert bars["D"].row == 0 and bars["D"].team == "U"
    assert [(lane.team, lane.rows) for lane in layout.lanes] == [("T", 2), ("U", 1)]


def test_unscheduled_work_is_in_the_backlog_and_cancelled_work_is_nowhere():
    layout = layout_timeline(plan(cr("A", None), cr("B", None, "cancelled"),
                                  cr("C", "R1", "cancelled")), TODAY)
    assert layout.backlog == ["A"]
    assert layout.bars == []


def test_the_layout_carries_the_engines_marks():
    p = plan(cr("A", "R1", "approved", set_("OFR", "price", "1")),
             cr("B", "R1", "approved", set_("OFR", "price", "2")),
             cr("C", "R1", "draft"), cr("D", "R1", deps=("C",)),
             cr("E", "R1", "approved", set_("EM", "subject", "x", from_="old")),
             cr("F", "R1", emergency=True, justification="outage"))
    layout = layout_timeline(p, TODAY)
    assert layout.marks["conflict"] == {"A", "B"}
    assert layout.marks["blocked"] == {"D"}
    assert layout.marks["stale"] == {"E"}
    assert bars_by_cr(layout)["F"].emergency


def test_the_demo_lays_out_every_scheduled_cr(demo):
    layout = layout_timeline(demo, demo.settings.today)
    placed = {b.cr for b in layout.bars}
    assert placed | set(layout.backlog) == {k for k, c in demo.crs.items()
                                            if c.stage != "cancelled"}
    assert [r.key for r in layout.releases] == ["R-JAN", "R-FEB", "R-MAR", "R-APR"]


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 10_000))
def test_bars_in_one_row_of_a_lane_never_overlap(seed):
    generated = generate_plan(400, seed=seed, teams=3, releases=8, items=60)
    rows: dict[tuple, list] = {}
    for bar in layout_timeline(generated, generated.settings.today).bars:
        rows.setdefault((bar.team, bar.row), []).append((bar.start, bar.end))
    for spans in rows.values():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start


def without_rows(bars):
    return sorted(bar._replace(row=0) for bar in bars)


def assert_rows_do_not_overlap(layout):
    rows: dict[tuple, list] = {}
    for bar in layout.bars:
        rows.setdefault((bar.team, bar.row), []).append((bar.start, bar.end))
    for spans in rows.values():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 10_000), st.data())
def test_a_move_changes_the_moved_bars_row_only(seed, data):
    """Random lanes, random moves: every bar that was not moved keeps its row; the moved ones
    land where a full layout would put them in time, in rows where they overlap nothing."""
    from app.engine.operations import schedule
    from app.views.timeline_layout import relayout_crs

    generated = generate_plan(data.draw(st.integers(20, 300)), seed=seed,
                              teams=data.draw(st.integers(1, 4)), releases=6, items=40)
    today = generated.settings.today
    before = layout_timeline(generated, today)
    targets = [r.key for r in generated.planned_releases()] + ["backlog"]
    moved, current = [], generated
    for key in data.draw(st.lists(st.sampled_from(sorted(generated.crs)), max_size=4)):
        try:
            current = schedule(current, key, Target.parse(data.draw(st.sampled_from(targets))),
                               today).plan
        except Refusal:  # a refused move (frozen, deployed, cancelled) changes nothing
            continue
        moved.append(key)
    quick = relayout_crs(before, generated, current, moved)
    full = layout_timeline(current, today)
    assert without_rows(quick.bars) == without_rows(full.bars)
    assert quick.backlog == full.backlog
    rows_before = {b.cr: b.row for b in before.bars}
    assert all(rows_before[b.cr] == b.row for b in quick.bars if b.cr not in moved)
    assert_rows_do_not_overlap(quick)
    assert all(lane.rows == max((b.row for b in lane.bars), default=0) + 1
               for lane in quick.lanes)
    kept = [a is b for a, b in zip(before.lanes, quick.lanes, strict=True)]
    moved_teams = {generated.crs[k].team for k in moved}
    assert all(kept[i] for i, lane in enumerate(before.lanes) if lane.team not in moved_teams)


def test_a_moved_bar_takes_the_first_row_where_it_fits_and_compacting_repacks():
    from app.engine.operations import schedule
    from app.views.timeline_layout import relayout_crs

    # A and B overlap in R1 (rows 0 and 1); C is alone in R2.
    p = plan(cr("A", "R1", hours=12), cr("B", "R1", hours=6), cr("C", "R2", hours=6))
    before = layout_timeline(p, TODAY)
    rows = {b.cr: b.row for b in before.bars}
    moved = schedule(p, rows_key(rows, 0), Target("R2"), TODAY).plan  # row 0's bar joins C in R2
    after = relayout_crs(before, p, moved, [rows_key(rows, 0)])
    placed = {b.cr: b.row for b in after.bars}
    assert placed[rows_key(rows, 1)] == 1  # the other R1 bar stays in row 1
    assert placed[rows_key(rows, 0)] == 1 and placed["C"] == 0  # row 0 is C's in R2
    assert [b.row for b in layout_timeline(moved, TODAY).bars] == [0, 1, 0]  # compacted


def rows_key(rows: dict, row: int) -> str:
    return next(k for k, r in rows.items() if r == row and k != "C")
