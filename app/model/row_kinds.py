"""The kinds of row a plan is made of, as the change sets, the store, the audit log and the
change feed name them. The values are the wire format (audit rows, feed messages): a StrEnum,
so a member equals its string."""

from __future__ import annotations

from enum import StrEnum


class RowKind(StrEnum):
    TEAM = "team"
    PACK = "pack"
    ITEM = "item"
    RELEASE = "release"
    CR = "cr"
    SETTINGS = "settings"  # one row, keyed ""
    SOURCE = "source"  # an imported CR's origin, keyed by the CR (issue 26)


# Each kind but settings and the Plan attribute holding its rows by key.
PLAN_TABLES = {RowKind.TEAM: "teams", RowKind.PACK: "packs", RowKind.ITEM: "items",
               RowKind.RELEASE: "releases", RowKind.CR: "crs", RowKind.SOURCE: "sources"}

# What a planner calls a row of each kind, in messages.
NOUNS = {RowKind.TEAM: "team", RowKind.PACK: "offer pack", RowKind.ITEM: "item",
         RowKind.RELEASE: "release", RowKind.CR: "change request",
         RowKind.SETTINGS: "plan settings", RowKind.SOURCE: "import source"}
