"""The database schema (SQLAlchemy Core). Alembic migrations in storage/migrations create and
evolve it; this module is their target and the store's vocabulary.

Natural keys are primary keys: they are what planners type and what the plan file uses.
`position` keeps the plan file's order so that an import followed by an export round-trips.
JSON scalars (attributes, set values) are stored as JSON text so that `1`, `1.0`, `"1"` and
`true` stay distinct, as SPEC.md section 1 requires.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _versioned(name: str, *columns) -> Table:
    return Table(name, metadata, *columns,
                 Column("position", Integer, nullable=False, index=True),
                 Column("version", Integer, nullable=False, server_default="1"))


settings = Table(
    "settings", metadata,
    Column("id", Integer, primary_key=True),  # always 1: one plan per database
    Column("today", String(10)),
    Column("ready_stage", String(16), nullable=False),
    Column("legacy_stage", String(16), nullable=False),
    Column("lead_time_days", Text, nullable=False),  # JSON object
    Column("workdays", Text, nullable=False),  # JSON list
    Column("communications", Text),  # JSON object; NULL: not set (migration 0003)
    Column("version", Integer, nullable=False, server_default="1"),
)

teams = _versioned(
    "teams",
    Column("key", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("members", Integer, nullable=False),
    Column("hours_per_day", Float, nullable=False),
    Column("color", String(7), nullable=False),
)

offer_packs = _versioned(
    "offer_packs",
    Column("key", String(64), primary_key=True),
    Column("name", Text, nullable=False),
)

items = _versioned(
    "items",
    Column("key", String(64), primary_key=True),
    Column("pack", String(64), ForeignKey("offer_packs.key"), nullable=False, index=True),
    Column("kind", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attributes", Text, nullable=False),  # JSON object of scalars
    Column("uses", Text, nullable=False),  # JSON list of item keys
)

releases = _versioned(
    "releases",
    Column("key", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("go_live", String(10), nullable=False),  # ISO date; sorts as text
    Column("freeze_days", Integer, nullable=False),
    Column("status", String(16), nullable=False),
)

change_requests = _versioned(
    "change_requests",
    Column("key", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("team", String(64), ForeignKey("teams.key"), nullable=False, index=True),
    Column("release", String(64), ForeignKey("releases.key"), index=True),
    Column("stage", String(16), nullable=False),
    Column("estimate_hours", Float, nullable=False),
    Column("priority", Integer, nullable=False),
    Column("emergency", Boolean, nullable=False),
    Column("justification", Text, nullable=False),
    Column("changes", Text, nullable=False, server_default="[]"),  # JSON list of changes
)

# Where an imported CR came from (issue 26, migration 0008): the tracker, its key and id there,
# and the CR's mapped fields as the last import left them (JSON), for the three-way re-import.
# Removed with its CR.
cr_sources = _versioned(
    "cr_sources",
    Column("key", String(64), ForeignKey("change_requests.key", ondelete="CASCADE"),
           primary_key=True),
    Column("source", String(16), nullable=False),
    Column("external_key", Text, nullable=False, index=True),
    Column("external_id", Text, nullable=False),
    Column("imported", Text, nullable=False),  # JSON object: field -> value at the last import
)

# A CR's dependencies are part of the CR: written with it, under its version. Its changes are
# too, and live on its row (`changes`, the plan file's JSON list; see migration 0002).
dependencies = Table(
    "dependencies", metadata,
    Column("cr", String(64), ForeignKey("change_requests.key", ondelete="CASCADE"),
           primary_key=True),
    Column("depends_on", String(64), ForeignKey("change_requests.key"), primary_key=True,
           index=True),  # the dependents of a CR, for single-CR edits (migration 0006)
    Column("seq", Integer, nullable=False),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_name", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("key", String(64), nullable=False, index=True),
    Column("before", Text),  # JSON document of the row; NULL when created
    Column("after", Text),  # JSON document of the row; NULL when deleted
    # The rows of one commit share it (migration 0005): on PostgreSQL the server sets it to the
    # transaction id; on SQLite the store writes the id of the commit's first audit row.
    Column("commit_id", BigInteger),
    Column("row_version", Integer),  # the row's version after the change; NULL when deleted
    Column("scenario", String(64)),  # NULL: a live edit; else the scenario it went into (0009)
    # A commit's rows, and one row of a commit (the audit check of storage/role_policies.py).
    Index("ix_audit_log_commit_row", "commit_id", "kind", "key"),
)

# Who has the plan open, and the CR each has open in the editor: advisory, one row per open
# client (`session` is random), refreshed by a heartbeat; old rows are ignored, then removed.
presence = Table(
    "presence", metadata,
    Column("session", String(64), primary_key=True),
    Column("user_name", Text, nullable=False),
    Column("cr", String(64)),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

# The teams whose CRs a PostgreSQL login with the planner role may write (`db grant`).
planner_teams = Table(
    "planner_teams", metadata,
    Column("login", Text, primary_key=True),
    Column("team", String(64), ForeignKey("teams.key", ondelete="CASCADE"), primary_key=True),
)

# Baselines and sign-offs (migration 0010, issue 24): written once, never updated.
baselines = Table(
    "baselines", metadata,
    Column("name", String(200), primary_key=True),
    Column("kind", String(16), nullable=False),  # manual, freeze, signoff, deploy
    Column("release", String(64)),  # the release it is of; NULL: the whole plan
    Column("taken_at", DateTime(timezone=True), nullable=False),
    Column("taken_by", Text, nullable=False),
    Column("audit_id", BigInteger, nullable=False),  # the last audit row when it was taken
    Column("content", LargeBinary, nullable=False),  # zlib-compressed JSON (app.baselines)
)

signoffs = Table(
    "signoffs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("release", String(64), nullable=False, index=True),
    Column("signed_by", Text, nullable=False),  # the name given with --by
    Column("login", Text, nullable=False),  # who ran it
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("baseline", String(200), ForeignKey("baselines.name"), nullable=False),
)

# Scenarios (issue 22, migration 0009): a scenario is a named change set over the live plan.
scenarios = Table(
    "scenarios", metadata,
    Column("name", String(64), primary_key=True),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# One row per (kind, key) a scenario changed: the row as the scenario has it (`after`, NULL:
# removed), the live version and row it was first changed against (NULL: new in the scenario).
scenario_changes = Table(
    "scenario_changes", metadata,
    Column("scenario", String(64), ForeignKey("scenarios.name", ondelete="CASCADE"),
           primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("team", String(64)),  # a CR's team: the planner's row-level security
    Column("base_version", Integer),
    Column("base", Text),
    Column("after", Text),
    Column("version", Integer, nullable=False),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)
