"""Keep where an imported CR came from (issue 26): one `cr_sources` row per imported CR with
the tracker, its key and id there, and the CR's mapped fields at the last import (JSON), so a
re-import matches every row to its CR and compares three ways.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cr_sources",
        sa.Column("key", sa.String(64),
                  sa.ForeignKey("change_requests.key", ondelete="CASCADE"), primary_key=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("external_key", sa.Text, nullable=False),
        sa.Column("external_id", sa.Text, nullable=False),
        sa.Column("imported", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_index("ix_cr_sources_position", "cr_sources", ["position"])
    op.create_index("ix_cr_sources_external_key", "cr_sources", ["external_key"])


def downgrade() -> None:
    raise NotImplementedError("Release Planner does not downgrade databases; restore the "
                              "backup made before the upgrade instead")
