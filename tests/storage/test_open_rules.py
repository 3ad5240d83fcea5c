"""The one rule for databases on both kinds (issue 17): a database that holds no plan is refused
to every command that uses one, without creating its schema; another program's tables are
refused whatever the purpose; filling creates the schema."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from app.edits.store_port import StoreError
from app.plan_file.document import read_plan
from storage.database import database_url
from storage.open_store import open_store
from tests.conftest import ROOT

DEMO = ROOT / "resources" / "demo_plan.json"


def _tables(db_url: str) -> list[str]:
    engine = create_engine(database_url(db_url))
    try:
        with engine.connect() as conn:
            return inspect(conn).get_table_names()
    finally:
        engine.dispose()


def test_an_empty_database_is_not_used_and_gets_no_schema(db_url):
    if "://" not in db_url:  # SQLite: an empty file, as a planner might create one
        open(db_url, "wb").close()
    for purpose in ("use", "read"):
        with pytest.raises(StoreError, match="holds no plan"):
            open_store(db_url, purpose=purpose)
    assert _tables(db_url) == []


def test_filling_creates_the_schema_and_then_the_plan_is_used(db_url):
    store = open_store(db_url, purpose="fill")
    store.replace_all(read_plan(DEMO), "import")
    store.close()
    with pytest.raises(StoreError, match="already holds a plan"):
        open_store(db_url, purpose="fill")
    store = open_store(db_url, purpose="use")
    assert "CR-201" in store.load().plan.crs
    store.close()


def test_another_programs_tables_are_refused_for_every_purpose(db_url):
    engine = create_engine(database_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    for purpose in ("use", "read", "fill", "any"):
        with pytest.raises(StoreError, match=r"not a Release Planner database .* invoices"):
            open_store(db_url, purpose=purpose)
    assert _tables(db_url) == ["invoices"]
