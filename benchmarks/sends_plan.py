"""A plan file of N sends to one audience on one day, each created by its own CR of one
release: the worst case of the send calendar (every pair overlaps, one week over its cap).

    .venv/bin/python benchmarks/sends_plan.py 1000 > sends-1000.json
    farm-bench -- .venv/bin/python main.py report --plan sends-1000.json --sends -o s.ics

Issue 25 item 3: 100 sends took 1.7 s, 200 3.6 s, 400 20 s, 1,000 more than 60 s.
"""

import json
import sys


def sends_plan(n: int) -> dict:
    crs = [{"key": f"CR-{i:05d}", "title": f"Send {i}", "team": "T", "release": "R1",
            "stage": "approved",
            "changes": [{"op": "create", "item": f"EM-{i:05d}", "pack": "P", "kind": "email",
                         "name": f"Email {i}",
                         "attributes": {"audience": "everyone", "send_date": "2027-02-10"}}]}
           for i in range(n)]
    return {"format": "release-plan/1",
            "settings": {"today": "2027-01-04",
                         "communications": {"min_gap_days": 2, "max_per_week": 2}},
            "teams": [{"key": "T", "name": "Team"}],
            "offer_packs": [{"key": "P", "name": "Pack", "items": []}],
            "releases": [{"key": "R1", "name": "February", "go_live": "2027-02-08"}],
            "change_requests": crs}


if __name__ == "__main__":
    json.dump(sends_plan(int(sys.argv[1])), sys.stdout)
