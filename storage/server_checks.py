"""What the PostgreSQL server refuses whoever writes (migration 0007): the values SPEC.md and
app/plan_file/limits.py allow, as CHECK constraints, and presence rows as plain checked data.

A row the plan file would refuse must never get in: one bad row made `bundle`, `export` and
every new window fail for everyone ("damaged row"). Each constraint is named after the rule,
and storage/errors.py turns a refusal into one line naming the column's rule.
"""

from __future__ import annotations

from app.model.plan import ITEM_STATUSES, RELEASE_STATUSES, STAGES
from app.plan_file import limits

# Presence: rows one login may hold at once (one per open window), and a CR key's length.
PRESENCE_PER_LOGIN = 20


def _among(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _key(column: str) -> str:
    return (f"char_length({column}) BETWEEN 1 AND {limits.KEY_MAX} "
            f"AND {column} !~ '[[:cntrl:]]'")


def _text(column: str, most: int = limits.TEXT_MAX) -> str:
    return f"char_length({column}) <= {most}"


# No `%` and no `:name`: the driver would read them as placeholders.
_HELPERS = """
CREATE OR REPLACE FUNCTION {s}.rp_date_ok(value text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    RETURN value ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$'
        AND to_date(value, 'YYYY-MM-DD') BETWEEN DATE '{date_min}' AND DATE '{date_max}'
        AND to_char(to_date(value, 'YYYY-MM-DD'), 'YYYY-MM-DD') = value;
EXCEPTION WHEN others THEN
    RETURN false;
END $$;

-- The changes of a CR, in the column's compact form (storage/rows.py): ["set", item, field,
-- to(, from)], ["create", item, pack, kind, name, attributes, uses], ["retire", item].
-- CASE, not AND/OR: it decides the order, so no array function meets a scalar.
CREATE OR REPLACE FUNCTION {s}.rp_changes_ok(value text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    RETURN CASE WHEN jsonb_typeof(value::jsonb) <> 'array' THEN false
    ELSE NOT EXISTS (
        SELECT 1 FROM jsonb_array_elements(value::jsonb) AS c(a)
        WHERE CASE WHEN jsonb_typeof(c.a) <> 'array' THEN true
                   WHEN jsonb_typeof(c.a->1) IS DISTINCT FROM 'string' THEN true
                   ELSE NOT CASE c.a->>0
               WHEN 'set' THEN jsonb_array_length(c.a) IN (4, 5)
                   AND jsonb_typeof(c.a->2) = 'string'
                   AND jsonb_typeof(c.a->3) NOT IN ('object', 'array')
                   AND COALESCE(jsonb_typeof(c.a->4), 'null') NOT IN ('object', 'array')
               WHEN 'create' THEN jsonb_array_length(c.a) = 7
                   AND jsonb_typeof(c.a->2) = 'string' AND jsonb_typeof(c.a->3) = 'string'
                   AND jsonb_typeof(c.a->4) = 'string' AND jsonb_typeof(c.a->5) = 'object'
                   AND jsonb_typeof(c.a->6) = 'array'
               WHEN 'retire' THEN jsonb_array_length(c.a) = 2
               ELSE false END END)
    END;
END $$;

-- Presence: the login and the time are the server's; the CR must exist; a few rows a login.
CREATE OR REPLACE FUNCTION {s}.rp_presence_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
    -- With `db roles` the row names the login; without, the client's user (storage/presence.py).
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polname = 'rp_read'
                   AND polrelid = '{s}.change_requests'::regclass) THEN
        NEW.user_name := session_user;
    END IF;
    NEW.seen_at := now();
    IF NEW.cr IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM {s}.change_requests WHERE key = NEW.cr) THEN
        NEW.cr := NULL;  -- a CR deleted meanwhile, or none: nothing to show
    END IF;
    IF TG_OP = 'INSERT' AND (SELECT count(*) FROM {s}.presence
                             WHERE user_name = NEW.user_name) >= {per_login} THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'a login may have at most {per_login} windows announced at once';
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS rp_stamp_session_user ON {s}.presence;
DROP TRIGGER IF EXISTS rp_presence_check ON {s}.presence;
CREATE TRIGGER rp_presence_check BEFORE INSERT OR UPDATE ON {s}.presence
    FOR EACH ROW EXECUTE FUNCTION {s}.rp_presence_check();
"""


def _constraints(s: str) -> dict[str, dict[str, str]]:
    return {
        "settings": {
            "settings_one_row": "id = 1",
            "settings_today": f"today IS NULL OR {s}.rp_date_ok(today)",
            "settings_stages": f"ready_stage IN {_among(STAGES)} "
                               f"AND legacy_stage IN {_among(STAGES)}",
            "settings_lead_time_days": "jsonb_typeof(lead_time_days::jsonb) = 'object'",
            "settings_workdays": "jsonb_typeof(workdays::jsonb) = 'array' "
                                 "AND jsonb_array_length(workdays::jsonb) BETWEEN 1 AND 7",
            "settings_communications": "communications IS NULL OR "
                                       "jsonb_typeof(communications::jsonb) = 'object'",
        },
        "teams": {
            "teams_key": _key("key"),
            "teams_name": _text("name", limits.NAME_MAX),
            "teams_members": f"members BETWEEN 1 AND {limits.MEMBERS_MAX}",
            "teams_hours_per_day": f"hours_per_day BETWEEN {limits.HOURS_PER_DAY_MIN} "
                                   f"AND {limits.HOURS_PER_DAY_MAX}",
            "teams_color": "color ~ '^#[0-9a-fA-F]{6}$'",
        },
        "offer_packs": {"offer_packs_key": _key("key"),
                        "offer_packs_name": _text("name", limits.NAME_MAX)},
        "items": {
            "items_key": _key("key"),
            "items_kind": _key("kind"),
            "items_name": _text("name", limits.NAME_MAX),
            "items_status": f"status IN {_among(ITEM_STATUSES)}",
            "items_attributes": "jsonb_typeof(attributes::jsonb) = 'object'",
            "items_uses": "jsonb_typeof(uses::jsonb) = 'array'",
        },
        "releases": {
            "releases_key": _key("key") + " AND lower(key) <> 'backlog'",
            "releases_name": _text("name", limits.NAME_MAX),
            "releases_go_live": f"{s}.rp_date_ok(go_live)",
            "releases_freeze_days": f"freeze_days BETWEEN 0 AND {limits.FREEZE_DAYS_MAX}",
            "releases_status": f"status IN {_among(RELEASE_STATUSES)}",
        },
        "change_requests": {
            "change_requests_key": _key("key"),
            "change_requests_title": _text("title", limits.NAME_MAX),
            "change_requests_stage": f"stage IN {_among(STAGES)}",
            "change_requests_estimate_hours": "estimate_hours >= 0 AND estimate_hours <= "
                                              f"{limits.ESTIMATE_HOURS_MAX}",
            "change_requests_priority": "priority BETWEEN 1 AND 5",
            "change_requests_justification": _text("justification"),
            "change_requests_changes": f"{s}.rp_changes_ok(changes)",
        },
        "dependencies": {"dependencies_not_itself": "cr <> depends_on"},
        "presence": {"presence_session": _key("session"),
                     "presence_user": _text("user_name", limits.KEY_MAX),
                     "presence_cr": f"cr IS NULL OR ({_key('cr')})"},
    }


def sql(schema: str) -> list[str]:
    out = [_HELPERS.format(s=schema, date_min=limits.DATE_MIN.isoformat(),
                           date_max=limits.DATE_MAX.isoformat(), per_login=PRESENCE_PER_LOGIN)]
    for table, checks in _constraints(schema).items():
        for name, rule in checks.items():
            out += [f"ALTER TABLE {schema}.{table} DROP CONSTRAINT IF EXISTS {name}",
                    f"ALTER TABLE {schema}.{table} ADD CONSTRAINT {name} CHECK ({rule})"]
    return out
