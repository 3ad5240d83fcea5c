"""Index the dependencies by the CR depended on.

A single-CR edit reads the CRs that depend on the one it moves (storage/scoped_load.py);
without this index SQLite scanned every dependency row for them (5 ms at 100,000 CRs, growing
with the plan), so one move did not cost the same at every size.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_dependencies_depends_on", "dependencies", ["depends_on"])


def downgrade() -> None:
    op.drop_index("ix_dependencies_depends_on", "dependencies")
