"""The board: a row per team, a column per release, a card per CR."""
