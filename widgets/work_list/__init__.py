"""The work list: every CR the filters match, editable in place."""
