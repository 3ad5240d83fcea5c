"""The first schema: plan tables with version counters, and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _bookkeeping():
    return (sa.Column("position", sa.Integer, nullable=False),
            sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("today", sa.String(10)),
        sa.Column("ready_stage", sa.String(16), nullable=False),
        sa.Column("legacy_stage", sa.String(16), nullable=False),
        sa.Column("lead_time_days", sa.Text, nullable=False),
        sa.Column("workdays", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.create_table(
        "teams",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("hours_per_day", sa.Float, nullable=False),
        sa.Column("color", sa.String(7), nullable=False),
        *_bookkeeping())
    op.create_table(
        "offer_packs",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        *_bookkeeping())
    op.create_table(
        "items",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("pack", sa.String(64), sa.ForeignKey("offer_packs.key"), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attributes", sa.Text, nullable=False),
        sa.Column("uses", sa.Text, nullable=False),
        *_bookkeeping())
    op.create_index("ix_items_pack", "items", ["pack"])
    op.create_table(
        "releases",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("go_live", sa.String(10), nullable=False),
        sa.Column("freeze_days", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        *_bookkeeping())
    op.create_table(
        "change_requests",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("team", sa.String(64), sa.ForeignKey("teams.key"), nullable=False),
        sa.Column("release", sa.String(64), sa.ForeignKey("releases.key")),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("estimate_hours", sa.Float, nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("emergency", sa.Boolean, nullable=False),
        sa.Column("justification", sa.Text, nullable=False),
        *_bookkeeping())
    op.create_index("ix_change_requests_team", "change_requests", ["team"])
    op.create_index("ix_change_requests_release", "change_requests", ["release"])
    op.create_table(
        "changes",
        sa.Column("cr", sa.String(64),
                  sa.ForeignKey("change_requests.key", ondelete="CASCADE"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("field", sa.Text),
        sa.Column("from_value", sa.Text),
        sa.Column("to_value", sa.Text),
        sa.Column("pack", sa.String(64)),
        sa.Column("kind", sa.String(64)),
        sa.Column("name", sa.Text),
        sa.Column("attributes", sa.Text),
        sa.Column("uses", sa.Text))
    op.create_index("ix_changes_item", "changes", ["item"])
    op.create_table(
        "dependencies",
        sa.Column("cr", sa.String(64),
                  sa.ForeignKey("change_requests.key", ondelete="CASCADE"), primary_key=True),
        sa.Column("depends_on", sa.String(64), sa.ForeignKey("change_requests.key"),
                  primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text))
    op.create_index("ix_audit_log_key", "audit_log", ["key"])


def downgrade() -> None:
    for table in ("audit_log", "dependencies", "changes", "change_requests", "releases",
                  "items", "offer_packs", "teams", "settings"):
        op.drop_table(table)
