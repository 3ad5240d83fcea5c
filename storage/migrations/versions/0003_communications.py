"""Keep the send calendar's setting (SPEC.md section 6) with the plan's other settings.

One nullable JSON column: NULL is a plan that never set it (its defaults apply, and it is
exported without it, as it was imported); otherwise the setting with every entry filled in.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("communications", sa.Text, nullable=True))


def downgrade() -> None:
    raise NotImplementedError("Release Planner does not downgrade databases; restore the "
                              "backup made before the upgrade instead")
