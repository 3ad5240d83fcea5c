"""The SQL that `db roles` runs (storage/roles.py says what it enforces and why)."""

from __future__ import annotations

from app.rules.permissions import MANAGER, PLANNER, VIEWER

GROUPS = {VIEWER: "release_viewer", PLANNER: "release_planner", MANAGER: "release_manager"}
SCENARIO_TABLES = ("scenarios", "scenario_changes")
PLAN_TABLES = ("settings", "teams", "offer_packs", "items", "releases", "change_requests",
               "dependencies")
# Imported CRs' origins (issue 26): read by everyone, written by managers. No audit trigger:
# a planner's delete of an imported CR removes its origin by cascade.
SOURCE_TABLES = ("cr_sources",)
# No `%` in these statements: the driver would read it as a parameter placeholder. Every name
# is schema-qualified and the search_path pinned with pg_temp last (issue 23): a planner's temp
# table `planner_teams` must not stand in for the real one.
_FUNCTIONS = """
CREATE OR REPLACE FUNCTION {s}.rp_is_owner() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
    SELECT pg_has_role(current_user, (SELECT relowner FROM pg_catalog.pg_class
                                      WHERE oid = '{s}.change_requests'::regclass), 'USAGE')
$$;

CREATE OR REPLACE FUNCTION {s}.rp_is_manager() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
    SELECT pg_has_role(current_user, 'release_manager', 'USAGE') OR {s}.rp_is_owner()
$$;

CREATE OR REPLACE FUNCTION {s}.rp_plans_team(team_key text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
    SELECT {s}.rp_is_manager()
        OR (pg_has_role(current_user, 'release_planner', 'USAGE')
            AND EXISTS (SELECT 1 FROM {s}.planner_teams
                        WHERE login = session_user AND team = team_key))
$$;

CREATE OR REPLACE FUNCTION {s}.rp_team_of(cr_key text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
    SELECT team FROM {s}.change_requests WHERE key = cr_key
$$;

CREATE OR REPLACE FUNCTION {s}.rp_guard_team_rows() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
    cr_key text;
    team_key text;
BEGIN
    IF {s}.rp_is_manager() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    FOR i IN 1..2 LOOP
        IF i = 1 AND TG_OP <> 'INSERT' THEN
            IF TG_TABLE_NAME = 'change_requests' THEN
                cr_key := OLD.key; team_key := OLD.team;
            ELSE
                cr_key := OLD.cr; team_key := {s}.rp_team_of(OLD.cr);
            END IF;
        ELSIF i = 2 AND TG_OP <> 'DELETE' THEN
            IF TG_TABLE_NAME = 'change_requests' THEN
                cr_key := NEW.key; team_key := NEW.team;
            ELSE
                cr_key := NEW.cr; team_key := {s}.rp_team_of(NEW.cr);
            END IF;
        ELSE
            CONTINUE;
        END IF;
        IF NOT {s}.rp_plans_team(team_key) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = cr_key || ' is a CR of team ' || COALESCE(team_key, '(none)')
                    || ': changing it needs the planner role for team '
                    || COALESCE(team_key, '(none)') || ' or the manager role ('
                    || session_user || ' may not)';
        END IF;
    END LOOP;
    RETURN COALESCE(NEW, OLD);
END $$;

-- A scenario's row (issue 22): refused out loud, naming the team, rather than by RLS's
-- generic message.
CREATE OR REPLACE FUNCTION {s}.rp_guard_scenario_rows() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    IF {s}.rp_is_manager() OR (NEW.kind = 'cr' AND {s}.rp_plans_team(NEW.team)) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = NEW.kind || ' ' || NEW.key || CASE WHEN NEW.kind = 'cr'
            THEN ' is a CR of team ' || COALESCE(NEW.team, '(none)')
                 || ': putting it in a scenario needs the planner role for team '
                 || COALESCE(NEW.team, '(none)') || ' or the manager role'
            ELSE ': changing it in a scenario needs the manager role' END
            || ' (' || session_user || ' may not)';
END $$;

-- Baselines and sign-offs (issue 24) name who took them as the server knows the login.
CREATE OR REPLACE FUNCTION {s}.rp_stamp_taker() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'baselines' THEN
        NEW.taken_by := session_user; NEW.taken_at := now();
    ELSE
        NEW.login := session_user; NEW.signed_at := now();
    END IF;
    RETURN NEW;
END $$;

-- Before 0007 the client wrote audit rows and a trigger checked them; the server writes them.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['settings', 'teams', 'offer_packs', 'items', 'releases',
                             'change_requests', 'dependencies'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS rp_require_audit ON {s}.' || t);
    END LOOP;
END $$;
DROP TRIGGER IF EXISTS rp_stamp_session_user ON {s}.audit_log;
DROP FUNCTION IF EXISTS {s}.rp_require_audit();
DROP FUNCTION IF EXISTS {s}.rp_stamp_session_user();
"""


