"""Scenarios (issue 22): named change sets over the live plan, stored beside it.

- `scenarios`: one row per scenario (the live plan is not one: it is the plan tables).
- `scenario_changes`: a scenario's rows, one per (kind, key) it changed: the row as the
  scenario has it (`after`, the audit log's JSON document; NULL: removed in the scenario), the
  live version it was first changed against (`base_version`, NULL: a row new in the scenario)
  and that live row (`base`), so that a later live change shows (stale) and a three-way merge
  can decide it. `version` counts the scenario's own edits of the row. `team` is the CR's team,
  for the planner's row-level security on PostgreSQL.
- `audit_log.scenario`: NULL for a live edit, else the scenario an edit went into; the live
  change feed reads only the NULL rows. On PostgreSQL the server writes those rows
  (storage/scenario_audit.py), as it writes live's since 0007.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "scenario_changes",
        sa.Column("scenario", sa.String(64),
                  sa.ForeignKey("scenarios.name", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("team", sa.String(64)),
        sa.Column("base_version", sa.Integer),
        sa.Column("base", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("scenario", sa.String(64)))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # the server writes a scenario's audit too (0007)
        from storage import scenario_audit

        schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
        for statement in scenario_audit.sql(schema):
            bind.exec_driver_sql(statement)


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("scenario")
    op.drop_table("scenario_changes")
    op.drop_table("scenarios")
