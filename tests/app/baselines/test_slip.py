"""Slip between a baseline and now: empty when nothing changed, and the same as comparing the
plan file exported at the baseline with the one exported now."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.baselines.capture import capture, pack, unpack
from app.baselines.model import MANUAL, Baseline, Move
from app.baselines.slip import slip
from app.plan_file.document import plan_to_document

TAKEN = datetime(2027, 2, 8, 9, 0, tzinfo=UTC)


def _baseline(plan, release=None) -> Baseline:
    # Through its bytes, as the store keeps it.
    return Baseline("mon", MANUAL, release, TAKEN, "alice", 0,
                    unpack(pack(capture(plan, release))))


def _moved(plan, moves: dict):
    crs = dict(plan.crs)
    for key, target in moves.items():
        crs[key] = dataclasses.replace(crs[key], release=target)
    return dataclasses.replace(plan, crs=crs)


def test_a_baseline_of_an_unchanged_plan_gives_an_empty_slip(demo):
    found = slip(_baseline(demo), demo, [])
    assert found == {"baseline": "mon", "taken_at": TAKEN.isoformat(), "releases": [],
                     "moved": []}


def _from_files(then_doc: dict, now_doc: dict) -> tuple[dict, list]:
    """Entered, left and moved computed from two exported plan files alone."""
    then = {c["key"]: c.get("release") for c in then_doc["change_requests"]}
    now = {c["key"]: c.get("release") for c in now_doc["change_requests"]}
    per_release = {}
    for r in {r["key"] for r in then_doc["releases"]}:
        was = {k for k, v in then.items() if v == r}
        is_ = {k for k, v in now.items() if v == r}
        if was != is_:
            per_release[r] = (sorted(is_ - was), sorted(was - is_))
    moved = sorted(k for k in then if then[k] != now[k])
    return per_release, moved


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_slip_agrees_with_comparing_the_plan_files_exported_then_and_now(demo, data):
    open_crs = sorted(k for k, c in demo.crs.items() if c.stage != "deployed")
    targets = [None, *(r.key for r in demo.planned_releases())]
    moves = data.draw(st.dictionaries(st.sampled_from(open_crs), st.sampled_from(targets),
                                      max_size=8))
    now = _moved(demo, moves)
    audit = [Move(k, demo.crs[k].release, t, "bob", TAKEN + timedelta(hours=1))
             for k, t in moves.items()]
    found = slip(_baseline(demo), now, audit)
    expected, moved = _from_files(plan_to_document(demo), plan_to_document(now))
    got = {r["release"]: (r["entered"], r["left"]) for r in found["releases"]
           if r["entered"] or r["left"]}
    assert got == expected
    assert [m["cr"] for m in found["moved"]] == moved
    for m in found["moved"]:
        assert (m["from"], m["to"], m["by"]) == (demo.crs[m["cr"]].release,
                                                 now.crs[m["cr"]].release, "bob")


def test_a_moved_go_live_and_a_release_added_or_cancelled_since_say_so(demo):
    base = _baseline(demo)
    releases = dict(demo.releases)
    releases["R-MAR"] = dataclasses.replace(releases["R-MAR"], go_live=date(2027, 3, 1))
    releases["R-APR"] = dataclasses.replace(releases["R-APR"], status="cancelled")
    releases["R-MAY"] = dataclasses.replace(releases["R-APR"], key="R-MAY", status="planned",
                                            go_live=date(2027, 5, 20))
    now = dataclasses.replace(demo, releases=releases)
    found = {r["release"]: r for r in slip(base, now, [])["releases"]}
    assert found["R-MAR"]["go_live"] == {"then": "2027-02-25", "now": "2027-03-01"}
    assert found["R-APR"]["note"] == "has been cancelled since"
    assert found["R-APR"]["ships"]["now"] == []
    assert found["R-MAY"]["note"] == "did not exist at the baseline"
    assert found["R-MAY"]["go_live"]["then"] is None
    assert "R-FEB" not in found  # unchanged


def test_a_baseline_of_one_release_slips_only_that_release(demo):
    base = _baseline(demo, "R-MAR")
    now = _moved(demo, {"CR-301": "R-APR", "CR-401": "R-FEB"})
    found = slip(base, now, [])
    assert [r["release"] for r in found["releases"]] == ["R-MAR"]
    assert found["releases"][0]["left"] == ["CR-301"]
    assert [m["cr"] for m in found["moved"]] == ["CR-301"]  # CR-401 never touched R-MAR


def test_what_a_bundle_ships_then_and_now(demo):
    base = _baseline(demo)
    now = _moved(demo, {"CR-301": "R-APR"})
    mar = next(r for r in slip(base, now, [])["releases"] if r["release"] == "R-MAR")
    assert "CR-301" in mar["ships"]["then"] and "CR-301" not in mar["ships"]["now"]


def test_the_timeline_compares_with_a_baseline_by_ghosts_and_moved_go_lives(demo):
    from app.baselines.ghosts import compare
    from app.views.timeline_layout import day_number

    base = _baseline(demo)
    releases = dict(demo.releases)
    releases["R-APR"] = dataclasses.replace(releases["R-APR"], go_live=date(2027, 4, 1))
    now = dataclasses.replace(_moved(demo, {"CR-301": "R-APR", "CR-501": "R-MAR"}),
                              releases=releases)
    ghosts, moved = compare(base.content, now)
    assert [(g.cr, g.then_release) for g in ghosts] == [("CR-301", "R-MAR")]
    # R-MAR's bars ended at its freeze start then: 25 Feb less 3 days.
    assert ghosts[0].then_end == day_number(date(2027, 2, 22))
    assert [(m.release, m.then, m.now) for m in moved] == \
        [("R-APR", day_number(date(2027, 3, 25)), day_number(date(2027, 4, 1)))]
    assert compare(base.content, demo) == ([], [])
