"""The plan a desktop window shows and the one way to change it, without Qt."""
