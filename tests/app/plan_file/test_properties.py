"""Property tests of SPEC.md section 4: any valid plan document round-trips to an equal document
with the defaults filled in, and writing it again changes nothing.

`plan_documents` builds small valid documents that leave out optional fields at random;
`filled` states the defaults of the SPEC independently of app/plan_file/document.py.
"""

import json
import string
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model.plan import ITEM_STATUSES, RELEASE_STATUSES, STAGES, THRESHOLD_STAGES
from app.model.team_colors import PALETTE
from app.plan_file.document import dump_plan, parse_plan, plan_to_document
from app.plan_file.limits import (
    DATE_MAX,
    DATE_MIN,
    ESTIMATE_HOURS_MAX,
    FORBIDDEN_CHARACTER,
    INTEGER_MAX,
    key_problem,
)
from app.plan_file.validation import build_plan

KEYS = st.text(string.ascii_uppercase + string.digits + "-_.", min_size=1, max_size=5).filter(
    lambda k: key_problem(k) is None)  # a key may not start with "-"
# Any text a plan may hold (app.plan_file.limits): accents, CJK, emoji, quotes, tabs and line
# breaks, but no NUL and no other control character.
TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00").filter(
    lambda c: not FORBIDDEN_CHARACTER.match(c))
NAMES = st.text(TEXT, max_size=10)
KINDS = st.sampled_from(["offer", "email", "landing_page", "pdf", "ad", "sms", "other", "x y"])
FINITE = st.floats(allow_nan=False, allow_infinity=False)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-INTEGER_MAX, INTEGER_MAX), FINITE,
                    st.text(TEXT, max_size=6))
ATTRIBUTES = st.dictionaries(st.text(TEXT, min_size=1, max_size=6), SCALARS, max_size=3)
DAYS = st.dates(min_value=DATE_MIN, max_value=DATE_MAX).map(date.isoformat)
COLORS = st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)
NOT_DEPLOYED = [s for s in STAGES if s != "deployed"]


def maybe(draw, target: dict, name: str, strategy) -> None:
    """Set the optional field `name` of `target` or leave it out, at random."""
    if draw(st.booleans()):
        target[name] = draw(strategy)


@st.composite
def plan_documents(draw) -> dict:
    doc: dict = {"format": "release-plan/1"}

    if draw(st.booleans()):
        s: dict = {}
        maybe(draw, s, "today", DAYS)
        maybe(draw, s, "ready_stage", st.sampled_from(THRESHOLD_STAGES))
        maybe(draw, s, "legacy_stage", st.sampled_from(THRESHOLD_STAGES))
        maybe(draw, s, "lead_time_days", st.dictionaries(KINDS, st.integers(0, 60), max_size=3))
        maybe(draw, s, "workdays", st.lists(st.integers(1, 7), min_size=1, max_size=7,
                                            unique=True))
        doc["settings"] = s

    team_keys = draw(st.lists(KEYS, min_size=1, max_size=3, unique=True))
    doc["teams"] = []
    for key in team_keys:
        t = {"key": key, "name": draw(NAMES)}
        maybe(draw, t, "members", st.integers(1, 50))
        maybe(draw, t, "hours_per_day", st.integers(1, 24) | st.floats(0.25, 24))
        maybe(draw, t, "color", COLORS)
        doc["teams"].append(t)

    pack_keys = draw(st.lists(KEYS, max_size=2, unique=True))
    item_keys = draw(st.lists(KEYS, max_size=5, unique=True)) if pack_keys else []
    doc["offer_packs"] = [{"key": key, "name": draw(NAMES)} for key in pack_keys]
    for pack in doc["offer_packs"]:
        if draw(st.booleans()):
            pack["items"] = []
    for key in item_keys:
        it = {"key": key, "kind": draw(KINDS), "name": draw(NAMES)}
        maybe(draw, it, "status", st.sampled_from(ITEM_STATUSES))
        maybe(draw, it, "attributes", ATTRIBUTES)
        if item_keys:
            maybe(draw, it, "uses", st.lists(st.sampled_from(item_keys), max_size=2, unique=True))
        draw(st.sampled_from(doc["offer_packs"])).setdefault("items", []).append(it)

    doc["releases"] = []
    for key in draw(st.lists(KEYS, max_size=3, unique=True)):
        r = {"key": key, "name": draw(NAMES), "go_live": draw(DAYS)}
        maybe(draw, r, "freeze_days", st.integers(0, 30))
        maybe(draw, r, "status", st.sampled_from(RELEASE_STATUSES))
        doc["releases"].append(r)
    release_status = {r["key"]: r.get("status", "planned") for r in doc["releases"]}

    known_items = list(item_keys)  # grows with the creates drawn so far
    doc["change_requests"] = []
    cr_keys = draw(st.lists(KEYS, max_size=5, unique=True))
    for i, key in enumerate(cr_keys):
        target = draw(st.sampled_from([None, *release_status]))
        deployed = target is not None and release_status[target] == "deployed"
        cr = {"key": key, "title": draw(NAMES), "team": draw(st.sampled_from(team_keys)),
              "stage": "deployed" if deployed else draw(st.sampled_from(NOT_DEPLOYED))}
        if target is not None or draw(st.booleans()):
            cr["release"] = target
        maybe(draw, cr, "estimate_hours", st.integers(0, 400) | st.floats(0, ESTIMATE_HOURS_MAX))
        maybe(draw, cr, "priority", st.integers(1, 5))
        maybe(draw, cr, "emergency", st.booleans())
        maybe(draw, cr, "justification", NAMES)
        if i:  # only on CRs drawn before: never a cycle
            maybe(draw, cr, "depends_on", st.lists(st.sampled_from(cr_keys[:i]), max_size=3,
                                                   unique=True))
        n = draw(st.integers(0, 3)) if known_items or pack_keys else 0  # else nothing to change
        changes = [draw(change(known_items, pack_keys)) for _ in range(n)]
        if changes or draw(st.booleans()):
            cr["changes"] = changes
        doc["change_requests"].append(cr)
    return doc


