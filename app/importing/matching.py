"""Matching a row's words to the plan: team names to teams (created when missing), version
names and dates to releases (created only when the mapping gives a go-live), tracker keys to
CR keys."""

from __future__ import annotations

import re
from datetime import date

from app.importing.mapping import Mapping
from app.model.change_set import ChangeSetBuilder
from app.model.plan import Plan, Release, Team
from app.model.row_kinds import RowKind
from app.model.team_colors import default_color

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")


def valid_key(text: str) -> bool:
    return bool(_KEY.match(text)) and text != "backlog"


def key_from_name(name: str, taken) -> str:
    """A key for a new team or release named `name`: its letters and digits, upper case."""
    base = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").upper()[:56] or "IMPORTED"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


class Teams:
    def __init__(self, plan: Plan, mapping: Mapping, out: ChangeSetBuilder, created: list):
        self.plan, self.out, self.created = plan, out, created
        self.by_word = {t.key.casefold(): t.key for t in plan.teams.values()}
        self.by_word.update((t.name.casefold(), t.key) for t in plan.teams.values())
        self.table = {k.casefold(): v for k, v in mapping.teams.items()}
        self.count = len(plan.teams)

    def key_of(self, name: str) -> str:
        """The team of `name` in the file; a new team when the plan has none of that name."""
        word = name.casefold()
        wanted = self.table.get(word)
        found = self.by_word.get((wanted or name).casefold())
        if found is not None:
            return found
        taken = {*self.plan.teams, *self.created}
        key = wanted if wanted and valid_key(wanted) else key_from_name(name, taken)
        self.out.put(RowKind.TEAM, key, Team(key, name[:500], 1, 6,
                                             default_color(self.count)))
        self.count += 1
        self.created.append(key)
        self.by_word[word] = self.by_word[key.casefold()] = key
        return key


class Releases:
    def __init__(self, plan: Plan, mapping: Mapping, out: ChangeSetBuilder, created: list):
        self.plan, self.out, self.created = plan, out, created
        self.table = mapping.releases
        self.by_word = {}
        for r in plan.release_order():
            self.by_word.setdefault(r.name.casefold(), r)
            self.by_word.setdefault(r.key.casefold(), r)
        self.planned = plan.planned_releases()

    def of_versions(self, versions, notes: list) -> str | None:
        """The earliest planned release among the versions (None: the backlog)."""
        found = []
        for name in versions:
            release = self._release(name, notes)
            if release is not None:
                found.append(release)
        planned = [r for r in found if r.status == "planned"]
        if planned:
            return min(planned, key=lambda r: (r.go_live, r.key)).key
        for r in found:
            notes.append(f"version {r.name!r} is release {r.key}, which is {r.status}: backlog")
        return None

    def _release(self, name: str, notes: list) -> Release | None:
        target = self.table.get(name)
        if target is not None and "release" in target:
            found = self.plan.releases.get(target["release"]) or self.by_word.get(
                target["release"].casefold())
            if found is None:
                notes.append(f"version {name!r}: the mapping names release "
                             f"{target['release']!r}, which the plan does not have: backlog")
            return found
        found = self.by_word.get(name.casefold())
        if found is None and "\\" in name:  # an Azure DevOps iteration path: its last part
            found = self.by_word.get(name.rsplit("\\", 1)[-1].casefold())
        if found is not None:
            return found
        if target is not None and "go_live" in target:
            key = target.get("key") or key_from_name(name, {*self.plan.releases,
                                                            *self.created})
            release = Release(key, name[:500], date.fromisoformat(target["go_live"]),
                              target.get("freeze_days", 0))
            self.out.put(RowKind.RELEASE, key, release)
            self.created.append(key)
            self.by_word[name.casefold()] = self.by_word[key.casefold()] = release
            self.planned = sorted([*self.planned, release], key=lambda r: (r.go_live, r.key))
            return release
        notes.append(f"version {name!r} is not a release of the plan (its go-live is not in "
                     "the export; give it one in the mapping's releases table): backlog")
        return None

    def of_date(self, day: date, notes: list) -> str | None:
        """The first planned release going live on or after `day`."""
        for r in self.planned:
            if r.go_live >= day:
                return r.key
        notes.append(f"no planned release goes live on or after {day.isoformat()}: backlog")
        return None
