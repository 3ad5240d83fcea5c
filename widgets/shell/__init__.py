"""The main window: pages, panels, menus, toolbar, status bar, what it remembers."""
