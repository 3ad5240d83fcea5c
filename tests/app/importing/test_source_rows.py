"""An imported CR's source record travels like any row: through the audit document and the
change feed to other planners' clients (app.sharing.feed_apply)."""

from __future__ import annotations

from app.model.plan import CrSource
from app.plan_file.document import source_document
from app.sharing.feed_apply import row_from_document


def test_a_source_record_reads_back_from_its_audit_document():
    src = CrSource("MKT-1", "jira", "MKT-1", "10001",
                   {"title": "Offer", "release": None, "depends_on": ["MKT-2"]})
    assert row_from_document("source", source_document(src)) == src
