"""The plain data of a plan (SPEC.md section 1): frozen dataclasses, no behaviour beyond lookups.

Treat every object here as immutable: use cases return new plans built with
`dataclasses.replace`, so a plan that a view is showing never changes under it. They are not
`frozen` only because frozen dataclasses cost 1.4 us each to build against 0.3 us, and loading a
plan of 100,000 CRs builds about 400,000 of them (DESIGN.md section 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Linear stages, in order; `on_hold` and `cancelled` stand beside them.
LINEAR_STAGES = ("draft", "build", "test", "approved", "deployed")
STAGES = (*LINEAR_STAGES, "on_hold", "cancelled")
STAGE_RANK = {stage: rank for rank, stage in enumerate(LINEAR_STAGES)}
# Settings `ready_stage` and `legacy_stage` take one of these.
THRESHOLD_STAGES = ("draft", "build", "test", "approved")
CLOSED_STAGES = frozenset({"deployed", "cancelled"})

RELEASE_STATUSES = ("planned", "deployed", "cancelled")
ITEM_STATUSES = ("active", "retired")
# The trackers and files an imported CR may come from (CrSource.source).
CR_SOURCES = ("jira", "azure-devops", "servicenow", "xlsx")
KNOWN_KINDS = ("offer", "email", "landing_page", "pdf", "ad", "sms", "push", "rule", "other")


Scalar = str | int | float | bool | None


class _Unchecked:
    """A `set` without `from`: its base is not checked (different from `"from": null`)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCHECKED"

    def __reduce__(self):
        return (_Unchecked, ())


UNCHECKED = _Unchecked()


@dataclass(slots=True)
class Communications:
    """The send calendar's setting (SPEC.md section 6); 0 turns a check off."""

    kinds: tuple[str, ...] = ("email", "sms", "push")
    min_gap_days: int = 0
    max_per_week: int = 0


DEFAULT_COMMUNICATIONS = Communications()


@dataclass(slots=True)
class Settings:
    today: date | None = None  # None: the local date when the plan is used
    ready_stage: str = "approved"
    legacy_stage: str = "build"
    lead_time_days: dict[str, int] = field(default_factory=dict)
    workdays: tuple[int, ...] = (1, 2, 3, 4, 5)
    # None: the plan does not set it, and the defaults apply. Kept apart from an explicit
    # setting so that a plan written without one is exported exactly as it was.
    communications: Communications | None = None

    @property
    def send_calendar(self) -> Communications:
        return self.communications or DEFAULT_COMMUNICATIONS


@dataclass(slots=True)
class Team:
    key: str
    name: str
    members: int = 1
    hours_per_day: float = 6
    color: str = ""


@dataclass(slots=True)
class OfferPack:
    key: str
    name: str


@dataclass(slots=True)
class Item:
    key: str
    pack: str
    kind: str
    name: str
    status: str = "active"
    attributes: dict[str, Scalar] = field(default_factory=dict)
    uses: tuple[str, ...] = ()


@dataclass(slots=True)
class Release:
    key: str
    name: str
    go_live: date
    freeze_days: int = 0
    status: str = "planned"


@dataclass(slots=True)
class SetField:
    item: str
    field: str
    to: Scalar
    base: Scalar | _Unchecked = UNCHECKED  # the plan file's `from`
    op = "set"


@dataclass(slots=True)
class CreateItem:
    item: str
    pack: str
    kind: str
    name: str
    attributes: dict[str, Scalar] = field(default_factory=dict)
    uses: tuple[str, ...] = ()
    op = "create"


@dataclass(slots=True)
class RetireItem:
    item: str
    op = "retire"


Change = SetField | CreateItem | RetireItem


@dataclass(slots=True)
class ChangeRequest:
    key: str
    title: str
    team: str
    stage: str
    release: str | None = None  # None: the backlog
    estimate_hours: float = 0
    priority: int = 3
    emergency: bool = False
    justification: str = ""
    depends_on: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()


@dataclass(slots=True)
class CrSource:
    """Where an imported CR came from (issue 26): the tracker, its key and id there, and the
    values of the CR's mapped fields at the last import, so that a re-import is a three-way
    comparison (file then, file now, the CR here). Keyed by the CR's key."""

    key: str
    source: str  # one of CR_SOURCES
    external_key: str
    external_id: str = ""
    imported: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Plan:
    """A whole plan. Dicts keep the order of the plan file; `items` is the production state."""

    settings: Settings
    teams: dict[str, Team]
    packs: dict[str, OfferPack]
    items: dict[str, Item]
    releases: dict[str, Release]
    crs: dict[str, ChangeRequest]
    # Imported CRs' origins, by CR key (not part of the plan file).
    sources: dict[str, CrSource] = field(default_factory=dict)
    # Who depends on whom, built when first asked (`dependents`). Not an init field, so a copy
    # made with dataclasses.replace starts without it; ChangeSet.apply carries it over when no
    # CR's dependencies changed (a move, a restage), which spares a 100,000-CR look-up per edit.
    _dependents: dict[str, tuple[str, ...]] | None = field(default=None, init=False,
                                                           compare=False, repr=False)

    def dependents(self) -> dict[str, tuple[str, ...]]:
        """For each CR key, the CRs that depend on it, in plan order."""
        if self._dependents is None:
            found: dict[str, list[str]] = {}
            for cr in self.crs.values():
                for dep in cr.depends_on:
                    found.setdefault(dep, []).append(cr.key)
            self._dependents = {key: tuple(keys) for key, keys in found.items()}
        return self._dependents

    def release_order(self) -> list[Release]:
        """All releases by go-live date, then key (SPEC.md section 1)."""
        return sorted(self.releases.values(), key=lambda r: (r.go_live, r.key))

    def planned_releases(self) -> list[Release]:
        return [r for r in self.release_order() if r.status == "planned"]


def effective_today(plan: Plan, override: date | None = None) -> date:
    """The date a plan is used on: `--today`, else the plan's pinned date, else the calendar."""
    return override or plan.settings.today or date.today()


# ---- where an operation puts a change request -------------------------------------------------
# A CR's `release` field holds a release key or null (the plan file's form). Everything that
# moves work speaks of a `Target` instead, so that no layer passes "backlog" or None around and
# converts between them: the command line reads the word `backlog` (SPEC.md section 3) with
# `Target.parse`, and the audit log and messages write it back with `str`.

BACKLOG_WORD = "backlog"  # the TARGET of `schedule` that unschedules a CR; no release key may be it


@dataclass(frozen=True, slots=True)
class Target:
    release: str | None = None  # None: the backlog

    @staticmethod
    def backlog() -> Target:
        return _BACKLOG

    @staticmethod
    def of(release: str | None) -> Target:
        """The target a CR's `release` field names (None: the backlog)."""
        return _BACKLOG if release is None else Target(release)

    @staticmethod
    def parse(text: str) -> Target:
        """The command line's TARGET: a release key, or the word `backlog`."""
        return _BACKLOG if text == BACKLOG_WORD else Target(text)

    @property
    def is_backlog(self) -> bool:
        return self.release is None

    def holds(self, cr) -> bool:
        """Whether the CR is here already: a move to where it is moves nothing."""
        return cr.release == self.release

    def described(self) -> str:
        """For sentences: "R-MAR", or "the backlog"."""
        return self.release if self.release is not None else "the " + BACKLOG_WORD

    def __str__(self) -> str:
        """For the audit log, tables and the command line: "R-MAR", or "backlog"."""
        return self.release if self.release is not None else BACKLOG_WORD


_BACKLOG = Target(None)
