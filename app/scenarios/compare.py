"""The compare view's data (issue 22): up to four plans (live and scenarios) side by side,
release by release: what each ships, what it does not and why, and where each differs from
the first (the one compared against)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.engine.bundle import compute_bundles
from app.model.plan import Plan

MAX_COMPARED = 4


@dataclass(frozen=True, slots=True)
class Column:
    """One plan's side of one release; `planned`: False where the release is not planned in
    this plan (it ships nothing here)."""

    planned: bool
    go_live: date | None
    included: tuple[str, ...]
    excluded: tuple[tuple[str, str], ...]  # (cr, reason)
    only_here: tuple[str, ...]  # ships here, not in the first plan
    missing_here: tuple[str, ...]  # ships in the first plan, not here

    @property
    def differs(self) -> bool:
        return bool(self.only_here or self.missing_here)


@dataclass(frozen=True, slots=True)
class CompareRow:
    release: str
    columns: tuple[Column, ...]  # in the order of the plans


def compare_plans(plans: list[Plan]) -> list[CompareRow]:
    """One row per release planned in any of `plans`, in release order."""
    if not 1 <= len(plans) <= MAX_COMPARED:
        raise ValueError(f"compare 1 to {MAX_COMPARED} plans, not {len(plans)}")
    bundles = [compute_bundles(p) for p in plans]
    keys = dict.fromkeys(k for b in bundles for k in b)

    def when(key):
        return min((p.releases[key].go_live, key) for p in plans if key in p.releases)

    rows = []
    for key in sorted(keys, key=when):
        first = set(bundles[0][key].included) if key in bundles[0] else set()
        columns = []
        for plan, found in zip(plans, bundles, strict=True):
            bundle = found.get(key)
            release = plan.releases.get(key)
            shipped = set(bundle.included) if bundle else set()
            columns.append(Column(
                bundle is not None, release.go_live if release else None,
                bundle.included if bundle else (),
                tuple((e.cr, e.reason) for e in bundle.excluded) if bundle else (),
                tuple(sorted(shipped - first)), tuple(sorted(first - shipped))))
        rows.append(CompareRow(key, tuple(columns)))
    return rows
