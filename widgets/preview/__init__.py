"""The bundle preview: what a release ships, and why not the rest."""
