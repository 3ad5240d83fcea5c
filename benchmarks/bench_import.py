"""Benchmark: importing a Jira-shaped CSV export (issue 26).

    .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--runs 3]

Writes a ROWS-row Jira Cloud CSV of 280 columns (tests/fixtures/importing/exports.py), then
times, each in a fresh process and RUNS times (median, min, max, and the peak memory of the
process): Python's csv module merely reading the file (the floor), `import-issues --dry-run`
and `import-issues` into a fresh copy of the demo database. Goals: the dry run of 100,000
rows under 10 s and under 1 GB, the apply under 30 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures.importing import exports  # noqa: E402

# Each step runs in its own process and prints its seconds and peak memory (MB).
CSV_ONLY = """
import csv, resource, sys, time
start = time.perf_counter()
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    n = sum(1 for _ in csv.reader(f))
use = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - start, use.ru_maxrss / 1024, use.ru_utime + use.ru_stime)
"""
IMPORT = """
import contextlib, io, resource, sys, time
start = time.perf_counter()
from main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["import-issues", *sys.argv[1:]])
assert code == 0, code
use = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - start, use.ru_maxrss / 1024, use.ru_utime + use.ru_stime)
"""


def run(script: str, *args: str) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds of one step in a fresh process."""
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def stats(samples: list[tuple[float, float, float]]) -> dict:
    """Wall time, and CPU time beside it: on a shared machine the wall time also counts the
    time other people's work held the cores."""
    seconds = [s for s, _, _ in samples]
    cpu = [c for _, _, c in samples]
    return {"median_s": round(statistics.median(seconds), 3), "min_s": round(min(seconds), 3),
            "max_s": round(max(seconds), 3), "cpu_median_s": round(statistics.median(cpu), 3),
            "cpu_min_s": round(min(cpu), 3), "cpu_max_s": round(max(cpu), 3),
            "peak_mb": round(max(m for _, m, _ in samples))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        csv_path = exports.write_csv(tmp / "jira.csv", exports.jira_rows(args.rows, seed=7),
                                     "utf-8-sig")
        demo = tmp / "demo.db"
        subprocess.run([sys.executable, "main.py", "demo", "--db", str(demo)], cwd=ROOT,
                       check=True, capture_output=True)
        read = [run(CSV_ONLY, str(csv_path)) for _ in range(args.runs)]
        dry = [run(IMPORT, str(csv_path), "--db", str(demo), "--dry-run")
               for _ in range(args.runs)]
        applied = []
        for i in range(args.runs):
            db = tmp / f"apply{i}.db"
            shutil.copy(demo, db)
            applied.append(run(IMPORT, str(csv_path), "--db", str(db)))
        report = {"rows": args.rows, "columns": 280,
                  "file_mb": round(csv_path.stat().st_size / 2**20, 1),
                  "csv_module_read": stats(read), "dry_run": stats(dry),
                  "apply": stats(applied)}
        report["dry_run_over_csv_read"] = round(report["dry_run"]["median_s"]
                                                / report["csv_module_read"]["median_s"], 2)
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
