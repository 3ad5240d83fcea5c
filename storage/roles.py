"""Roles enforced by PostgreSQL itself, for every client including a raw psql session.

- Group roles release_viewer < release_planner < release_manager (each a member of the next
  lower one, so privileges add up). A login gets one of them with `db grant`; a planner's teams
  are rows of `planner_teams`.
- GRANTs: a viewer reads every table and writes only its own presence rows; a planner also
  writes change_requests and dependencies; a manager writes every plan table. The server
  writes the audit log (storage/server_audit.py); no plan role inserts, updates or deletes
  audit rows. No plan role has TEMP on the database or CREATE on the plan's schema.
- Row-level security limits a planner to the CRs of their teams (and those CRs' dependency and
  audit rows). RLS hides rows from an UPDATE or DELETE instead of refusing it, which a client
  would take for "changed by someone else"; so the planner policies let UPDATE and DELETE see
  every row and a trigger refuses another team's row with insufficient_privilege, naming the
  role needed. WITH CHECK still refuses writing a row into another team.
- The audit row's and presence row's user is set by the server from session_user; every
  function names its tables with their schema under a pinned search_path (pg_temp last).

Everything here is idempotent: `db roles` may run again, e.g. after an upgrade added a table.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from app.edits.store_port import StoreError
from app.rules.permissions import MANAGER, NO_ROLE, PLANNER, VIEWER, Permissions, everyone_manages
from storage import schema as t
from storage.errors import translate_errors
from storage.role_policies import (
    GROUPS,
    PLAN_TABLES,
    SCENARIO_TABLES,
    SOURCE_TABLES,
    functions,
    grants,
    policies,
)


def require_postgres(dialect: str | None, command: str) -> None:
    if dialect != "postgresql":
        raise StoreError(f"{command}: roles need PostgreSQL; on a SQLite file everyone who can "
                         "open it may do everything (a manager)")


def install_roles(engine: Engine) -> None:
    """Create (or bring up to date) the group roles, their GRANTs, RLS and triggers."""
    require_postgres(engine.dialect.name, "db roles")
    with translate_errors(engine), engine.connect() as conn, conn.begin():
        for role in GROUPS.values():
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                  {"r": role}).first()
            if not exists:
                if not conn.execute(text("SELECT rolcreaterole OR rolsuper FROM pg_roles "
                                         "WHERE rolname = current_user")).scalar():
                    raise StoreError(f"db roles: the server has no role {role}; an "
                                     "administrator creates the three group roles and grants "
                                     "them to the plan's owner WITH ADMIN OPTION (README, "
                                     "shared mode)")
                conn.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
        schema = conn.exec_driver_sql("SELECT quote_ident(current_schema())").scalar()
        conn.exec_driver_sql(functions(schema))
        for statement in (*grants(engine.url.database, schema), *policies(schema)):
            conn.exec_driver_sql(statement)
        # A transaction left open in a psql session holds its row locks and delays the change
        # feed (storage/change_log.py): end it after a minute.
        conn.exec_driver_sql(f'ALTER DATABASE "{engine.url.database}" '
                             "SET idle_in_transaction_session_timeout = '60s'")


# Group roles belong to the server, shared by its databases: whether `db roles` ran on this
# database is whether its policies exist.
_INSTALLED = ("SELECT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = 'change_requests' "
              "AND policyname = 'rp_read')")


def roles_installed(engine: Engine) -> bool:
    if engine.dialect.name != "postgresql":
        return False
    with translate_errors(engine), engine.connect() as conn:
        return conn.execute(text(_INSTALLED)).scalar()


def login_if_enforced(engine: Engine) -> str:
    """The login of `engine`'s connections when the server enforces roles, else ""."""
    with translate_errors(engine), engine.connect() as conn:
        login, enforced = conn.execute(text(f"SELECT session_user, ({_INSTALLED[7:]})")).one()
    return login if enforced else ""


def _login_exists(conn, login: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r AND rolcanlogin"),
                        {"r": login}).first() is not None


def _quoted(conn, login: str) -> str:
    return conn.execute(text("SELECT quote_ident(:r)"), {"r": login}).scalar()


def grant(engine: Engine, login: str, role: str, teams: list[str]) -> None:
    """Give `login` exactly one role (and, for a planner, exactly these teams)."""
    require_postgres(engine.dialect.name, "db grant")
    with translate_errors(engine), engine.connect() as conn, conn.begin():
        if not conn.execute(text(_INSTALLED)).scalar():
            raise StoreError("db grant: this database has no roles yet; run `release-planner db "
                             "roles` first (as the database owner)")
        if not _login_exists(conn, login):
            raise StoreError(f"db grant: the server has no login {login!r}; create it first, "
                             f"e.g. CREATE ROLE {login} LOGIN PASSWORD '...'")
        known = {r[0] for r in conn.execute(text("SELECT key FROM teams"))}
        unknown = [team for team in teams if team not in known]
        if unknown:
            raise StoreError(f"db grant: --team {unknown[0]}: the plan has no such team "
                             f"(teams: {', '.join(sorted(known)) or 'none'})")
        name = _quoted(conn, login)
        _revoke(conn, login, name)
        conn.exec_driver_sql(f"GRANT {GROUPS[role]} TO {name}")
        if role == PLANNER and teams:
            conn.execute(t.planner_teams.insert(), [{"login": login, "team": team}
                                                    for team in dict.fromkeys(teams)])


def revoke(engine: Engine, login: str) -> None:
    require_postgres(engine.dialect.name, "db revoke")
    with translate_errors(engine), engine.connect() as conn, conn.begin():
        if not _login_exists(conn, login):
            raise StoreError(f"db revoke: the server has no login {login!r}")
        _revoke(conn, login, _quoted(conn, login))


def _revoke(conn, login: str, name: str) -> None:
    for group in GROUPS.values():
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group}).first():
            conn.exec_driver_sql(f"REVOKE {group} FROM {name}")
    # Privileges given to the login directly (an older setup) would bypass its role.
    every = ", ".join((*PLAN_TABLES, *SOURCE_TABLES, *SCENARIO_TABLES, "audit_log", "presence",
                       "planner_teams"))
    conn.exec_driver_sql(f"REVOKE ALL ON {every} FROM {name}")
    conn.execute(t.planner_teams.delete().where(t.planner_teams.c.login == login))


def read_permissions(engine: Engine, login: str) -> Permissions:
    """What this connection's login may do. Without roles: a manager."""
    if engine.dialect.name != "postgresql":
        return everyone_manages(login)
    with translate_errors(engine), engine.connect() as conn:
        row = conn.execute(text(
            f"SELECT session_user, ({_INSTALLED[7:]}), "
            "pg_has_role(session_user, (SELECT relowner FROM pg_class "
            "                           WHERE oid = 'change_requests'::regclass), 'USAGE')")).one()
        session, enforced, owner = row
        if not enforced or owner:
            return Permissions(session, MANAGER, enforced=enforced)
        held = [role for role in (MANAGER, PLANNER, VIEWER) if conn.execute(
            text("SELECT pg_has_role(session_user, :g, 'USAGE')"), {"g": GROUPS[role]}).scalar()]
        role = held[0] if held else NO_ROLE
        teams = frozenset(r[0] for r in conn.execute(
            text("SELECT team FROM planner_teams WHERE login = session_user"))) \
            if role == PLANNER else frozenset()
        return Permissions(session, role, teams, enforced=True)
