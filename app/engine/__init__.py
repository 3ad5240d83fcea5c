"""The planning engine: pure functions over `app.model.plan` data (SPEC.md sections 2 and 3)."""
