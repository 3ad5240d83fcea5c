"""Synthetic plans of any size for benchmarks, tests and `release-planner generate`.

Deterministic from the seed (one `random.Random`, no clock, no global state) and valid by
construction (every rule of SPEC.md section 4), with the proportions of a real marketing-ops
plan: offer packs of 20 to 50 items, a quarter offers and the rest assets (email, landing page,
pdf, ad, sms, push) that use them; a release every one or two weeks with a freeze of 2 to 5 days,
the first few already deployed (with the oldest CRs, whose sets are live in production); the
rest of the work in a realistic mix of stages, about 15% in the backlog, mostly aimed at the next
few releases; mostly `set` changes written against production, some against an older value
(stale), a few creates and retires; dependencies on older CRs only (so never a cycle); a few
emergencies. At 100,000 CRs: 50 teams, 200 releases, 20,000 items (DESIGN.md section 5).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.model.plan import (
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
from app.model.team_colors import default_color
from app.plan_file.bulk_load import collector_paused
from app.plan_file.document import plan_to_document

# The largest plan `generate` makes: twice the 100,000 CRs the design is measured at, a plan
# file of about 150 MB (app.plan_file.limits.MAX_PLAN_BYTES holds it) and about 2 GB of memory.
MAX_CRS = 200_000
ANCHOR = date(2027, 1, 4)  # a Monday: `settings.today` of every plan unless told otherwise
FIELDS = {
    "offer": ("price", "headline", "data_allowance", "contract_months", "promo_code"),
    "email": ("subject", "preheader", "cta"),
    "landing_page": ("headline", "hero", "url"),
    "pdf": ("version", "price_table", "legal_text"),
    "ad": ("headline", "budget_gbp", "channel"),
    "sms": ("text",),
    "push": ("text", "deep_link"),
}
ASSET_KINDS = tuple(kind for kind in FIELDS if kind != "offer")
PREFIX = {"offer": "OFR", "email": "EM", "landing_page": "LP", "pdf": "PDF", "ad": "AD",
          "sms": "SMS", "push": "PSH"}
# The values a `set` writes; a field not listed gets "<field> v2" to "<field> v9".
VALUES: dict[str, tuple] = {
    "price": tuple(f"{p}.99" for p in range(5, 80)),
    "data_allowance": ("10GB", "20GB", "30GB", "50GB", "100GB"),
    "contract_months": (1, 12, 18, 24),
    **{f: tuple(f"{f} v{v}" for v in range(2, 10))
       for fields in FIELDS.values() for f in fields
       if f not in ("price", "data_allowance", "contract_months")},
}
# A value no generated plan ever has in production: the `from` of a stale set.
STALE = {**{f: f"{f} v1" for f in VALUES}, "price": "1.99", "data_allowance": "1GB",
         "contract_months": 6}
# Stages of CRs that are not deployed, as a table of 100 so that one draw picks one.
STAGE_TABLE = (("draft",) * 20 + ("build",) * 20 + ("test",) * 15 + ("approved",) * 32
               + ("on_hold",) * 8 + ("cancelled",) * 5)
LEAD_TIMES = {"ad": 15, "pdf": 10, "landing_page": 3, "email": 2, "sms": 1, "push": 1}
CHANGE_COUNTS = (1, 1, 1, 2, 2, 2, 3, 4)
DEPLOYED_SHARE, BACKLOG_SHARE, NEAR_SHARE, DEPENDENT_SHARE = 0.04, 0.15, 0.4, 0.1
# One draw decides a change: below CREATE a create, then a retire, then sets whose `from` is
# production's value, a stale value, or absent.
CREATE, RETIRE, SET_ON_PRODUCTION, SET_STALE = 0.04, 0.06, 0.86, 0.935


class _Dice:
    """Draws from one `random.Random`; picking through `random()` costs half of `choice`."""

    def __init__(self, seed: int):
        self.random = random.Random(seed).random

    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def int(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))


def default_sizes(crs: int) -> tuple[int, int, int]:
    """Teams, releases and items for a plan of `crs` change requests."""
    return max(3, min(50, crs // 2000)), max(4, min(200, crs // 500)), max(20, crs // 5)


def generate_plan(crs: int, seed: int = 1, teams: int | None = None,
                  releases: int | None = None, items: int | None = None,
                  today: date | None = None) -> Plan:
    """A plan of `crs` change requests; sizes not given scale with `crs` (`default_sizes`).
    `today` (default `ANCHOR`) is pinned in the settings, so reports do not follow the clock."""
    if not 0 <= crs <= MAX_CRS:
        raise ValueError(f"a generated plan has 0 to {MAX_CRS:,} change requests, not {crs:,}")
    teams, releases, items = (default if asked is None else asked for default, asked
                              in zip(default_sizes(crs), (teams, releases, items), strict=True))
    if crs and not (teams > 0 and items > 0):
        raise ValueError("change requests need at least one team and one item")
    dice, today = _Dice(seed), today or ANCHOR
    with collector_paused():  # a million objects and no cycles: as fast as loading a plan
        team_map = _teams(dice, teams)
        packs, item_map, pack_offers = _items(dice, items)
        release_map = _releases(dice, releases, today)
        cr_map = _change_requests(dice, crs, list(team_map), release_map, item_map, pack_offers)
    return Plan(Settings(today=today, lead_time_days=dict(LEAD_TIMES)), team_map, packs,
                item_map, release_map, cr_map)


def generate_document(crs: int, seed: int = 1, **sizes) -> dict:
    """The generated plan as a `release-plan/1` document (what `write_plan` would write)."""
    return plan_to_document(generate_plan(crs, seed, **sizes))


def _teams(dice: _Dice, n: int) -> dict[str, Team]:
    return {f"T{i:02d}": Team(f"T{i:02d}", f"Team {i:02d}", dice.int(2, 8),
                              dice.pick((6, 6, 6, 7.5)), default_color(i - 1))
            for i in range(1, n + 1)}


def _pack_sizes(dice: _Dice, n: int) -> list[int]:
    sizes: list[int] = []
    while n > 0:
        size = n if n <= 50 else dice.int(20, 50)
        size = n if n - size < 20 else size  # no runt pack at the end
        sizes.append(size)
        n -= size
    return sizes


def _items(dice: _Dice, n: int):
    """Packs, the production items, and each pack's offers."""
    packs: dict[str, OfferPack] = {}
    items: dict[str, Item] = {}
    pack_offers: dict[str, list[str]] = {}
    for p, size in enumerate(_pack_sizes(dice, n)):
        pack = f"PK-{p:04d}"
        packs[pack] = OfferPack(pack, f"Offer pack {p}")
        offers = pack_offers[pack] = []
        for j in range(size):
            i = len(items)
            if j < max(1, size // 4):
                key = f"OFR-{i:05d}"
                offers.append(key)
                attrs = {f: dice.pick(VALUES[f]) for f in FIELDS["offer"]}
                items[key] = Item(key, pack, "offer", f"Offer {i}", "active", attrs)
            else:
                kind = dice.pick(ASSET_KINDS)
                key = f"{PREFIX[kind]}-{i:05d}"
                uses = sorted({dice.pick(offers) for _ in range(dice.int(1, 2))})
                items[key] = Item(key, pack, kind, f"{kind} {i}", "active",
                                  {f: f"{f} of {key}" for f in FIELDS[kind]}, tuple(uses))
    return packs, items, pack_offers


def _releases(dice: _Dice, n: int, today: date) -> dict[str, Release]:
    """Weekly or fortnightly with a freeze of 2 to 5 days; the first few deployed, the next one
    going live in 1 or 2 days (so frozen), one in a hundred of the later ones cancelled."""
    past = max(1, n // 30) if n > 1 else 0
    offsets = [0] if n else []
    for _ in range(n - 1):
        offsets.append(offsets[-1] + dice.pick((7, 7, 7, 14)))
    first = today - timedelta(days=offsets[past] if n else 0) + timedelta(days=dice.int(1, 2))
    out: dict[str, Release] = {}
    for i, offset in enumerate(offsets):
        status = ("deployed" if i < past else "cancelled" if i > past and dice.random() < 0.01
                  else "planned")
        key = f"R-{i:04d}"
        out[key] = Release(key, f"Release {i}", first + timedelta(days=offset),
                           dice.int(2, 5), status)
    return out


def _change_requests(dice: _Dice, n, team_keys, releases, items, pack_offers):
    """The oldest CRs are deployed (their sets applied to `items`, the production state); the
    rest are open, in the backlog or aimed at a planned release."""
    deployed = [k for k, r in releases.items() if r.status == "deployed"]
    planned = [k for k, r in releases.items() if r.status == "planned"]
    n_deployed = round(n * DEPLOYED_SHARE) if deployed else 0
    item_list, packs = list(items.values()), list(pack_offers.items())
    out: dict[str, ChangeRequest] = {}
    keys: list[str] = []
    for i in range(n):
        key = f"CR-{i:06d}"
        if i < n_deployed:
            release, stage = deployed[i * len(deployed) // n_deployed], "deployed"
            changes = tuple(_deployed_set(dice, item_list) for _ in range(dice.pick(CHANGE_COUNTS)))
        else:
            release, stage = _target(dice, planned), dice.pick(STAGE_TABLE)
            changes = tuple(_change(dice, key, j, item_list, packs)
                            for j in range(dice.pick(CHANGE_COUNTS)))
        deps = ()
        if keys and dice.random() < DEPENDENT_SHARE:  # only on older CRs: never a cycle
            deps = tuple(sorted({dice.pick(keys[-300:]) for _ in range(dice.int(1, 2))}))
        emergency = stage != "deployed" and dice.random() < 0.01
        out[key] = ChangeRequest(
            key, f"Change {i}: {changes[0].op} {changes[0].item}", dice.pick(team_keys), stage,
            release, dice.int(2, 40), dice.int(1, 5), emergency,
            "Regulatory fix needed before go-live" if emergency else "", deps, changes)
        keys.append(key)
    return out


def _target(dice: _Dice, planned: list[str]) -> str | None:
    """The backlog for some; most work aims at the next few releases, some far ahead."""
    if not planned or dice.random() < BACKLOG_SHARE:
        return None
    if dice.random() < NEAR_SHARE:  # triangular: the next release most, a year ahead least
        return planned[int(min(dice.random(), dice.random()) * min(len(planned), 52))]
    return dice.pick(planned)


def _deployed_set(dice: _Dice, item_list: list[Item]) -> SetField:
    """A set already live: written against production, then applied to it."""
    item = dice.pick(item_list)
    field = dice.pick(FIELDS[item.kind])
    change = SetField(item.key, field, dice.pick(VALUES[field]), item.attributes.get(field))
    item.attributes[field] = change.to
    return change


def _change(dice: _Dice, cr_key: str, j: int, item_list: list[Item], packs):
    roll = dice.random()
    if roll < CREATE:  # a new asset in some pack, using one of its offers
        pack, offers = dice.pick(packs)
        kind = dice.pick(ASSET_KINDS)
        return CreateItem(f"NEW-{cr_key[3:]}-{j}", pack, kind, f"New {kind}",
                          {f: "new" for f in FIELDS[kind]}, (dice.pick(offers),))
    item = dice.pick(item_list)
    if roll < RETIRE:
        return RetireItem(item.key)
    field = dice.pick(FIELDS[item.kind])
    to = dice.pick(VALUES[field])
    if roll < SET_ON_PRODUCTION:
        return SetField(item.key, field, to, item.attributes.get(field))
    if roll < SET_STALE:
        return SetField(item.key, field, to, STALE[field])  # written against an older base
    return SetField(item.key, field, to)  # base not recorded: not checked
