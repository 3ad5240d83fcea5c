"""Baselines, slip and sign-off (issue 24): what the plan was at a moment, what moved since,
and who approved which release with which fingerprint."""
