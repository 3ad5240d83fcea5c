"""Benchmark: `release-planner bundle --plan` on a large generated plan against parsing the same
file with the standard json module alone (DESIGN.md section 5: at most 3 times as long).

    .venv/bin/python benchmarks/bench_bundle.py [--crs 100000] [--seed 1] [--out DIR] [--runs 3]
                                                [--profile]

Generates the plan (at 100,000 CRs: 50 teams, 200 releases, 20,000 items) and writes it to
DIR/plan-<crs>-<seed>.json (a temporary directory without --out), then, best of --runs, each in
a fresh process:
- `python -c 'json.load(...)'` and `release-planner bundle --plan FILE --release <last planned
  release> --format json`, timed as whole processes (interpreter start and imports included:
  the budget's ratio);
- the same two timed inside the process (json.load alone; import of main plus main.main());
- json.load again with the cyclic collector off, as the plan loader parses (app.plan_file.bulk_load).
Peak memory is each child's largest resident set (os.wait4); the plan is generated in a child
too, so that this process stays small. The bundle must exit 0 and print
a JSON report. --profile then runs the bundle once under cProfile and prints the top functions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.generate.synthetic import generate_plan  # noqa: E402
from app.plan_file.document import write_plan  # noqa: E402

PY = sys.executable
CLI = Path(PY).parent / "release-planner"
LOAD_TIMED = ("import json, sys, time\n"
              "start = time.perf_counter()\n"
              "with open(sys.argv[1], 'rb') as f: json.load(f)\n"
              "print(time.perf_counter() - start, file=sys.stderr)\n")
LOAD_TIMED_NO_GC = "import gc; gc.disable()\n" + LOAD_TIMED
BUNDLE_TIMED = ("import sys, time\n"
                "start = time.perf_counter()\n"
                "sys.path.insert(0, sys.argv[1])\n"
                "import main\n"
                "code = main.main(sys.argv[2:])\n"
                "sys.stdout.flush()\n"
                "print(time.perf_counter() - start, file=sys.stderr)\n"
                "sys.exit(code)\n")


def run(cmd: list[str], stdout: Path) -> tuple[float, int, float, str]:
    """Wall time, exit code, peak resident MB and stderr of one child process."""
    with open(stdout, "wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return wall, child.returncode, usage.ru_maxrss / 1024, err.read().decode()


def best_of(cmd: list[str], runs: int, stdout: Path, inner: bool = False) -> dict:
    """Best wall time (and best in-process time when the child prints one), largest peak."""
    walls, inners, peak = [], [], 0.0
    for _ in range(runs):
        wall, code, mb, err = run(cmd, stdout)
        if code != 0:
            sys.exit(f"{' '.join(cmd)}: exit code {code}\n{err}")
        walls.append(wall)
        peak = max(peak, mb)
        if inner:
            inners.append(float(err.strip().splitlines()[-1]))
    return {"wall": min(walls), "inner": min(inners) if inners else None, "peak_mb": peak}


def bundle_args(path: Path, release: str) -> list[str]:
    return ["bundle", "--plan", str(path), "--release", release, "--format", "json"]


def write_generated(crs: int, seed: int, path: Path) -> None:
    """Generate and write the plan; print a summary line and the last planned release."""
    start = time.perf_counter()
    plan = generate_plan(crs, seed)
    made = time.perf_counter() - start
    write_plan(plan, path)
    written = time.perf_counter() - start - made
    print(f"plan: {len(plan.crs):,} CRs, {len(plan.teams)} teams, {len(plan.releases)} releases, "
          f"{len(plan.items):,} items; {path} {path.stat().st_size / 1e6:.1f} MB "
          f"(generated in {made:.2f} s, written in {written:.2f} s)")
    print(plan.planned_releases()[-1].key)


def make_plan(args, directory: Path) -> tuple[Path, str]:
    """Done in a child process: a child's peak resident set starts at its parent's (Linux keeps
    the high-water mark across fork and exec), so this process must stay small."""
    path = directory / f"plan-{args.crs}-{args.seed}.json"
    done = subprocess.run([PY, __file__, "--write-only", "--crs", str(args.crs), "--seed",
                           str(args.seed), "--out", str(directory)],
                          check=True, capture_output=True, text=True).stdout.splitlines()
    print(done[0])
    return path, done[1]


def profile(bundle: list[str], directory: Path) -> None:
    stats = directory / "bundle.prof"
    subprocess.run([PY, "-m", "cProfile", "-o", str(stats), str(ROOT / "main.py"), *bundle],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    import pstats

    for order in ("cumulative", "tottime"):
        print(f"\n--- cProfile of the bundle, by {order} ({stats}) ---")
        pstats.Stats(str(stats)).sort_stats(order).print_stats(25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="keep the plan file (and profile) here")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also profile the bundle")
    parser.add_argument("--write-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_only:
        write_generated(args.crs, args.seed, args.out / f"plan-{args.crs}-{args.seed}.json")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        directory = args.out or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        path, last = make_plan(args, directory)
        output = directory / f"bundle-{last}.json"
        load_cmd = [PY, "-c", LOAD_TIMED, str(path)]
        parse = best_of(load_cmd, args.runs, Path(os.devnull), inner=True)
        parse_no_gc = best_of([PY, "-c", LOAD_TIMED_NO_GC, str(path)], args.runs,
                              Path(os.devnull), inner=True)
        cli_args = bundle_args(path, last)
        cmd = ([str(CLI)] if CLI.exists() else [PY, str(ROOT / "main.py")]) + cli_args
        bundle = best_of(cmd, args.runs, output)
        inner = best_of([PY, "-c", BUNDLE_TIMED, str(ROOT), *cli_args], args.runs,
                        Path(os.devnull), inner=True)
        report = json.loads(output.read_text())
        ratio, inner_ratio = bundle["wall"] / parse["wall"], inner["inner"] / parse["inner"]
        print(f"json.load:  process {parse['wall']:.2f} s, in-process {parse['inner']:.2f} s, "
              f"peak {parse['peak_mb']:.0f} MB   ({PY} -c 'json.load(...)' FILE)")
        print(f"            with the cyclic collector off (as the bundle parses): process "
              f"{parse_no_gc['wall']:.2f} s, in-process {parse_no_gc['inner']:.2f} s")
        print(f"bundle:     process {bundle['wall']:.2f} s, in-process {inner['inner']:.2f} s, "
              f"peak {bundle['peak_mb']:.0f} MB, exit 0   ({' '.join(cmd)})")
        print(f"            {len(report['included'])} included, {len(report['excluded'])} "
              f"excluded, {len(report['held_back'])} held back, {len(report['conflicts'])} "
              f"conflicts, {len(report['changes'])} changes, {len(report['warnings'])} warnings")
        print(f"ratio (whole processes): {ratio:.2f}, goal at most 3: "
              f"{'OK' if ratio <= 3 else 'OVER BUDGET'}; in-process ratio {inner_ratio:.2f}; "
              f"against json.load with the collector off {bundle['wall'] / parse_no_gc['wall']:.2f}")
        print(f"peak memory of the bundle: {bundle['peak_mb']:.0f} MB, goal under 1024 MB: "
              f"{'OK' if bundle['peak_mb'] < 1024 else 'OVER BUDGET'}")
        if args.profile:
            profile(cli_args, directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
