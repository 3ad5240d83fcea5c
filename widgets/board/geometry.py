"""The board's measures, in pixels: the team column, a release column, the header, a cell's
heading and a card."""

TEAM_W, COL_W, HEAD_H = 150, 250, 76
CELL_HEAD, CARD_H, GAP, PAD = 22, 62, 6, 10
PITCH = CARD_H + GAP
DRAG_PX = 8  # how far a pressed card moves before it is dragged
