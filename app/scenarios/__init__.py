"""Scenarios (issue 22): a named change set over the live plan, stored beside it. A scenario's
plan is always "live now, plus its changes"; nothing copies the whole plan."""
