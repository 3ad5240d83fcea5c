"""Who builds on an item, and which pending work changes each of its fields (SPEC.md 1-2).

The impact checklist: when a CR changes an offer, every active email, landing page, PDF or ad
whose `uses` names it must be reviewed. Concurrent work: CRs of several teams or releases that
change one field to values that disagree; a release's bundle reports a conflict only once they
meet in one release, the offer-pack browser shows it while they are still apart.

`PackUsage(plan)` indexes a plan once (item -> open work, item -> its users), so that a click on
an item at 100,000 CRs looks up a few entries instead of scanning every CR. The module-level
`assets_using` and `field_activity` answer one question and build the index to do it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.model.plan import (
    CLOSED_STAGES,
    UNCHECKED,
    ChangeRequest,
    Item,
    Plan,
    Scalar,
    _Unchecked,
)
from app.model.values import all_equal

CREATE_FIELD, RETIRE_FIELD = "(create)", "(retire)"  # the engine's names for whole-item work


@dataclass(frozen=True, slots=True)
class FieldWork:
    """One open CR's work on one field. `to` is its value (for `(create)` and `(retire)`: the
    item's status after it); `base` is the recorded `from`, UNCHECKED when there is none."""

    cr: str
    title: str
    team: str
    release: str | None  # None: the backlog
    stage: str
    to: Scalar
    base: Scalar | _Unchecked = UNCHECKED
    op: str = "set"  # set, create or retire


def disagree(work: Sequence[FieldWork]) -> bool:
    """Whether the values the entries on one field write are not all equal (JSON equality:
    `1 == 1.0`, `true != 1`). Equal values merge; they are no conflict."""
    return len(work) > 1 and not all_equal(w.to for w in work)


def is_concurrent(work: Sequence[FieldWork]) -> bool:
    """Concurrent work: CRs of two or more teams or releases writing values that disagree."""
    return disagree(work) and (len({w.team for w in work}) > 1
                               or len({w.release for w in work}) > 1)


class PackUsage:
    """Lookups over one plan, built once. Plans are never changed in place (app.model.plan), so the
    index stays true for as long as its plan is the one shown."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self._rank = {r.key: i for i, r in enumerate(plan.release_order())}
        # item -> the open CRs that change it (a CR twice if it changes the item twice). The
        # leanest loop measured: at 100,000 CRs every extra tuple or test here costs ~30 ms.
        work: dict[str, list[ChangeRequest]] = {}
        add = work.setdefault
        for cr in plan.crs.values():
            if cr.stage not in CLOSED_STAGES:
                for ch in cr.changes:
                    add(ch.item, []).append(cr)
        self._work = work
        # Items that only a pending CR creates; of several creates of one key, the first to go
        # live (release order, then CR key) says what it will be.
        production = plan.items
        self._new: dict[str, tuple[str, Item]] = {}
        for key in work.keys() - production.keys():
            creates = [(cr, ch) for cr in work[key] for ch in cr.changes
                       if ch.item == key and ch.op == "create"]
            if creates:
                cr, ch = min(creates, key=lambda pair: self._order(pair[0]))
                self._new[key] = (cr.key, Item(key, ch.pack, ch.kind, ch.name, "active",
                                               dict(ch.attributes), tuple(ch.uses)))
        self._users: dict[str, list[str]] = {}
        self._in_pack: dict[str, list[str]] = {}
        every = [*production.values(), *(item for _, item in self._new.values())]
        for item in every:
            self._in_pack.setdefault(item.pack, []).append(item.key)
            if item.status == "active":
                for used in item.uses:
                    self._users.setdefault(used, []).append(item.key)

    def _order(self, cr: ChangeRequest) -> tuple[int, str]:
        """Release order, the backlog last, then CR key (SPEC.md section 1)."""
        return (self._rank.get(cr.release, len(self._rank)), cr.key)

    def _crs_of(self, key: str):
        """Each open CR that changes `key` once."""
        return {cr.key: cr for cr in self._work.get(key, ())}.values()

    # ---- items -------------------------------------------------------------------------------

    def item(self, key: str) -> Item | None:
        """The production item, else the item a pending CR creates."""
        found = self.plan.items.get(key)
        if found is None and key in self._new:
            return self._new[key][1]
        return found

    def creator(self, key: str) -> str | None:
        """The CR that creates `key`, when the item is not in production yet."""
        new = self._new.get(key)
        return new[0] if new else None

    def items_of_pack(self, pack: str) -> list[Item]:
        """A pack's production items and the items pending CRs create in it, by key."""
        return [self.item(k) for k in sorted(self._in_pack.get(pack, ()))]

    def assets_using(self, key: str) -> list[Item]:
        """The active items whose `uses` names `key`, by key: what to review when it changes."""
        return [self.item(k) for k in sorted(self._users.get(key, ()))]

    def open_crs(self, key: str) -> list[ChangeRequest]:
        """The CRs, neither deployed nor cancelled, that change `key`, in release order."""
        return sorted(self._crs_of(key), key=self._order)

    def retired_by(self, key: str) -> list[str]:
        """The open CRs that retire `key`, in release order."""
        return [cr.key for cr in sorted(self._crs_of(key), key=self._order)
                if any(ch.item == key and ch.op == "retire" for ch in cr.changes)]

    # ---- fields ------------------------------------------------------------------------------

    def field_activity(self, key: str) -> dict[str, list[FieldWork]]:
        """For each field of `key`, the open work that changes it, in release order (the
        backlog last), then CR key. Production's fields come first, even without work, then
        fields that only CRs write, then `(create)` and `(retire)`. A create is work on every
        attribute it writes. A CR that sets a field twice counts once, with its last value, as
        in the engine's conflicts."""
        latest: dict[tuple[str, str], FieldWork] = {}
        changes = ((cr, ch) for cr in self._crs_of(key)
                   for ch in cr.changes if ch.item == key)
        for cr, ch in changes:
            if ch.op == "set":
                writes = [(ch.field, ch.to, ch.base)]
            elif ch.op == "create":
                writes = [(f, v, UNCHECKED) for f, v in ch.attributes.items()]
                writes.append((CREATE_FIELD, "active", UNCHECKED))
            else:
                writes = [(RETIRE_FIELD, "retired", UNCHECKED)]
            for field, to, base in writes:
                latest[(cr.key, field)] = FieldWork(cr.key, cr.title, cr.team, cr.release,
                                                    cr.stage, to, base, ch.op)
        production = self.plan.items.get(key)
        fields: dict[str, list[FieldWork]] = {f: [] for f in production.attributes} \
            if production else {}
        pseudo: dict[str, list[FieldWork]] = {}
        last = len(self._rank)
        for (_, field), work in sorted(latest.items(), key=lambda kv: (
                self._rank.get(kv[1].release, last), kv[1].cr)):
            target = pseudo if field in (CREATE_FIELD, RETIRE_FIELD) else fields
            target.setdefault(field, []).append(work)
        for field in (CREATE_FIELD, RETIRE_FIELD):
            if field in pseudo:
                fields[field] = pseudo[field]
        return fields


def assets_using(plan: Plan, item_key: str) -> list[Item]:
    """The active items whose `uses` names `item_key` (production items and items a pending CR
    creates), by key. Indexes the whole plan: a view asking often keeps a `PackUsage`."""
    return PackUsage(plan).assets_using(item_key)


def field_activity(plan: Plan, item_key: str) -> dict[str, list[FieldWork]]:
    """`PackUsage.field_activity` for one question about one plan."""
    return PackUsage(plan).field_activity(item_key)
