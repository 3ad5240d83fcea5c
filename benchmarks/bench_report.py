"""Benchmark: the report of a release of 2,000 CRs and 10,000 changes, in every format (the goal
is under 5 s for the PDF).

    .venv/bin/python benchmarks/bench_report.py [--crs 2000] [--changes-per-cr 5] [--seed 1]
                                                [--runs 3] [--out DIR] [--profile pdf]

A generated plan (app.generate.synthetic) of 10,000 CRs gets `--crs` of its open CRs moved into its
second planned release, approved, without dependencies and with `--changes-per-cr` changes each,
so that the release's bundle holds them all. Then, best of --runs: the report's content
(app.reports.content.build_report), the timeline image of the weeks around the release, and
each format written through app.reports.export.write_report. Files go to DIR (a temporary
folder without --out); the PDF's page count is printed. --profile FORMAT runs that format once
under cProfile and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.generate.synthetic import _change, _Dice, generate_plan  # noqa: E402
from app.reports.content import build_report  # noqa: E402
from app.reports.export import FORMATS, write_report  # noqa: E402
from app.views.timeline_layout import layout_timeline  # noqa: E402


def big_release_plan(crs: int, per_cr: int, seed: int):
    """A plan whose second planned release bundles `crs` CRs of `per_cr` changes each."""
    plan = generate_plan(max(10_000, crs * 2), seed)
    release = plan.planned_releases()[1].key
    dice = _Dice(seed)
    items = list(plan.items.values())
    by_pack: dict[str, list[str]] = {}
    for item in items:
        if item.kind == "offer":
            by_pack.setdefault(item.pack, []).append(item.key)
    packs = list(by_pack.items())
    open_crs = [cr for cr in plan.crs.values() if cr.stage not in ("deployed", "cancelled")]
    moved = {}
    for cr in open_crs[:crs]:
        changes = tuple(_change(dice, cr.key, j, items, packs) for j in range(per_cr))
        moved[cr.key] = replace(cr, release=release, stage="approved", depends_on=(),
                                changes=changes)
    # Nothing may depend on a moved CR from an earlier release: keep the bundle whole.
    crs_map = {k: (moved.get(k) or replace(cr, depends_on=tuple(d for d in cr.depends_on
                                                                if d not in moved)))
               for k, cr in plan.crs.items()}
    return replace(plan, crs=crs_map), release


def best(runs: int, action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crs", type=int, default=2000)
    parser.add_argument("--changes-per-cr", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out")
    parser.add_argument("--profile", choices=sorted(FORMATS))
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="bench-report-"))
    out.mkdir(parents=True, exist_ok=True)

    plan, release = big_release_plan(args.crs, args.changes_per_cr, args.seed)
    today = plan.settings.today
    seconds, report = best(args.runs, lambda: build_report(plan, release, today,
                                                            generated_by="bench"))
    included = report.section("included").rows
    print(f"release {release}: {len(included)} CRs included, {len(report.changes)} changes, "
          f"{report.section('conflicts').size} conflicts, "
          f"{len(report.section('warnings').rows)} warnings")
    print(f"content          {seconds:7.3f} s")

    from widgets.images.timeline_image import release_window, render_timeline

    def timeline() -> bytes:
        layout = layout_timeline(plan, today)
        return render_timeline(layout, "png", *release_window(layout, release), focus=release,
                               width=900)

    seconds, png = best(args.runs, timeline)
    print(f"timeline png     {seconds:7.3f} s  ({len(png) // 1024} KB)")
    for fmt, ext in FORMATS.items():
        path = out / f"report{ext}"
        seconds, _ = best(args.runs, lambda fmt=fmt, path=path: write_report(
            report, fmt, path, timeline_png=png))
        size = path.stat().st_size / 1e6
        print(f"{fmt:<16} {seconds:7.3f} s  ({size:.1f} MB)")
    try:
        from pypdf import PdfReader

        print(f"PDF pages: {len(PdfReader(out / 'report.pdf').pages)}")
    except ImportError:
        pass
    print(f"files in {out}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(write_report, report, args.profile,
                         out / f"profile{FORMATS[args.profile]}", timeline_png=png)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