@st.composite
def change(draw, known_items: list, pack_keys: list) -> dict:
    ops = (["set", "retire"] if known_items else []) + (["create"] if pack_keys else [])
    op = draw(st.sampled_from(ops))
    if op == "create":
        ch = {"op": "create", "item": draw(KEYS), "pack": draw(st.sampled_from(pack_keys)),
              "kind": draw(KINDS), "name": draw(NAMES)}
        maybe(draw, ch, "attributes", ATTRIBUTES)
        if known_items:
            maybe(draw, ch, "uses", st.lists(st.sampled_from(known_items), max_size=2,
                                             unique=True))
        known_items.append(ch["item"])
        return ch
    item = draw(st.sampled_from(known_items))
    if op == "retire":
        return {"op": "retire", "item": item}
    ch = {"op": "set", "item": item, "field": draw(st.text(TEXT, min_size=1, max_size=6)
                                                   .filter(lambda k: key_problem(k) is None))}
    maybe(draw, ch, "from", SCALARS)
    ch["to"] = draw(SCALARS)
    return ch


def filled(doc: dict) -> dict:
    """`doc` with every default of SPEC.md section 4 written out."""
    s = doc.get("settings", {})
    out_settings = {} if "today" not in s else {"today": s["today"]}
    out_settings.update(ready_stage=s.get("ready_stage", "approved"),
                        legacy_stage=s.get("legacy_stage", "build"),
                        lead_time_days=s.get("lead_time_days", {}),
                        workdays=s.get("workdays", [1, 2, 3, 4, 5]))
    return {
        "format": "release-plan/1",
        "settings": out_settings,
        "teams": [{"members": 1, "hours_per_day": 6, "color": PALETTE[i % len(PALETTE)], **t}
                  for i, t in enumerate(doc["teams"])],
        "offer_packs": [{**p, "items": [{"status": "active", "attributes": {}, "uses": [], **it}
                                        for it in p.get("items", [])]}
                        for p in doc["offer_packs"]],
        "releases": [{"freeze_days": 0, "status": "planned", **r} for r in doc["releases"]],
        "change_requests": [
            {"release": None, "estimate_hours": 0, "priority": 3, "emergency": False,
             "justification": "", "depends_on": [], **cr,
             "changes": [{"attributes": {}, "uses": [], **ch} if ch["op"] == "create" else ch
                         for ch in cr.get("changes", [])]}
            for cr in doc["change_requests"]],
    }


common = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(plan_documents())
def test_a_valid_document_round_trips_to_itself_with_the_defaults_filled_in(doc):
    text = json.dumps(doc, ensure_ascii=False)
    plan = parse_plan(text)
    out = plan_to_document(plan)
    assert out == filled(doc)
    # `from` absent stays absent, `"from": null` stays null.
    sets_in = [ch for cr in doc["change_requests"] for ch in cr.get("changes", [])]
    sets_out = [ch for cr in out["change_requests"] for ch in cr["changes"]]
    assert ["from" in ch for ch in sets_in] == ["from" in ch for ch in sets_out]


@common
@given(plan_documents())
def test_writing_and_reading_again_changes_nothing(doc):
    plan = build_plan(doc)
    text = dump_plan(plan)
    again = parse_plan(text)
    assert again == plan
    assert dump_plan(again) == text
    assert json.loads(text) == plan_to_document(plan)


@common
@given(plan_documents())
def test_the_order_of_lists_and_attributes_is_kept(doc):
    out = plan_to_document(build_plan(doc))
    assert [t["key"] for t in out["teams"]] == [t["key"] for t in doc["teams"]]
    assert [r["key"] for r in out["releases"]] == [r["key"] for r in doc["releases"]]
    assert [c["key"] for c in out["change_requests"]] == [c["key"] for c in doc["change_requests"]]
    for pack_in, pack_out in zip(doc["offer_packs"], out["offer_packs"], strict=True):
        items_in = pack_in.get("items", [])
        assert [it["key"] for it in pack_out["items"]] == [it["key"] for it in items_in]
        for it_in, it_out in zip(items_in, pack_out["items"], strict=True):
            assert list(it_out["attributes"]) == list(it_in.get("attributes", {}))