def functions(schema: str) -> str:
    return _FUNCTIONS.format(s=schema)


def policies(s: str) -> list[str]:
    def policy(table, name, rule):
        return [f"DROP POLICY IF EXISTS {name} ON {s}.{table}",
                f"CREATE POLICY {name} ON {s}.{table} {rule}"]

    out = []
    for table, team in (("change_requests", "team"), ("dependencies", f"{s}.rp_team_of(cr)")):
        out += [f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY",
                *policy(table, "rp_read", "FOR SELECT TO release_viewer USING (true)"),
                *policy(table, "rp_manage", "FOR ALL TO release_manager USING (true) "
                                            "WITH CHECK (true)"),
                *policy(table, "rp_plan_insert", f"FOR INSERT TO release_planner "
                                                 f"WITH CHECK ({s}.rp_plans_team({team}))"),
                # USING (true): the guard trigger refuses another team's row out loud.
                *policy(table, "rp_plan_update", f"FOR UPDATE TO release_planner USING (true) "
                                                 f"WITH CHECK ({s}.rp_plans_team({team}))"),
                *policy(table, "rp_plan_delete", "FOR DELETE TO release_planner USING (true)"),
                f"DROP TRIGGER IF EXISTS rp_guard_team_rows ON {s}.{table}",
                f"CREATE TRIGGER rp_guard_team_rows BEFORE INSERT OR UPDATE OR DELETE ON "
                f"{s}.{table} FOR EACH ROW EXECUTE FUNCTION {s}.rp_guard_team_rows()"]
    # The server writes the audit log (storage/server_audit.py): no plan role inserts a row.
    out += [f"ALTER TABLE {s}.audit_log ENABLE ROW LEVEL SECURITY",
            *policy("audit_log", "rp_read", "FOR SELECT TO release_viewer USING (true)"),
            f"DROP POLICY IF EXISTS rp_manage ON {s}.audit_log",
            f"DROP POLICY IF EXISTS rp_plan_insert ON {s}.audit_log",
            f"ALTER TABLE {s}.presence ENABLE ROW LEVEL SECURITY",
            *policy("presence", "rp_read", "FOR SELECT TO release_viewer USING (true)"),
            *policy("presence", "rp_own", "FOR ALL TO release_viewer "
                                          "USING (user_name = session_user "
                                          "OR seen_at < now() - interval '1 hour') "
                                          "WITH CHECK (user_name = session_user)")]
    # Scenarios (issue 22): anyone may read them; a planner puts only their teams' CRs in one
    # (promotion then needs the live rights of every change); a manager anything.
    out += [f"ALTER TABLE {s}.scenario_changes ENABLE ROW LEVEL SECURITY",
            *policy("scenario_changes", "rp_read", "FOR SELECT TO release_viewer USING (true)"),
            *policy("scenario_changes", "rp_manage", "FOR ALL TO release_manager USING (true) "
                                                     "WITH CHECK (true)"),
            *policy("scenario_changes", "rp_plan_write", "FOR ALL TO release_planner "
                    f"USING (kind = 'cr' AND {s}.rp_plans_team(team)) "
                    f"WITH CHECK (kind = 'cr' AND {s}.rp_plans_team(team))"),
            f"DROP TRIGGER IF EXISTS rp_guard_scenario_rows ON {s}.scenario_changes",
            f"CREATE TRIGGER rp_guard_scenario_rows BEFORE INSERT OR UPDATE ON "
            f"{s}.scenario_changes FOR EACH ROW EXECUTE FUNCTION {s}.rp_guard_scenario_rows()"]
    # Baselines (issue 24): nobody edits one. Whoever first sees a freeze start takes its
    # baseline, a viewer too; a planner also takes manual ones; a manager takes any (sign-off,
    # deploy) and deletes manual ones. The server names who took it and when.
    out += [f"ALTER TABLE {s}.baselines ENABLE ROW LEVEL SECURITY",
            *policy("baselines", "rp_read", "FOR SELECT TO release_viewer USING (true)"),
            *policy("baselines", "rp_freeze", "FOR INSERT TO release_viewer "
                                              "WITH CHECK (kind = 'freeze')"),
            *policy("baselines", "rp_plan_insert", "FOR INSERT TO release_planner "
                                                   "WITH CHECK (kind IN ('manual', 'freeze'))"),
            *policy("baselines", "rp_manage", "FOR INSERT TO release_manager WITH CHECK (true)"),
            *policy("baselines", "rp_delete", "FOR DELETE TO release_manager "
                                              "USING (kind = 'manual')")]
    for table in ("baselines", "signoffs"):
        out += [f"DROP TRIGGER IF EXISTS rp_stamp_taker ON {s}.{table}",
                f"CREATE TRIGGER rp_stamp_taker BEFORE INSERT ON {s}.{table} "
                f"FOR EACH ROW EXECUTE FUNCTION {s}.rp_stamp_taker()"]
    return out


