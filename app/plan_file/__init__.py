"""The plan file (format release-plan/1): read, checked, written."""
