"""Baselines and sign-offs (issue 24).

- `baselines`: a named, read-only record of the plan at one moment: which CRs targeted which
  release, each release's go-live, freeze and status, what each bundle shipped (`content`,
  zlib-compressed JSON: a 100,000-CR plan is a few hundred kilobytes). `audit_id` is the last
  audit row at that moment: `slip` reads who moved what after it. `kind`: manual, freeze,
  signoff or deploy; the name is the key, so an automatic baseline ("freeze R1") is taken once
  however many clients see the freeze start together.
- `signoffs`: who approved which release, when, with a note and the bundle's fingerprint, and
  the baseline taken with it.
Nothing updates either table: a baseline is never edited (only a manual one may be deleted).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "baselines",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("release", sa.String(64)),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.Text, nullable=False),
        sa.Column("audit_id", sa.BigInteger, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "signoffs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("release", sa.String(64), nullable=False, index=True),
        sa.Column("signed_by", sa.Text, nullable=False),
        sa.Column("login", sa.Text, nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("baseline", sa.String(200), sa.ForeignKey("baselines.name"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("signoffs")
    op.drop_table("baselines")
