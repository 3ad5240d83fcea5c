"""The SQL that `db roles` runs (storage/roles.py says what it enforces and why)."""

from __future__ import annotations

from app.rules.permissions import MANAGER, PLANNER, VIEWER

GROUPS = {VIEWER: "release_viewer", PLANNER: "release_planner", MANAGER: "release_manager"}
SCENARIO_TABLES = ("scenarios", "scenario_changes")
PLAN_TABLES = ("settings", "teams", "offer_packs", "items", "releases", "change_requests",
               "dependencies")
# The audit log's `kind` for a row of each plan table (a dependency is part of its CR).
AUDIT_KINDS = {"settings": "settings", "teams": "team", "offer_packs": "pack", "items": "item",
               "releases": "release", "change_requests": "cr", "dependencies": "cr"}

# No `%` in these statements: the driver would read it as a parameter placeholder.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION rp_is_owner() RETURNS boolean
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class
                                      WHERE oid = 'change_requests'::regclass), 'USAGE')
$$;

CREATE OR REPLACE FUNCTION rp_is_manager() RETURNS boolean
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT pg_has_role(current_user, 'release_manager', 'USAGE') OR rp_is_owner()
$$;

CREATE OR REPLACE FUNCTION rp_plans_team(team_key text) RETURNS boolean
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT rp_is_manager()
        OR (pg_has_role(current_user, 'release_planner', 'USAGE')
            AND EXISTS (SELECT 1 FROM planner_teams
                        WHERE login = session_user AND team = team_key))
$$;

CREATE OR REPLACE FUNCTION rp_team_of(cr_key text) RETURNS text
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT team FROM change_requests WHERE key = cr_key
$$;

CREATE OR REPLACE FUNCTION rp_guard_team_rows() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    cr_key text;
    team_key text;
BEGIN
    IF rp_is_manager() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    FOR i IN 1..2 LOOP
        IF i = 1 AND TG_OP <> 'INSERT' THEN
            IF TG_TABLE_NAME = 'change_requests' THEN
                cr_key := OLD.key; team_key := OLD.team;
            ELSE
                cr_key := OLD.cr; team_key := rp_team_of(OLD.cr);
            END IF;
        ELSIF i = 2 AND TG_OP <> 'DELETE' THEN
            IF TG_TABLE_NAME = 'change_requests' THEN
                cr_key := NEW.key; team_key := NEW.team;
            ELSE
                cr_key := NEW.cr; team_key := rp_team_of(NEW.cr);
            END IF;
        ELSE
            CONTINUE;
        END IF;
        IF NOT rp_plans_team(team_key) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = cr_key || ' is a CR of team ' || COALESCE(team_key, '(none)')
                    || ': changing it needs the planner role for team '
                    || COALESCE(team_key, '(none)') || ' or the manager role ('
                    || session_user || ' may not)';
        END IF;
    END LOOP;
    RETURN COALESCE(NEW, OLD);
END $$;

-- At commit: a row changed by anyone but the owner must have its audit row in the same
-- transaction (migration 0005 sets commit_id to the transaction id). So every change is
-- recorded and, through the audit trigger, announced, whatever the client.
CREATE OR REPLACE FUNCTION rp_require_audit() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    row_key text;
BEGIN
    IF rp_is_owner() THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'settings' THEN
        row_key := '';
    ELSIF TG_TABLE_NAME = 'dependencies' THEN
        IF TG_OP = 'DELETE' THEN row_key := OLD.cr; ELSE row_key := NEW.cr; END IF;
    ELSE
        IF TG_OP = 'DELETE' THEN row_key := OLD.key; ELSE row_key := NEW.key; END IF;
    END IF;
    -- Two lookups, each one probe of ix_audit_log_commit_row: a deploy of 5,000 CRs must
    -- not scan the commit's rows once per row.
    IF NOT EXISTS (SELECT 1 FROM audit_log WHERE commit_id = txid_current()
                   AND kind = TG_ARGV[0] AND key = row_key)
       AND NOT EXISTS (SELECT 1 FROM audit_log WHERE commit_id = txid_current()
                       AND kind = 'plan') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = TG_ARGV[0] || ' ' || row_key || ' was changed without its row in the '
                || 'audit log: every change must be recorded in the same transaction (only '
                || 'the database owner may change the plan unrecorded)';
    END IF;
    RETURN NULL;
END $$;

-- A scenario's row (issue 22): refused out loud, naming the team, rather than by RLS's
-- generic message.
CREATE OR REPLACE FUNCTION rp_guard_scenario_rows() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF rp_is_manager() OR (NEW.kind = 'cr' AND rp_plans_team(NEW.team)) THEN
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

CREATE OR REPLACE FUNCTION rp_stamp_session_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.user_name := session_user;
    RETURN NEW;
