"""Scenarios in the window (issue 22): the picker on the toolbar and the banner, the compare
page, the promote dialog."""
