"""Commits of the change feed in plain words: one line per commit for `watch` and for the
client's status bar ("dana moved CR-204 from R-FEB to R-MAR"), and the fields an audit row
changed for `history`."""

from __future__ import annotations

from dataclasses import dataclass

from app.sharing.feed_port import Commit, RowRecord


@dataclass(frozen=True)
class ChangeLine:
    at: str  # ISO time
    user: str
    action: str
    cr: str | None  # the CR, when the commit wrote exactly one
    crs: tuple[str, ...]  # every CR it wrote
    release: str | None  # the release it concerns, when one
    summary: str

    def to_json(self) -> dict:
        return {"at": self.at, "user": self.user, "action": self.action, "cr": self.cr,
                "crs": list(self.crs), "release": self.release, "summary": self.summary}


def changed_fields(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """The fields that differ, as they were and as they are; a created or deleted row whole."""
    if before is None or after is None:
        return before, after
    names = [n for n in dict.fromkeys([*before, *after]) if before.get(n) != after.get(n)]
    return {n: before.get(n) for n in names}, {n: after.get(n) for n in names}


def _where(release: str | None) -> str:
    return release or "the backlog"


def _describe_cr(user: str, row: RowRecord) -> str:
    if row.before is None:
        return f"{user} created {row.key} in {_where((row.after or {}).get('release'))}"
    if row.after is None:
        return f"{user} deleted {row.key}"
    old, new = changed_fields(row.before, row.after)
    if "release" in new:
        return f"{user} moved {row.key} from {_where(old['release'])} to {_where(new['release'])}"
    if set(new) == {"stage"}:
        return f"{user} moved {row.key} to stage {new['stage']}"
    fields = ", ".join(n.replace("_", " ") for n in new) or "nothing"
    return f"{user} changed {row.key}: {fields}"


def _release_of(commit: Commit, cr_rows: list[RowRecord]) -> str | None:
    releases = [r.key for r in commit.rows if r.kind == "release"]
    if releases:
        return releases[0] if len(releases) == 1 else None
    found = {(r.after or r.before or {}).get("release") for r in cr_rows}
    return found.pop() if len(found) == 1 else None


def describe(commit: Commit) -> ChangeLine:
    cr_rows = [r for r in commit.rows if r.kind == "cr"]
    crs = tuple(dict.fromkeys(r.key for r in cr_rows))
    release = _release_of(commit, cr_rows)
    if len(commit.rows) == 1 and cr_rows:
        summary = _describe_cr(commit.user, cr_rows[0])
    elif any(r.kind == "plan" for r in commit.rows):
        summary = f"{commit.user}: {commit.action} (the whole plan)"
    else:
        others = len(commit.rows) - len(cr_rows)
        parts = [f"{len(crs)} change request{'s' * (len(crs) != 1)}"] if crs else []
        if others:
            parts.append(f"{others} other row{'s' * (others != 1)}")
        summary = f"{commit.user}: {commit.action} ({', '.join(parts)})"
    return ChangeLine(commit.at.isoformat(timespec="seconds"), commit.user, commit.action,
                      crs[0] if len(crs) == 1 else None, crs, release, summary)
