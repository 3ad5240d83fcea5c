"""Benchmark: scenarios at 100,000 CRs (issue 22), on a SQLite file this script fills.

    .venv/bin/python benchmarks/bench_scenarios.py [--crs 100000] [--runs 5] [--db FILE]

Each figure is the median of --runs, with the min and max, in ms:
- create: `ScenarioCatalog.create` (what `scenario create` does after opening the database);
- switch: a window that holds the live plan switches to a scenario of 20 changes (its rows read
  and laid over the live plan held, as the picker does), the relayout of the bars it changes
  (Session.switch_store), and, for comparison, a whole load of the scenario's plan;
- move: one `schedule` through the service in a scenario and in live (as `release-planner
  schedule` does: a scoped load, the rules, one write);
- diff: `diff_plans` of all releases between live and a scenario of 20 moves, and between two
  scenarios of 20 moves each (the issue's budget: under 1 s), the plans in memory; `load_both`
  (one live load for both plans) beside it, and the whole `scenario diff A B` as a planner
  runs it (read both plans, diff, print), in this process;
- promote: deciding and writing a promotion of 20 changes, live plan in memory; and as the
  window does it (app.scenarios.promote_undo: the live plan read, decided, written), then its
  undo (Ctrl+Z: the inverse written to live, the 20 rows back in the scenario).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.edits.moves import Schedule  # noqa: E402
from app.edits.service import PlanService  # noqa: E402
from app.edits.undo import EditHistory  # noqa: E402
from app.generate.synthetic import generate_plan  # noqa: E402
from app.model.plan import Target  # noqa: E402
from app.rules.freeze import freeze_start  # noqa: E402
from app.scenarios.diff import diff_plans, diff_text  # noqa: E402
from app.scenarios.promote import choose, decide_promotion  # noqa: E402
from app.scenarios.promote_undo import PromoteScenario  # noqa: E402
from app.views.timeline_layout import layout_timeline, relayout_crs  # noqa: E402
from storage.open_store import open_store  # noqa: E402
from storage.scenario_store import ScenarioCatalog  # noqa: E402


def timed(runs: int, work, setup=lambda i: None) -> list[tuple[float, float]]:
    """(wall ms, CPU ms of this process) of each run: on a shared machine the CPU time says
    what the work costs, the wall time what it cost now."""
    out = []
    for i in range(runs):
        arg = setup(i)
        start, cpu = time.perf_counter(), time.process_time()
        work(i, arg)
        out.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
    return out


def report(name: str, runs: list[tuple[float, float]]) -> None:
    ms = [w for w, _ in runs]
    cpu = [c for _, c in runs]
    print(f"{name:50s} median {statistics.median(ms):7.1f} ms  min {min(ms):7.1f}  "
          f"max {max(ms):7.1f}  | CPU median {statistics.median(cpu):7.1f} min {min(cpu):7.1f}"
          f" max {max(cpu):7.1f}  (n={len(ms)})", flush=True)


def movable(plan, today, count: int, offset: int = 0):
    """`count` open CRs of open releases with a later open release to slip to."""
    open_releases = [r.key for r in plan.planned_releases()
                     if freeze_start(r.go_live, r.freeze_days) > today]
    later = {k: open_releases[i + 1] for i, k in enumerate(open_releases[:-1])}
    found = [c for c in plan.crs.values() if c.release in later and not c.emergency
             and c.stage not in ("deployed", "cancelled")
             and not c.depends_on and not plan.dependents().get(c.key)]
    return [(c.key, later[c.release]) for c in found[offset:offset + count]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    db = args.db or str(Path(folder) / "plan.db")
    store = open_store(db, user="bench")
    if store.is_empty():
        t0 = time.perf_counter()
        store.replace_all(generate_plan(args.crs, 1), "generated")
        print(f"filled {db} with {args.crs} CRs in {time.perf_counter() - t0:.1f} s")
    catalog = ScenarioCatalog(store)
    live = store.load()
    today = PlanService(store).today(live.plan)
    runs = args.runs

    report("create a scenario", timed(runs, lambda i, _: catalog.create(f"c{i}-{time.time()}")))

    name = f"big-{time.time()}"
    catalog.create(name)
    scenario = catalog.open(name)
    service = PlanService(scenario)
    for key, target in movable(live.plan, today, 20):
        service.run(Schedule(key, Target(target)))

    since = store.last_change_id()
    held = store.load()
    report("switch to it (20 changes over the held plan)", timed(
        runs, lambda i, _: catalog.open(name, (since, held)).load()))
    opened = catalog.open(name, (since, held))
    shown = opened.load().plan
    live_layout = layout_timeline(held.plan, today, marks={"conflict": set(), "blocked": set(),
                                                           "stale": set()})
    report("  + the window's relayout of its bars", timed(
        runs, lambda i, _: relayout_crs(live_layout, held.plan, shown,
                                        opened.overlaid.keys("cr"))))
    report("switch to it (whole load)", timed(runs, lambda i, _: scenario.load()))

    moves = movable(live.plan, today, 2 * runs, offset=20)
    report("a move in the scenario", timed(runs, lambda i, _: service.run(
        Schedule(moves[i][0], Target(moves[i][1])))))
    live_service = PlanService(store)
    report("a move in live", timed(runs, lambda i, _: live_service.run(
        Schedule(moves[runs + i][0], Target(moves[runs + i][1])))))

    _, plans = catalog.load_both(["live", name])
    a, b = plans["live"].plan, plans[name].plan
    report("diff of all releases (plans in memory)", timed(runs, lambda i, _: diff_plans(
        a, b, today)))
    other = f"other-{time.time()}"
    catalog.create(other)
    other_service = PlanService(catalog.open(other))
    for key, target in movable(live.plan, today, 20, offset=20 + 2 * runs):
        other_service.run(Schedule(key, Target(target)))
    _, both = catalog.load_both([name, other])
    sa, sb = both[name].plan, both[other].plan
    report("diff of all releases, two scenarios (in memory)", timed(
        runs, lambda i, _: diff_plans(sa, sb, today)))
    report("load_both (live + scenario, one live load)", timed(runs, lambda i, _:
                                                              catalog.load_both(["live", name])))

    def scenario_diff(_i, _arg):  # what `scenario diff A B` does after opening the database
        _, found = catalog.load_both([name, other])
        diff_text(diff_plans(found[name].plan, found[other].plan, today), name, other)

    report("scenario diff A B (read both, diff, words)", timed(runs, scenario_diff))

    def promote_setup(i):
        sname = f"p{i}-{time.time()}"
        catalog.create(sname)
        svc = PlanService(catalog.open(sname))
        for key, target in movable(store.load().plan, today, 20, offset=100 + 40 * i):
            svc.run(Schedule(key, Target(target)))
        return sname, store.load()

    def promote(_i, arg):
        sname, held = arg
        changes, _ = catalog.changes(sname)
        promotion = decide_promotion(sname, held, choose(changes, None), today)
        assert promotion.ok and len(promotion.chosen) == 20, promotion.refused
        catalog.promote(promotion, held.versions)

    report("promote 20 changes (live plan in memory)", timed(runs, promote, promote_setup))

    steps = []

    def window_promote(_i, arg):
        sname, _held = arg
        changes, _ = catalog.changes(sname)
        case = PromoteScenario(sname, frozenset((c.kind, c.key) for c in changes))
        result = case.apply(catalog.open(sname), today)
        assert result.count == 20
        history = EditHistory()
        case.settle(history, result)
        steps.append((catalog.open(sname), history))

    report("promote 20 changes from the window", timed(runs, window_promote, promote_setup))

    def undo(i, _arg):
        scenario_store, history = steps[i]
        case = history.undo_case()
        case.settle(history, case.apply(scenario_store, today))

    report("  its undo (Ctrl+Z)", timed(runs, undo))
    store.close()


if __name__ == "__main__":
    main()
