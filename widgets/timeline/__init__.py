"""The release timeline (live, and as an image for reports)."""
