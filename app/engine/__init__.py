"""The planning engine: pure functions over `app.domain` data (SPEC.md sections 2 and 3)."""
