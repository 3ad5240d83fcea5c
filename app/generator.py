"""Synthetic plans of any size for benchmarks and `release-planner generate`.

Deterministic from the seed (one `random.Random`, no clock), valid by construction, with the
proportions of a real marketing-ops plan: offer packs of about 40 items of which a quarter are
offers and the rest assets that use them, weekly releases with freeze windows, a few deployed,
most work spread over the coming releases and some in the backlog, mostly `set` changes written
against production, some against an older value (stale), a few creates, retires, dependencies
and emergencies. At 100,000 CRs it has 50 teams, 200 releases and 20,000 items (DESIGN.md 5).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.domain import (
    ChangeRequest,
    CreateItem,
    Item,
    OfferPack,
    Plan,
    Release,
    RetireItem,
    SetField,
    Settings,
    Team,
)
from app.team_colors import default_color

ANCHOR = date(2027, 1, 4)  # a Monday; `today` of every generated plan unless told otherwise
ASSET_FIELDS = {
    "email": ("subject", "preheader", "cta"),
    "landing_page": ("headline", "hero", "url"),
    "pdf": ("version", "price_table", "legal_text"),
    "ad": ("headline", "budget_gbp", "channel"),
    "sms": ("text",),
    "push": ("text", "deep_link"),
}
OFFER_FIELDS = ("price", "headline", "data_allowance", "contract_months", "promo_code")
STAGE_WEIGHTS = {"draft": 20, "build": 20, "test": 15, "approved": 32, "on_hold": 8,
                 "cancelled": 5}
LEAD_TIMES = {"ad": 15, "pdf": 10, "landing_page": 3, "email": 2, "sms": 1, "push": 1}


def default_sizes(crs: int) -> tuple[int, int, int]:
    """Teams, releases and items for a plan of `crs` change requests."""
    return max(3, min(50, crs // 2000)), max(4, min(200, crs // 500)), max(20, crs // 5)


def generate_plan(crs: int, seed: int = 1, teams: int | None = None,
                  releases: int | None = None, items: int | None = None,
                  today: date = ANCHOR) -> Plan:
    rnd = random.Random(seed)
    d_teams, d_releases, d_items = default_sizes(crs)
    team_map = _teams(rnd, teams or d_teams)
    packs, item_map = _items(rnd, items or d_items)
    release_map = _releases(rnd, releases or d_releases, today)
    cr_map = _change_requests(rnd, crs, list(team_map), release_map, packs, item_map)
    return Plan(Settings(today=today, lead_time_days=dict(LEAD_TIMES)), team_map, packs,
                item_map, release_map, cr_map)


def _teams(rnd: random.Random, n: int) -> dict[str, Team]:
    return {f"T{i:02d}": Team(f"T{i:02d}", f"Team {i:02d}", rnd.randint(2, 8),
                              rnd.choice((6, 6, 6, 7.5)), default_color(i))
            for i in range(1, n + 1)}


def _offer_attributes(rnd: random.Random, i: int) -> dict:
    return {"price": f"{rnd.randint(5, 80)}.99", "headline": f"Offer {i} headline",
            "data_allowance": f"{rnd.choice((10, 20, 30, 50, 100))}GB",
            "contract_months": rnd.choice((1, 12, 18, 24)), "promo_code": f"P{i:05d}"}


def _items(rnd: random.Random, n: int) -> tuple[dict[str, OfferPack], dict[str, Item]]:
    packs: dict[str, OfferPack] = {}
    items: dict[str, Item] = {}
    n_packs = max(1, round(n / 40))
    for p in range(n_packs):
        pack = f"PK{p:04d}"
        packs[pack] = OfferPack(pack, f"Offer pack {p}")
        size = n // n_packs + (1 if p < n % n_packs else 0)
        offers: list[str] = []
        for j in range(size):
            i = len(items)
            if j < max(1, size // 4):
                key = f"OFR-{i:05d}"
                items[key] = Item(key, pack, "offer", f"Offer {i}", "active",
                                  _offer_attributes(rnd, i))
                offers.append(key)
            else:
                kind = rnd.choice(tuple(ASSET_FIELDS))
                key = f"{kind[:2].upper()}-{i:05d}"
                attrs = {f: f"{f} of {key}" for f in ASSET_FIELDS[kind]}
                uses = tuple(sorted(rnd.sample(offers, min(len(offers), rnd.randint(1, 2)))))
                items[key] = Item(key, pack, kind, f"{kind} {i}", "active", attrs, uses)
    return packs, items


def _releases(rnd: random.Random, n: int, today: date) -> dict[str, Release]:
    out: dict[str, Release] = {}
    past = max(1, n // 30)  # a few already shipped
    for i in range(n):
        go_live = today + timedelta(weeks=i - past, days=rnd.randint(0, 3))
        status = "deployed" if i < past else "cancelled" if rnd.random() < 0.01 else "planned"
        key = f"R-{i:04d}"
        out[key] = Release(key, f"Release {i}", go_live, rnd.randint(2, 5), status)
    return out


def _change_requests(rnd, n, team_keys, releases, packs, items) -> dict[str, ChangeRequest]:
    deployed = [k for k, r in releases.items() if r.status == "deployed"]
    open_releases = [k for k, r in releases.items() if r.status != "deployed"]
    item_keys = list(items)
    stages, weights = zip(*STAGE_WEIGHTS.items(), strict=True)
    pack_keys = list(packs)
    out: dict[str, ChangeRequest] = {}
    keys: list[str] = []
    for i in range(n):
        key = f"CR-{i:06d}"
        roll = rnd.random()
        if roll < 0.04:
            release, stage = rnd.choice(deployed), "deployed"
        else:
            release = None if roll < 0.19 else _near(rnd, open_releases)
            stage = rnd.choices(stages, weights)[0]
        changes = tuple(_change(rnd, key, j, items, item_keys, pack_keys)
                        for j in range(rnd.choice((1, 1, 2, 2, 3, 4))))
        deps: tuple[str, ...] = ()
        if keys and rnd.random() < 0.1:
            deps = tuple(sorted({rnd.choice(keys[-300:]) for _ in range(rnd.randint(1, 2))}))
        emergency = rnd.random() < 0.01
        out[key] = ChangeRequest(
            key, f"Change {i}: {changes[0].op} {changes[0].item}", rnd.choice(team_keys), stage,
            release, rnd.randint(2, 40), rnd.randint(1, 5), emergency,
            "Regulatory fix needed before go-live" if emergency else "", deps, changes)
        keys.append(key)
    return out


def _near(rnd: random.Random, releases: list[str]) -> str:
    """Most work targets the next few releases; some is planned far ahead."""
    if rnd.random() < 0.7:
        return releases[min(len(releases) - 1, int(rnd.expovariate(1 / 6)))]
    return rnd.choice(releases)


def _change(rnd, cr_key: str, j: int, items, item_keys, pack_keys):
    roll = rnd.random()
    if roll < 0.04:
        kind = rnd.choice(tuple(ASSET_FIELDS))
        return CreateItem(f"NEW-{cr_key[3:]}-{j}", rnd.choice(pack_keys), kind, f"New {kind}",
                          {f: "new" for f in ASSET_FIELDS[kind]})
    item = items[rnd.choice(item_keys)]
    if roll < 0.06:
        return RetireItem(item.key)
    field = rnd.choice(OFFER_FIELDS if item.kind == "offer" else ASSET_FIELDS[item.kind])
    current = item.attributes.get(field)
    to = f"{field} v{rnd.randint(2, 9)}"
    base_roll = rnd.random()
    if base_roll < 0.85:
        return SetField(item.key, field, to, current)  # written against production
    if base_roll < 0.95:
        return SetField(item.key, field, to, f"{field} v1")  # written against an older base
    return SetField(item.key, field, to)