def grants(database: str, s: str) -> list[str]:
    every = ", ".join(f"{s}.{name}" for name in (*PLAN_TABLES, "audit_log", "presence",
                                                  *SOURCE_TABLES, *SCENARIO_TABLES,
                                                  "planner_teams",
                                                  "alembic_version", "baselines", "signoffs"))
    groups = ", ".join(GROUPS.values())
    return [
        "GRANT release_viewer TO release_planner",
        "GRANT release_planner TO release_manager",
        f'GRANT CONNECT ON DATABASE "{database}" TO release_viewer',
        # Defence in depth (issue 23): a plan login needs no temp tables and creates nothing.
        f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC, {groups}',
        f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC, {groups}",
        f"GRANT USAGE ON SCHEMA {s} TO release_viewer",
        f"GRANT SELECT ON {every} TO release_viewer",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.presence TO release_viewer",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.change_requests, {s}.dependencies "
        "TO release_planner",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {s}.audit_log FROM {groups}",
        f"REVOKE ALL ON {s}.audit_pending FROM PUBLIC, {groups}",
        f"REVOKE USAGE ON SEQUENCE {s}.audit_log_id_seq FROM {groups}",
        f"GRANT INSERT, UPDATE, DELETE ON "
        f"{', '.join(f'{s}.{t}' for t in (*PLAN_TABLES, *SOURCE_TABLES))} TO release_manager",
        # A planner makes scenarios and puts their teams' CRs in them (policies above).
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(f'{s}.{t}' for t in SCENARIO_TABLES)} "
        "TO release_planner",
        f"GRANT INSERT ON {s}.baselines TO release_viewer",
        f"GRANT DELETE ON {s}.baselines TO release_manager",
        f"GRANT INSERT ON {s}.signoffs TO release_manager",
        f"GRANT USAGE ON SEQUENCE {s}.signoffs_id_seq TO release_manager",
    ]
