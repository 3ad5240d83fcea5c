"""Taking baselines, by hand and by themselves, and signing a release off.

Automatic baselines are named after their moment ("freeze R1", "deploy R1"): the name is the
key, so when several clients see a freeze start at once the first one's baseline stands and
the others' inserts are dropped (each in its own transaction, apart from any edit).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.baselines.capture import capture
from app.baselines.model import (
    DEPLOY,
    FREEZE,
    MANUAL,
    NAME_CHARS,
    SIGNOFF,
    Baseline,
    BaselineStore,
    SignOff,
)
from app.engine.report import bundle_report
from app.model.errors import Refusal, RefusalCode
from app.model.plan import Plan
from app.reports.fingerprint import bundle_fingerprint
from app.rules.freeze import freeze_start
from app.rules.permissions import Action, Permissions

AUTOMATIC_PREFIXES = ("freeze ", "signoff ", "deploy ")


class BadBaselineName(ValueError):
    """A name a manual baseline cannot have; the message says why."""


def _baseline(plan: Plan, name: str, kind: str, release: str | None, user: str) -> Baseline:
    return Baseline(name, kind, release, datetime.now(UTC), user, 0, capture(plan, release))


def _allowed(permissions: Permissions | None, action: Action) -> None:
    if permissions is not None and not permissions.may(action):
        raise Refusal(RefusalCode.FORBIDDEN, permissions.why_not(action))


def _known_release(plan: Plan, release: str | None) -> None:
    if release is not None and release not in plan.releases:
        raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{release}"')


def take(store: BaselineStore, plan: Plan, name: str, user: str, release: str | None = None,
         permissions: Permissions | None = None) -> Baseline:
    """A manual baseline of the plan (or of one release)."""
    clean = name.strip()
    if not clean or not clean.isprintable():
        raise BadBaselineName(f'NAME: "{name}" is not a name (empty, or with control characters)')
    if len(clean) > NAME_CHARS:
        raise BadBaselineName(f"NAME: {len(clean)} characters; a baseline's name has at most "
                              f"{NAME_CHARS}")
    if clean.startswith(AUTOMATIC_PREFIXES):
        raise BadBaselineName(f'NAME: "{clean}" starts like the automatic baselines ("freeze R", '
                              '"signoff R ...", "deploy R"); choose another name')
    _known_release(plan, release)
    _allowed(permissions, Action.TAKE_BASELINE)
    baseline = _baseline(plan, clean, MANUAL, release, user)
    if not store.add(baseline):
        raise BadBaselineName(f'NAME: a baseline named "{clean}" exists already')
    return baseline


def take_due(store: BaselineStore, plan: Plan, today: date, user: str) -> list[str]:
    """The freeze baseline of every planned release whose freeze has begun and that has none
    yet: taken once, by whoever sees it first. Returns the names taken here."""
    have = store.names_of_kind(FREEZE)
    due = [r.key for r in plan.planned_releases()
           if today >= freeze_start(r.go_live, r.freeze_days) and f"freeze {r.key}" not in have]
    taken = []
    for key in due:
        if store.add(_baseline(plan, f"freeze {key}", FREEZE, key, user)):
            taken.append(f"freeze {key}")
    return taken


def after_deploy(store: BaselineStore, plan: Plan, release: str, user: str) -> str | None:
    """The baseline of the plan just after `release` was deployed (what it shipped)."""
    name = f"deploy {release}"
    return name if store.add(_baseline(plan, name, DEPLOY, release, user)) else None


def sign_off(store: BaselineStore, plan: Plan, release: str, by: str, note: str, today: date,
             login: str, permissions: Permissions | None = None
             ) -> tuple[SignOff, SignOff | None]:
    """Record that `by` approves the planned release's bundle as it is now, with its
    fingerprint and a baseline of the plan. Returns the sign-off and the previous one of the
    release (to say whether the bundle is still the same)."""
    if not by.strip() or not by.isprintable():
        raise BadBaselineName(f'--by: "{by}" is not a name')
    report = bundle_report(plan, release, today)  # refuses unknown and closed releases
    _allowed(permissions, Action.SIGN_OFF)
    previous = store.signoffs(release)
    now = datetime.now(UTC)
    name = f"signoff {release} {now:%Y-%m-%d %H:%M:%S}"
    names = {b.name for b in store.list()}
    n = 2
    while name in names:
        name, n = f"signoff {release} {now:%Y-%m-%d %H:%M:%S} ({n})", n + 1
    record = SignOff(release, by.strip(), login, now, note, bundle_fingerprint(report), name)
    baseline = Baseline(name, SIGNOFF, release, now, login, 0, capture(plan, release))
    if not store.add(baseline, record):
        raise Refusal(RefusalCode.CHANGED_SINCE, "someone signed off at the same moment; try again")
    return record, (previous[-1] if previous else None)
