"""The audit log written by the PostgreSQL server itself (migration 0007), whatever the client.

- Before a plan row first changes in a transaction, a trigger keeps the row's document as it
  was (`audit_pending`, which no plan role can read or write). At commit a deferred trigger
  writes one audit row per changed row: before from what was kept, after from the row now
  (a CR's document includes its dependencies), the row's version, the server's clock
  (clock_timestamp: the commit, not the start of a write that waited) and session_user.
- What the client says about an edit (its action text) travels in the transaction-local
  setting `release_planner.action`; the trigger refuses one that is too long or holds control
  characters. A change made without it (psql) is recorded as "changed outside Release Planner".
  The user is the login once `db roles` ran; before, the client's `release_planner.user`.
- A transaction that inserts the settings row fills an empty plan: one `plan` row says so,
  not one row per inserted row.
- Versions are the server's: an UPDATE sets version = OLD.version + 1 whatever it asks for.
- No advisory lock: audit rows carry the transaction id (commit_id) and a reader takes only
  the commits of transactions older than the oldest one still running (storage/change_log.py),
  so writers never wait for each other and nothing is skipped.
- Every function runs with search_path pg_catalog, the plan's schema, pg_temp (last) and names
  its tables with their schema: a user's temp table cannot stand in for a plan table.

`sql(schema)` is run by the migration; it is idempotent (CREATE OR REPLACE, DROP IF EXISTS).
"""

from __future__ import annotations

# Plan table -> the audit log's kind of its rows (a dependency is part of its CR).
AUDITED = {"settings": "settings", "teams": "team", "offer_packs": "pack", "items": "item",
           "releases": "release", "change_requests": "cr", "dependencies": "cr"}
ACTION_SETTING = "release_planner.action"
USER_SETTING = "release_planner.user"
ACTION_MAX = 200
OUTSIDE_ACTION = "changed outside Release Planner"


def action_text(action: str) -> str:
    """What the client may say: the server refuses control characters and long texts."""
    plain = "".join(ch if ch.isprintable() else " " for ch in action)
    return plain if len(plain) <= ACTION_MAX else plain[:ACTION_MAX - 3] + "..."

