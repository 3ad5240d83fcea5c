"""The slip as CSV (`report --since BASELINE -o FILE.csv`): one row per CR that entered or left
a release, stopped or started shipping with it, or moved; UTF-8 with a header row."""

from __future__ import annotations

import csv
import io

from app.reports.cells import formula_safe

HEADER = ("baseline", "taken_at", "release", "what", "cr", "from", "to", "by", "at")


def slip_rows(found: dict) -> list[tuple]:
    base = (found["baseline"], found["taken_at"])
    rows = []
    now_in = {m["cr"]: m["to"] or "" for m in found["moved"]}
    for r in found["releases"]:
        key = r["release"]
        gl = r["go_live"]
        if gl["then"] != gl["now"]:
            rows.append((*base, key, "go-live", "", gl["then"] or "", gl["now"] or "", "", ""))
        rows += [(*base, key, "entered", cr, "", key, "", "") for cr in r["entered"]]
        rows += [(*base, key, "left", cr, key, now_in.get(cr, ""), "", "") for cr in r["left"]]
        then, now = set(r["ships"]["then"]), set(r["ships"]["now"])
        rows += [(*base, key, "ships now", cr, "", "", "", "") for cr in sorted(now - then)]
        rows += [(*base, key, "no longer ships", cr, "", "", "", "") for cr in sorted(then - now)]
    rows += [(*base, "", "moved", m["cr"], m["from"] or "", m["to"] or "", m["by"] or "",
              m["at"] or "") for m in found["moved"]]
    return rows


def write_slip_csv(found: dict, out) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows([formula_safe(str(c)) for c in row] for row in slip_rows(found))
    text.flush()
    text.detach()
