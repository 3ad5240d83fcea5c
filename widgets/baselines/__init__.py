"""Baselines on the desktop (issue 24): compare the timeline with a baseline, the slip panel,
sign-off."""
