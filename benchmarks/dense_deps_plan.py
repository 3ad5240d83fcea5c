"""A plan file of N CRs where every CR depends on every other: the worst case for the
dependency-cycle check (issue 25 item 2: N=1,500 took 68 s and ended in a MemoryError).

    .venv/bin/python benchmarks/dense_deps_plan.py 1500 > dense-1500.json
    .venv/bin/python benchmarks/bench_cli.py -- check --plan dense-1500.json
"""

import json
import sys


def dense_deps_plan(n: int) -> dict:
    keys = [f"CR-{i:05d}" for i in range(n)]
    crs = [{"key": key, "title": f"Change {i}", "team": "T", "release": "R1",
            "stage": "approved", "depends_on": [k for k in keys if k != key]}
           for i, key in enumerate(keys)]
    return {"format": "release-plan/1",
            "settings": {"today": "2027-01-04"},
            "teams": [{"key": "T", "name": "Team"}],
            "offer_packs": [{"key": "P", "name": "Pack", "items": []}],
            "releases": [{"key": "R1", "name": "February", "go_live": "2027-02-08"}],
            "change_requests": crs}


if __name__ == "__main__":
    json.dump(dense_deps_plan(int(sys.argv[1])), sys.stdout)
