"""The change feed and presence: audit rows grouped by commit, announced by the server.

- `audit_log.commit_id` groups the rows of one commit (a client fetches the rows after the last
  id it saw and applies one change set per commit); `audit_log.row_version` is the row's
  version after the change, so a client that applies another planner's commit knows the version
  its own next edit of that row must expect.
- `presence`: who has the plan open and which CR each has open in the editor (advisory).
- `planner_teams`: the teams a planner login may write (`release-planner db grant`).

On PostgreSQL three triggers on `audit_log`, whatever the client that writes (a raw psql INSERT
too):
- before the statement, a transaction-level advisory lock: audit ids are then handed out in
  commit order (the sequence alone hands them out in insert order, so a reader that saw id 11
  committed could later miss 10), and "the rows after id N" never skips a commit. The lock is
  held from a transaction's first audit insert to its commit, so writers insert audit rows last.
- before each row, `commit_id` := the transaction id (set by the server; a client cannot split
  or merge commits);
- after the statement, `NOTIFY release_planner_changes` with the statement's highest id.
  One notification per statement, not per row: a client fetches every row after its last id
  anyway, so one wake-up per statement is enough, and a deploy of 5,000 CRs does not queue
  5,000 notifications to every listener. PostgreSQL delivers it only when the transaction
  commits, and drops it when it rolls back.
`presence` changes notify `release_planner_presence` (a CR opened or closed, a client come or
gone; not the heartbeat that only refreshes `seen_at`).

SQLite gets the columns and tables; its clients poll `PRAGMA data_version`, and BEGIN IMMEDIATE
already serialises writers, so ids are in commit order there.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

# Any constant: the advisory lock that orders audit ids (storage/change_log.py names it too).
AUDIT_LOCK_KEY = 7_240_517

_POSTGRES_TRIGGERS = f"""
CREATE OR REPLACE FUNCTION rp_audit_in_commit_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({AUDIT_LOCK_KEY});
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rp_audit_commit_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.commit_id := txid_current();
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION rp_audit_announce() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    top bigint;
BEGIN
    SELECT max(id) INTO top FROM inserted_rows;
    IF top IS NOT NULL THEN
        PERFORM pg_notify('release_planner_changes', top::text);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rp_presence_announce() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('release_planner_presence', '');
    RETURN NULL;
END $$;

CREATE TRIGGER rp_audit_in_commit_order BEFORE INSERT ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION rp_audit_in_commit_order();
CREATE TRIGGER rp_audit_commit_id BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION rp_audit_commit_id();
CREATE TRIGGER rp_audit_announce AFTER INSERT ON audit_log
    REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rp_audit_announce();
CREATE TRIGGER rp_presence_come_or_go AFTER INSERT OR DELETE ON presence
    FOR EACH ROW EXECUTE FUNCTION rp_presence_announce();
CREATE TRIGGER rp_presence_cr AFTER UPDATE ON presence
    FOR EACH ROW WHEN (OLD.cr IS DISTINCT FROM NEW.cr) EXECUTE FUNCTION rp_presence_announce();
"""


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("commit_id", sa.BigInteger))
        batch.add_column(sa.Column("row_version", sa.Integer))
    op.create_index("ix_audit_log_commit_row", "audit_log", ["commit_id", "kind", "key"])
    # Rows written before this revision: the store gave all rows of one commit the same time,
    # user and action, so those group them; the commit's id is its first row's. Grouped here
    # in one pass: a correlated UPDATE would compare every row with every other.
    bind = op.get_bind()
    op.execute("UPDATE audit_log SET commit_id = id")
    first: dict = {}
    later = []
    for row_id, at, user, action in bind.execute(sa.text(
            "SELECT id, at, user_name, action FROM audit_log ORDER BY id")):
        commit = first.setdefault((at, user, action), row_id)
        if commit != row_id:
            later.append({"row": row_id, "commit": commit})
    if later:
        bind.execute(sa.text("UPDATE audit_log SET commit_id = :commit WHERE id = :row"), later)
    op.create_table(
        "presence",
        sa.Column("session", sa.String(64), primary_key=True),
        sa.Column("user_name", sa.Text, nullable=False),
        sa.Column("cr", sa.String(64)),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "planner_teams",
        sa.Column("login", sa.Text, primary_key=True),
        sa.Column("team", sa.String(64), sa.ForeignKey("teams.key", ondelete="CASCADE"),
                  primary_key=True),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_TRIGGERS)


def downgrade() -> None:
    raise NotImplementedError("Release Planner does not downgrade databases; restore the "
                              "backup made before the upgrade instead")
