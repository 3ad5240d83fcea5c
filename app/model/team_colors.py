"""Default team colours: distinct, readable on light and dark backgrounds, colour-blind aware
(Okabe-Ito order, then a few Tableau hues)."""

PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d31", "#7f7f7f",
    "#17becf", "#bcbd22", "#9467bd", "#1f77b4",
)


def default_color(index: int) -> str:
    """The colour chosen for the team at `index` in the plan when the file names none."""
    return PALETTE[index % len(PALETTE)]