# No `%` and no `:name` in this text: the driver would read them as placeholders.
_FUNCTIONS = """
CREATE TABLE IF NOT EXISTS {s}.audit_pending (
    txid bigint NOT NULL,
    kind text NOT NULL,
    key text NOT NULL,
    before jsonb,
    PRIMARY KEY (txid, kind, key)
);
REVOKE ALL ON {s}.audit_pending FROM PUBLIC;

CREATE OR REPLACE FUNCTION {s}.rp_document(doc_kind text, doc_key text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
    SELECT CASE doc_kind
    WHEN 'cr' THEN (SELECT jsonb_build_object(
        'key', c.key, 'title', c.title, 'team', c.team, 'release', c.release,
        'stage', c.stage, 'estimate_hours', c.estimate_hours, 'priority', c.priority,
        'emergency', c.emergency, 'justification', c.justification,
        'depends_on', COALESCE((SELECT jsonb_agg(d.depends_on ORDER BY d.seq)
                                FROM {s}.dependencies d WHERE d.cr = c.key), '[]'::jsonb),
        -- the column's compact arrays (storage/rows.py) as the plan file's objects
        'changes', (SELECT COALESCE(jsonb_agg(CASE a->>0
            WHEN 'set' THEN jsonb_build_object('op', 'set', 'item', a->1, 'field', a->2)
                || CASE WHEN jsonb_array_length(a) > 4 THEN jsonb_build_object('from', a->4)
                        ELSE '{{}}'::jsonb END
                || jsonb_build_object('to', a->3)
            WHEN 'create' THEN jsonb_build_object('op', 'create', 'item', a->1, 'pack', a->2,
                'kind', a->3, 'name', a->4, 'attributes', a->5, 'uses', a->6)
            ELSE jsonb_build_object('op', 'retire', 'item', a->1) END ORDER BY n), '[]'::jsonb)
            FROM jsonb_array_elements(c.changes::jsonb) WITH ORDINALITY AS e(a, n)))
        FROM {s}.change_requests c WHERE c.key = doc_key)
    WHEN 'release' THEN (SELECT jsonb_build_object(
        'key', r.key, 'name', r.name, 'go_live', r.go_live, 'freeze_days', r.freeze_days,
        'status', r.status) FROM {s}.releases r WHERE r.key = doc_key)
    WHEN 'team' THEN (SELECT jsonb_build_object(
        'key', t.key, 'name', t.name, 'members', t.members, 'hours_per_day', t.hours_per_day,
        'color', t.color) FROM {s}.teams t WHERE t.key = doc_key)
    WHEN 'pack' THEN (SELECT jsonb_build_object('key', p.key, 'name', p.name)
        FROM {s}.offer_packs p WHERE p.key = doc_key)
    WHEN 'item' THEN (SELECT jsonb_build_object(
        'key', i.key, 'kind', i.kind, 'name', i.name, 'status', i.status,
        'attributes', i.attributes::jsonb, 'uses', i.uses::jsonb, 'pack', i.pack)
        FROM {s}.items i WHERE i.key = doc_key)
    WHEN 'settings' THEN (SELECT
        CASE WHEN st.today IS NULL THEN '{{}}'::jsonb
             ELSE jsonb_build_object('today', st.today) END
        || jsonb_build_object('ready_stage', st.ready_stage, 'legacy_stage', st.legacy_stage,
                              'lead_time_days', st.lead_time_days::jsonb,
                              'workdays', st.workdays::jsonb)
        || CASE WHEN st.communications IS NULL THEN '{{}}'::jsonb
                ELSE jsonb_build_object('communications', st.communications::jsonb) END
        FROM {s}.settings st WHERE st.id = 1)
    END
$$;

CREATE OR REPLACE FUNCTION {s}.rp_row_version(doc_kind text, doc_key text) RETURNS integer
LANGUAGE sql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
    SELECT CASE doc_kind
    WHEN 'cr' THEN (SELECT version FROM {s}.change_requests WHERE key = doc_key)
    WHEN 'release' THEN (SELECT version FROM {s}.releases WHERE key = doc_key)
    WHEN 'team' THEN (SELECT version FROM {s}.teams WHERE key = doc_key)
    WHEN 'pack' THEN (SELECT version FROM {s}.offer_packs WHERE key = doc_key)
    WHEN 'item' THEN (SELECT version FROM {s}.items WHERE key = doc_key)
    WHEN 'settings' THEN (SELECT version FROM {s}.settings WHERE id = 1)
    END
$$;

-- The client's words for the commit, checked: they are shown to every planner.
CREATE OR REPLACE FUNCTION {s}.rp_action() RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
    said text := current_setting('{setting}', true);
BEGIN
    IF said IS NULL OR said = '' THEN
        RETURN '{outside}';
    END IF;
    IF char_length(said) > {action_max} OR said ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'the action text of a change must be at most {action_max} characters '
                || 'without control characters';
    END IF;
    RETURN said;
END $$;

-- Who changed it: with `db roles` the login (session_user), whatever the client says; without,
-- every login may do everything anyway and several people may share one, so the client's name
-- for its user (checked like the action) is kept, as on a SQLite file.
CREATE OR REPLACE FUNCTION {s}.rp_audit_user() RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
    said text := current_setting('{user_setting}', true);
BEGIN
    IF said IS NULL OR said = '' OR char_length(said) > 64 OR said ~ '[[:cntrl:]]'
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polname = 'rp_read'
                   AND polrelid = '{s}.change_requests'::regclass) THEN
        RETURN session_user;
    END IF;
    RETURN said;
END $$;

CREATE OR REPLACE FUNCTION {s}.rp_audit_keep_before() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
    x bigint := txid_current();
    row_key text;
BEGIN
    IF TG_TABLE_NAME = 'settings' AND TG_OP = 'INSERT' THEN
        INSERT INTO {s}.audit_pending VALUES (x, 'plan', '', NULL) ON CONFLICT DO NOTHING;
    END IF;
    IF EXISTS (SELECT 1 FROM {s}.audit_pending WHERE txid = x AND kind = 'plan') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    -- The row's key without to_jsonb: this runs for every row of a 100,000-CR fill.
    IF TG_TABLE_NAME = 'settings' THEN
        row_key := '';
    ELSIF TG_TABLE_NAME = 'dependencies' THEN
        IF TG_OP = 'DELETE' THEN row_key := OLD.cr; ELSE row_key := NEW.cr; END IF;
    ELSIF TG_OP = 'DELETE' THEN
        row_key := OLD.key;
    ELSE
        row_key := NEW.key;
    END IF;
    INSERT INTO {s}.audit_pending
        SELECT x, TG_ARGV[0], row_key, {s}.rp_document(TG_ARGV[0], row_key)
        ON CONFLICT DO NOTHING;
    IF TG_OP = 'DELETE' THEN  -- a BEFORE trigger's NULL would skip the row
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION {s}.rp_audit_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
    x bigint := txid_current();
    row_key text;
    kept jsonb;
    now_doc jsonb;
BEGIN
    DELETE FROM {s}.audit_pending WHERE txid = x AND kind = 'plan';
    IF FOUND THEN
        INSERT INTO {s}.audit_log (at, user_name, action, kind, key, before, after, commit_id)
        VALUES (clock_timestamp(), {s}.rp_audit_user(), {s}.rp_action(), 'plan', '', NULL,
                jsonb_build_object(
                    'teams', (SELECT count(*) FROM {s}.teams),
                    'items', (SELECT count(*) FROM {s}.items),
                    'releases', (SELECT count(*) FROM {s}.releases),
                    'change_requests', (SELECT count(*) FROM {s}.change_requests))::text, x);
        RETURN NULL;
    END IF;
    -- The row's key without to_jsonb: this runs for every row of a 100,000-CR fill.
    IF TG_TABLE_NAME = 'settings' THEN
        row_key := '';
    ELSIF TG_TABLE_NAME = 'dependencies' THEN
        IF TG_OP = 'DELETE' THEN row_key := OLD.cr; ELSE row_key := NEW.cr; END IF;
    ELSIF TG_OP = 'DELETE' THEN
        row_key := OLD.key;
    ELSE
        row_key := NEW.key;
    END IF;
    DELETE FROM {s}.audit_pending WHERE txid = x AND kind = TG_ARGV[0] AND key = row_key
        RETURNING before INTO kept;
    IF NOT FOUND THEN  -- written already (another row of the same CR), or part of a fill
        RETURN NULL;
    END IF;
    now_doc := {s}.rp_document(TG_ARGV[0], row_key);
    INSERT INTO {s}.audit_log (at, user_name, action, kind, key, before, after, commit_id,
                               row_version)
    VALUES (clock_timestamp(), {s}.rp_audit_user(), {s}.rp_action(), TG_ARGV[0], row_key,
            kept::text, now_doc::text, x, {s}.rp_row_version(TG_ARGV[0], row_key));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION {s}.rp_version_bump() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END $$;

-- A notification is only a wake-up: one per commit (PostgreSQL folds equal ones).
CREATE OR REPLACE FUNCTION {s}.rp_audit_announce() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    PERFORM pg_notify('release_planner_changes', '');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION {s}.rp_audit_commit_id() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    NEW.commit_id := txid_current();
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION {s}.rp_presence_announce() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    PERFORM pg_notify('release_planner_presence', '');
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS rp_audit_in_commit_order ON {s}.audit_log;
DROP FUNCTION IF EXISTS {s}.rp_audit_in_commit_order();
"""


