"""Another planner's commits, from the change feed, as change sets for the plan on screen.

A commit's audit rows hold each row as the plan file writes it (JSON documents). Only rows
whose version is newer than what the client holds are news (`is_newer`): the
client's own commits, and anything it already shows, are skipped. A commit that cannot be
applied row by row (a whole import, a row this code cannot read) asks for a full reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.model.change_set import ChangeSet, RowChange, row_of
from app.model.plan import CrSource, Item, OfferPack, Plan, Release, Settings, Team
from app.model.row_kinds import RowKind
from app.plan_file.fast_path import quick_change_request


class NeedsReload(Exception):
    """The feed cannot bring the plan up to date by itself: read it whole."""


@dataclass(frozen=True)
class Applied:
    changes: ChangeSet  # what the commits change on screen (only news)
    versions: dict  # (kind, key) -> version after them (None: removed)
    commits: tuple  # the commits that brought news, oldest first


def apply_commits(plan: Plan, versions, commits, busy=frozenset(),
                  own_deletions: set | None = None) -> Applied:
    """The news in `commits` (oldest first) for `plan`, whose rows stand at `versions`.
    Rows in `busy` (kind, key) have an edit of this client on its way: they are left alone
    (that write meets the newer version and is refused, and the client reads them again).
    `own_deletions` (kind, key): rows this client deleted; the first deletion of each that the
    feed brings is that one, skipped and taken off the set (a deletion has no version to
    tell, and undoing it writes the row again at version 1)."""
    own_deletions = set() if own_deletions is None else own_deletions
    rows: list[RowChange] = []
    seen = dict(versions)
    shown = {}
    lines = []
    touched: dict = {}
    for commit in commits:
        news = False
        for rec in commit.rows:
            if rec.kind == "plan":
                raise NeedsReload("the whole plan was replaced")
            key = (rec.kind, rec.key)
            if rec.version is None and key in own_deletions:
                own_deletions.discard(key)
                continue
            current = shown[key] if key in shown else _current(plan, rec.kind, rec.key)
            if key in busy or not is_newer(seen, rec.kind, rec.key, rec.version,
                                           current is not None):
                continue
            after = None if rec.after is None else row_from_document(rec.kind, rec.after,
                                                                     current)
            rows.append(RowChange(rec.kind, rec.key, current, after))
            shown[key] = after
            if rec.version is None:
                seen.pop(key, None)
            else:
                seen[key] = rec.version
            touched[key] = rec.version
            news = True
        if news:
            lines.append(commit)
    return Applied(ChangeSet.of(rows), touched, tuple(lines))


def _current(plan: Plan, kind: str, key: str):
    try:
        return row_of(plan, RowKind(kind), key)
    except ValueError:
        raise NeedsReload(f"a row of an unknown kind: {kind}") from None


def row_from_document(kind: str, doc: dict, current=None):
    """A row of the plan from its audit document (app.plan_file.document's documents)."""
    try:
        if kind == "cr":
            cr = quick_change_request(doc)
            if cr is None:
                raise ValueError("not a change request this version reads")
            return cr
        if kind == "team":
            return Team(doc["key"], doc["name"], doc["members"], doc["hours_per_day"],
                        doc["color"])
        if kind == "pack":
            return OfferPack(doc["key"], doc["name"])
        if kind == "release":
            return Release(doc["key"], doc["name"], date.fromisoformat(doc["go_live"]),
                           doc["freeze_days"], doc["status"])
        if kind == "item":
            pack = doc.get("pack") or (current.pack if current is not None else None)
            if pack is None:
                raise ValueError("an item without its offer pack")
            return Item(doc["key"], pack, doc["kind"], doc["name"], doc["status"],
                        dict(doc["attributes"]), tuple(doc["uses"]))
        if kind == RowKind.SETTINGS:
            return settings_from_document(doc)
        if kind == RowKind.SOURCE:
            return CrSource(doc["key"], doc["source"], doc["external_key"],
                            doc["external_id"], dict(doc["imported"]))
    except (KeyError, TypeError, ValueError) as bad:
        raise NeedsReload(f"{kind} {doc.get('key', '')}: {bad}") from None
    raise NeedsReload(f"a row of an unknown kind: {kind}")


def settings_from_document(doc: dict) -> Settings:
    from app.model.errors import PlanFileError
    from app.plan_file.validation import build_plan

    try:
        return build_plan({"format": "release-plan/1", "settings": doc, "teams": [],
                           "offer_packs": [], "releases": [],
                           "change_requests": []}).settings
    except PlanFileError as bad:
        raise ValueError(str(bad)) from None


def is_newer(versions, kind: str, key: str, version: int | None, exists: bool) -> bool:
    """Whether a row committed elsewhere at `version` (None: deleted) is news to a client
    holding `versions`; `exists`: whether the client shows the row. The store bumps a row's
    version by one on every write, so the client's own commits are never news."""
    if version is None:
        return exists
    return version > versions.get((kind, key), 0)
