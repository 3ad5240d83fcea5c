"""The change request editor."""