def _triggers(schema: str) -> list[str]:
    out = []
    for table, kind in AUDITED.items():
        out += [f"DROP TRIGGER IF EXISTS rp_audit_keep_before ON {schema}.{table}",
                f"CREATE TRIGGER rp_audit_keep_before BEFORE INSERT OR UPDATE OR DELETE ON "
                f"{schema}.{table} FOR EACH ROW EXECUTE FUNCTION "
                f"{schema}.rp_audit_keep_before('{kind}')",
                f"DROP TRIGGER IF EXISTS rp_audit_write ON {schema}.{table}",
                f"CREATE CONSTRAINT TRIGGER rp_audit_write AFTER INSERT OR UPDATE OR DELETE ON "
                f"{schema}.{table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
                f"{schema}.rp_audit_write('{kind}')"]
        if table != "dependencies":
            out += [f"DROP TRIGGER IF EXISTS rp_version_bump ON {schema}.{table}",
                    f"CREATE TRIGGER rp_version_bump BEFORE UPDATE ON {schema}.{table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {schema}.rp_version_bump()"]
    return out


def sql(schema: str) -> list[str]:
    """The statements that install the server's audit in `schema` (a quoted identifier)."""
    functions = _FUNCTIONS.format(s=schema, setting=ACTION_SETTING, action_max=ACTION_MAX,
                                  outside=OUTSIDE_ACTION, user_setting=USER_SETTING)
    return [functions, *_triggers(schema)]
