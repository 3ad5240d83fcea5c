"""The timeline drawn as an image (PNG, SVG) for reports and the `timeline` command: a
light picture that prints, with its date axis and legend."""
