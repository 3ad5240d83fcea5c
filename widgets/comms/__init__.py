"""The send calendar of each audience."""
