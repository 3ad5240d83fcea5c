"""The planning rules that one row decides, enforced by the PostgreSQL server (migration 0007)
for logins that are not managers, so that psql cannot do what the client refuses:

- a CR joins a frozen release (from go_live - freeze_days, calendar days, as of the plan's
  `today` setting or else the server's date; app/rules/freeze.py) only as an emergency with a
  justification;
- only a manager deploys (stage `deployed`), or changes a deployed or cancelled release's CRs,
  or moves a CR into one;
- a dependency may not close a cycle (for everyone).

Refusals are check_violation with the client's words (storage/errors.py shows them as one line).
"""

from __future__ import annotations

# No `%` and no `:name`: the driver would read them as placeholders.
_SQL = """
CREATE OR REPLACE FUNCTION {s}.rp_plan_rules() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
    today date;
    target record;
    was record;
BEGIN
    -- Without `db roles` everyone manages; with them managers and the owner may do anything.
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polname = 'rp_read'
                   AND polrelid = '{s}.change_requests'::regclass)
       OR pg_has_role(session_user, 'release_manager', 'USAGE')
       OR {s}.rp_is_owner_login() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.release IS NOT NULL THEN
        SELECT key, status INTO was FROM {s}.releases WHERE key = OLD.release;
        IF was.status IN ('deployed', 'cancelled') THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = OLD.key || ' is in release ' || was.key || ', which is '
                    || was.status || ': only a manager changes its CRs';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.stage = 'deployed' AND (TG_OP = 'INSERT' OR OLD.stage <> 'deployed') THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = NEW.key || ': only a manager deploys (stage deployed)';
    END IF;
    IF NEW.release IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.release IS DISTINCT FROM OLD.release) THEN
        SELECT key, status, go_live, freeze_days INTO target
            FROM {s}.releases WHERE key = NEW.release;
        IF target.status <> 'planned' THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = 'release "' || target.key || '" is ' || target.status;
        END IF;
        SELECT COALESCE(to_date(st.today, 'YYYY-MM-DD'), current_date) INTO today
            FROM {s}.settings st WHERE st.id = 1;
        IF today >= to_date(target.go_live, 'YYYY-MM-DD') - target.freeze_days
           AND NOT (NEW.emergency AND btrim(NEW.justification) <> '') THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation',
                MESSAGE = 'release "' || target.key || '" is frozen since '
                    || to_char(to_date(target.go_live, 'YYYY-MM-DD') - target.freeze_days,
                               'YYYY-MM-DD')
                    || ': only an emergency with a justification may still join it';
        END IF;
    END IF;
    RETURN NEW;
END $$;

-- The owner (who may repair by hand) is not held to the rules either.
CREATE OR REPLACE FUNCTION {s}.rp_is_owner_login() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
    SELECT pg_has_role(session_user, (SELECT relowner FROM pg_catalog.pg_class
                                      WHERE oid = '{s}.change_requests'::regclass), 'USAGE')
$$;

CREATE OR REPLACE FUNCTION {s}.rp_no_cycle() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    IF EXISTS (WITH RECURSIVE reach(key) AS (
                   SELECT NEW.depends_on
                   UNION
                   SELECT d.depends_on FROM {s}.dependencies d JOIN reach r ON d.cr = r.key)
               SELECT 1 FROM reach WHERE key = NEW.cr) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = NEW.cr || ' depending on ' || NEW.depends_on
                || ' would close a dependency cycle';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS rp_plan_rules ON {s}.change_requests;
CREATE TRIGGER rp_plan_rules BEFORE INSERT OR UPDATE OR DELETE ON {s}.change_requests
    FOR EACH ROW EXECUTE FUNCTION {s}.rp_plan_rules();
DROP TRIGGER IF EXISTS rp_no_cycle ON {s}.dependencies;
CREATE TRIGGER rp_no_cycle BEFORE INSERT OR UPDATE ON {s}.dependencies
    FOR EACH ROW EXECUTE FUNCTION {s}.rp_no_cycle();
"""


def sql(schema: str) -> list[str]:
    return [_SQL.format(s=schema)]
