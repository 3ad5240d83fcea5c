"""The PostgreSQL server is the authority (issue 23): it writes the audit log and keeps versions
(storage/server_audit.py), refuses values the plan file refuses (storage/server_checks.py) and
breaks of the rules one row decides (storage/server_rules.py), whatever the client. The
advisory lock that ordered audit ids is gone: any login could take it and stall every write.

SQLite gets nothing: a file is shared only by people who may all write it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from storage import server_audit, server_checks, server_rules

    schema = bind.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
    for statement in (*server_audit.sql(schema), *server_checks.sql(schema),
                      *server_rules.sql(schema)):
        bind.exec_driver_sql(statement)


def downgrade() -> None:
    raise NotImplementedError("Release Planner does not downgrade databases; restore the "
                              "backup made before the upgrade instead")