END $$;
"""


def policies() -> list[str]:
    def policy(table, name, rule):
        return [f"DROP POLICY IF EXISTS {name} ON {table}", f"CREATE POLICY {name} ON {table} {rule}"]

    audit_team = ("rp_plans_team(COALESCE((after::json)->>'team', (before::json)->>'team')) "
                  "AND (before IS NULL OR rp_plans_team((before::json)->>'team'))")
    out = []
    for table, team in (("change_requests", "team"), ("dependencies", "rp_team_of(cr)")):
        out += [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                *policy(table, "rp_read", "FOR SELECT TO release_viewer USING (true)"),
                *policy(table, "rp_manage", "FOR ALL TO release_manager USING (true) "
                                            "WITH CHECK (true)"),
                *policy(table, "rp_plan_insert", f"FOR INSERT TO release_planner "
                                                 f"WITH CHECK (rp_plans_team({team}))"),
                # USING (true): the guard trigger refuses another team's row out loud.
                *policy(table, "rp_plan_update", f"FOR UPDATE TO release_planner USING (true) "
                                                 f"WITH CHECK (rp_plans_team({team}))"),
                *policy(table, "rp_plan_delete", "FOR DELETE TO release_planner USING (true)"),
                f"DROP TRIGGER IF EXISTS rp_guard_team_rows ON {table}",
                f"CREATE TRIGGER rp_guard_team_rows BEFORE INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION rp_guard_team_rows()"]
    # Scenarios (issue 22): anyone may read them; a planner puts only their teams' CRs in one
    # (promotion then needs the live rights of every change); a manager anything.
    out += ["ALTER TABLE scenario_changes ENABLE ROW LEVEL SECURITY",
            *policy("scenario_changes", "rp_read", "FOR SELECT TO release_viewer USING (true)"),
            *policy("scenario_changes", "rp_manage", "FOR ALL TO release_manager USING (true) "
                                                     "WITH CHECK (true)"),
            *policy("scenario_changes", "rp_plan_write", "FOR ALL TO release_planner "
                    "USING (kind = 'cr' AND rp_plans_team(team)) "
                    "WITH CHECK (kind = 'cr' AND rp_plans_team(team))"),
            "DROP TRIGGER IF EXISTS rp_guard_scenario_rows ON scenario_changes",
            "CREATE TRIGGER rp_guard_scenario_rows BEFORE INSERT OR UPDATE ON scenario_changes "
            "FOR EACH ROW EXECUTE FUNCTION rp_guard_scenario_rows()"]
    out += ["ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY",
            *policy("audit_log", "rp_read", "FOR SELECT TO release_viewer USING (true)"),
            *policy("audit_log", "rp_manage", "FOR INSERT TO release_manager WITH CHECK (true)"),
            # A planner records only their own teams' CRs: no forged "deploy" record.
            *policy("audit_log", "rp_plan_insert", "FOR INSERT TO release_planner WITH CHECK "
                                                   f"(kind = 'cr' AND {audit_team})"),
            "ALTER TABLE presence ENABLE ROW LEVEL SECURITY",
            *policy("presence", "rp_read", "FOR SELECT TO release_viewer USING (true)"),
            *policy("presence", "rp_own", "FOR ALL TO release_viewer "
                                          "USING (user_name = session_user "
                                          "OR seen_at < now() - interval '1 hour') "
                                          "WITH CHECK (user_name = session_user)")]
    for table, kind in AUDIT_KINDS.items():
        out += [f"DROP TRIGGER IF EXISTS rp_require_audit ON {table}",
                f"CREATE CONSTRAINT TRIGGER rp_require_audit AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                f"EXECUTE FUNCTION rp_require_audit('{kind}')"]
    for table, events in (("audit_log", "INSERT"), ("presence", "INSERT OR UPDATE")):
        out += [f"DROP TRIGGER IF EXISTS rp_stamp_session_user ON {table}",
                f"CREATE TRIGGER rp_stamp_session_user BEFORE {events} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION rp_stamp_session_user()"]
    return out


def grants(database: str) -> list[str]:
    every = ", ".join((*PLAN_TABLES, *SCENARIO_TABLES, "audit_log", "presence", "planner_teams",
                       "alembic_version"))
    return [
        "GRANT release_viewer TO release_planner",
        "GRANT release_planner TO release_manager",
        f'GRANT CONNECT ON DATABASE "{database}" TO release_viewer',
        "GRANT USAGE ON SCHEMA public TO release_viewer",
        f"GRANT SELECT ON {every} TO release_viewer",
        "GRANT INSERT, UPDATE, DELETE ON presence TO release_viewer",
        "GRANT INSERT, UPDATE, DELETE ON change_requests, dependencies TO release_planner",
        # A planner makes scenarios and puts their teams' CRs in them (policies below).
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(SCENARIO_TABLES)} TO release_planner",
        "GRANT INSERT ON audit_log TO release_planner",
        "GRANT USAGE ON SEQUENCE audit_log_id_seq TO release_planner",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(PLAN_TABLES)} TO release_manager",
    ]
