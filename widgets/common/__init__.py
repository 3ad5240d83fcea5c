"""Small parts several features share."""
