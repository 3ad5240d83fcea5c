"""Setting a plan up: the welcome page and the release and team dialogs."""
