"""What keeps a calendar export's events apart and in order (RFC 5545): an identity of the plan
in every UID, and a revision per release for SEQUENCE.

- A database's identity is a hash of its first audit record, the one that filled it (import,
  demo, generate: who, when, how much): fixed for the database's life, different for every
  database, the same from every machine that opens it, and no schema change. A database
  without that record falls back to a hash of where it is.
- A plan file has no history and no identity field (SPEC.md section 4 refuses unknown fields):
  its identity is a hash of its full path, so the same file exported again updates the same
  events, and another plan's releases with the same keys never collide with them.
- A release's revision counts the audit records that changed its go-live, freeze window or
  status: it rises exactly when the events change, and stays put on an export that changes
  nothing. A plan file has no history: its revisions are 0.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SCHEDULE_FIELDS = ("go_live", "freeze_days", "status")
ID_LENGTH = 16  # hex digits: 64 bits, plenty to keep a few plans apart


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_LENGTH]


def database_identity(plan_history: list[dict], where: str) -> str:
    """From the audit rows of kind "plan" (oldest first); `where` when there are none."""
    if not plan_history:
        return _digest("database:" + where)
    first = plan_history[0]
    return _digest(json.dumps([str(first["at"]), first["user"], first["action"],
                               first["after"]], sort_keys=True, default=str))


def plan_file_identity(path: str | Path) -> str:
    return _digest("plan file:" + str(Path(path).resolve()))


def release_revision(history: list[dict]) -> int:
    """How often the audit rows of one release changed its dates or status."""
    return sum(1 for row in history if row["before"] and row["after"]
               and any(row["before"].get(f) != row["after"].get(f) for f in SCHEDULE_FIELDS))


def release_revisions(history_of, releases) -> dict[str, int]:
    """Each release's revision; `history_of(kind, key)` reads the audit rows of a row."""
    return {key: release_revision(history_of("release", key)) for key in releases}


SEND_ITEM_FIELDS = ("name", "kind", "status")
SEND_ATTRIBUTES = ("send_date", "audience")


def _item_shown(doc: dict) -> tuple:
    attributes = doc.get("attributes") or {}
    return (*(doc.get(f) for f in SEND_ITEM_FIELDS),
            *(attributes.get(f) for f in SEND_ATTRIBUTES))


def _cr_shown(doc: dict, item: str) -> tuple:
    """What of a CR a send's event shows: its release, its stage (whether it ships) and its
    changes of that item."""
    changes = [ch for ch in doc.get("changes") or () if ch.get("item") == item]
    return doc.get("release"), doc.get("stage"), json.dumps(changes, sort_keys=True)


def send_revisions(history_of, plan, items) -> dict[str, int]:
    """Each send's revision, for its event's SEQUENCE: the audit records that changed the item
    as a send shows it (name, kind, status, date, audience) or a CR's changes of it, its
    release or its stage. It rises when the event may change, and stays put otherwise.
    `history_of(kind, key)` reads the audit rows of a row (oldest first)."""
    naming: dict[str, list[str]] = {}
    for key, cr in plan.crs.items():
        for ch in cr.changes:
            if ch.item in items and key not in naming.setdefault(ch.item, []):
                naming[ch.item].append(key)
    cr_rows: dict[str, list[dict]] = {}
    out = {}
    for item in items:
        count = sum(1 for row in history_of("item", item) if row["before"] and row["after"]
                    and _item_shown(row["before"]) != _item_shown(row["after"]))
        for key in naming.get(item, ()):
            if key not in cr_rows:
                cr_rows[key] = history_of("cr", key)
            count += sum(1 for row in cr_rows[key] if row["before"] and row["after"]
                         and _cr_shown(row["before"], item) != _cr_shown(row["after"], item))
        out[item] = count
    return out
