"""A scenario's audit rows written by the PostgreSQL server (issue 22 under issue 23's rule):
no plan role inserts into `audit_log`, so each row a scenario takes or changes is recorded by
a trigger on `scenario_changes`, with the login, the server's clock and the client's action
text (storage/server_audit.py's setting), as the client records them on SQLite
(storage/store.py `audit`): before is the scenario's row as it was (its live row the first
time), after the row now, the version the scenario's own (NULL once removed there).

`sql(schema)` is run by migration 0009 on PostgreSQL; it is idempotent.
"""

from __future__ import annotations

# No `%` and no `:name` in this text: the driver would read them as placeholders.
_SQL = """
CREATE OR REPLACE FUNCTION {s}.rp_audit_scenario() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    INSERT INTO {s}.audit_log (at, user_name, action, kind, key, before, after, commit_id,
                               row_version, scenario)
    VALUES (clock_timestamp(), {s}.rp_audit_user(), {s}.rp_action(), NEW.kind, NEW.key,
            CASE WHEN TG_OP = 'UPDATE' THEN OLD.after ELSE NEW.base END, NEW.after,
            txid_current(), CASE WHEN NEW.after IS NULL THEN NULL ELSE NEW.version END,
            NEW.scenario);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS rp_audit_scenario ON {s}.scenario_changes;
CREATE TRIGGER rp_audit_scenario AFTER INSERT OR UPDATE OF after, version
    ON {s}.scenario_changes FOR EACH ROW EXECUTE FUNCTION {s}.rp_audit_scenario();
"""


def sql(schema: str) -> list[str]:
    return [_SQL.format(s=schema)]
