"""Benchmark: baselines and slip at 100,000 CRs (issue 24).

    .venv/bin/python benchmarks/bench_baselines.py [--crs 100000] [--runs 5] [--moves 500]

On a SQLite file: taking a baseline (capture of the plan in memory and its one-row write; the
plan is loaded once, as every command loads it anyway), the stored size of one baseline, and
`slip` (reading the baseline and the audit log's moves after it, and comparing with the plan)
after `--moves` CRs were moved. Goals: a baseline under 1 s and 20 MB; slip under 2 s.
Prints median, min and max of `--runs` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.baselines.capture import pack  # noqa: E402
from app.baselines.slip import slip  # noqa: E402
from app.baselines.take import take  # noqa: E402
from app.generate.synthetic import generate_plan  # noqa: E402
from app.model.change_set import ChangeSet, RowChange  # noqa: E402
from app.model.row_kinds import RowKind  # noqa: E402
from storage.open_store import open_store  # noqa: E402


def summary(label: str, values: list[float], unit: str = "s") -> None:
    print(f"{label}: median {statistics.median(values):.3f} {unit}, min {min(values):.3f}, "
          f"max {max(values):.3f} ({len(values)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--moves", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "plan.db"), user="bench")
        store.replace_all(generate_plan(args.crs, 1), "generate")
        snapshot = store.load()
        plan = snapshot.plan
        baselines = store.baselines()
        took = []
        for n in range(args.runs):
            start = time.perf_counter()
            taken = take(baselines, plan, f"run {n}", "bench")
            took.append(time.perf_counter() - start)
        size = len(pack(taken.content)) / 1e6
        summary(f"baseline take at {len(plan.crs):,} CRs", took)
        print(f"baseline size: {size:.2f} MB stored (zlib JSON); "
              f"file {Path(folder, 'plan.db').stat().st_size / 1e6:.1f} MB with {args.runs} "
              "baselines")
        # Move CRs between releases, one audited commit, as a deploy's slips would be.
        releases = [r.key for r in plan.planned_releases()]
        moved = []
        for cr in plan.crs.values():
            if cr.release in releases and len(moved) < args.moves:
                other = releases[(releases.index(cr.release) + 1) % len(releases)]
                moved.append(RowChange(RowKind.CR, cr.key, cr, replace(cr, release=other)))
        store.write(ChangeSet(tuple(moved)), snapshot.versions, "bench moves")
        now = store.load().plan
        slipped = []
        for _ in range(args.runs):
            start = time.perf_counter()
            base = baselines.get("run 0")
            found = slip(base, now, baselines.moves_after(base.audit_id))
            slipped.append(time.perf_counter() - start)
        summary(f"slip after {len(found['moved']):,} moves", slipped)
        loads = []
        for _ in range(args.runs):  # what every command pays before either, for scale
            start = time.perf_counter()
            store.load()
            loads.append(time.perf_counter() - start)
        summary("loading the plan (for scale, not part of the above)", loads)
        store.close()


if __name__ == "__main__":
    main()
