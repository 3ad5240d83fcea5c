"""Reports and images exported from the window."""
