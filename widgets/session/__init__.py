"""The plan on screen and the one way to edit it: the session, the write queue, selection, undo."""
