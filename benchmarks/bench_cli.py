"""Run one `release-planner` command --runs times as a child process and print the median,
minimum and maximum wall time and the largest peak resident memory (ru_maxrss of the child).

    .venv/bin/python benchmarks/bench_cli.py [--runs 5] -- check --plan dense-1500.json
    .venv/bin/python benchmarks/bench_cli.py -- report --plan sends-1000.json --sends -o s.ics

The exit code of each run is printed too: a refusal (exit 2) is a valid answer for `check`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(argv: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB of this child, exit code) of one run."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *argv],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    return seconds, usage.ru_maxrss / 1024, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("argv", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    argv = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
    runs = [run_once(argv) for _ in range(args.runs)]
    times = [t for t, _, _ in runs]
    print(f"{' '.join(argv)}: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s, "
          f"peak {max(m for _, m, _ in runs):.0f} MB, exit codes {sorted({c for *_, c in runs})}")


if __name__ == "__main__":
    main()
