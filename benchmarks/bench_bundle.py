"""Benchmark: `release-planner bundle --plan` on a large generated plan against parsing the same
file with the standard json module alone (DESIGN.md section 5: at most 3 times as long).

    .venv/bin/python benchmarks/bench_bundle.py [--crs 100000] [--seed 1] [--runs 3]

Both are timed as whole processes (interpreter start included), best of --runs; peak memory is
the largest resident set of any child process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.generator import generate_plan  # noqa: E402
from app.plan_file import write_plan  # noqa: E402


def best_of(cmd: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.json"
        start = time.perf_counter()
        plan = generate_plan(args.crs, args.seed)
        write_plan(plan, path)
        made = time.perf_counter() - start
        last = plan.planned_releases()[-1].key
        print(f"plan: {len(plan.crs)} CRs, {len(plan.teams)} teams, {len(plan.releases)} "
              f"releases, {len(plan.items)} items; {path.stat().st_size / 1e6:.1f} MB "
              f"(generated and written in {made:.1f} s)")
        del plan
        parse = best_of([sys.executable, "-c",
                         "import json, sys; json.load(open(sys.argv[1], 'rb'))", str(path)],
                        args.runs)
        bundle = best_of([sys.executable, str(ROOT / "main.py"), "bundle", "--plan", str(path),
                          "--release", last, "--format", "json"], args.runs)
        out = subprocess.run([sys.executable, str(ROOT / "main.py"), "bundle", "--plan",
                              str(path), "--release", last, "--format", "json"],
                             check=True, capture_output=True, text=True, cwd=ROOT).stdout
        report = json.loads(out)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    ratio = bundle / parse
    print(f"json.load alone:        {parse:.2f} s")
    print(f"bundle --release {last}: {bundle:.2f} s "
          f"({len(report['included'])} included, {len(report['excluded'])} excluded, "
          f"{len(report['held_back'])} held back, {len(report['warnings'])} warnings)")
    print(f"ratio: {ratio:.2f} (goal: at most 3.00) {'OK' if ratio <= 3 else 'OVER BUDGET'}")
    print(f"peak memory of a child process: {peak_mb:.0f} MB (goal: under 1024 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
