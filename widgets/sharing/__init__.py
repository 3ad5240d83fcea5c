"""Other planners live: the change feed, presence, the connection banner."""
