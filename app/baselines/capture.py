"""What a baseline records of a plan (app.baselines.model says the shape), and its bytes.

Only what slip compares is kept, so that a 100,000-CR plan is recorded in well under a second
and a few hundred kilobytes: each CR's target, each release's dates, status and what its bundle
ships (planned: SPEC.md section 2; deployed: the CRs deployed with it), and for the release a
baseline is of, a digest of what its bundle does to each item.
"""

from __future__ import annotations

import hashlib
import json
import zlib

from app.engine.bundle import compute_bundles
from app.model.plan import Plan


def capture(plan: Plan, release: str | None = None) -> dict:
    bundles = compute_bundles(plan)
    deployed: dict[str, list[str]] = {}
    for cr in plan.crs.values():
        if cr.stage == "deployed" and cr.release is not None:
            deployed.setdefault(cr.release, []).append(cr.key)
    releases = {}
    for r in plan.releases.values():
        ships = (list(bundles[r.key].included) if r.status == "planned"
                 else sorted(deployed.get(r.key, ())))
        releases[r.key] = {"name": r.name, "go_live": r.go_live.isoformat(),
                           "freeze_days": r.freeze_days, "status": r.status, "ships": ships}
    content = {"releases": releases,
               "crs": {cr.key: cr.release for cr in plan.crs.values()},
               "items": {}}
    if release is not None and release in releases:
        content["items"][release] = item_digests(plan, releases[release]["ships"])
    return content


def item_digests(plan: Plan, ships) -> dict[str, str]:
    """For each item the shipped CRs change: a short digest of those changes (CR key order,
    each CR's changes as listed), so two moments compare item by item."""
    per_item: dict[str, list] = {}
    for key in sorted(ships):
        for ch in plan.crs[key].changes:
            to = getattr(ch, "to", None) if ch.op == "set" else \
                (ch.attributes if ch.op == "create" else None)
            per_item.setdefault(ch.item, []).append(
                [key, ch.op, getattr(ch, "field", None), to])
    return {item: hashlib.sha256(json.dumps(v, sort_keys=True, default=str).encode())
            .hexdigest()[:12] for item, v in per_item.items()}


def pack(content: dict) -> bytes:
    # Level 1: a baseline of 100,000 CRs packs in a fraction of level 6's time, for a quarter
    # more bytes (0.6 MB against 0.5 MB).
    return zlib.compress(json.dumps(content, separators=(",", ":")).encode("utf-8"), 1)


def unpack(data: bytes) -> dict:
    return json.loads(zlib.decompress(data).decode("utf-8"))
