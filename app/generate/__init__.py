"""Plans made by the program: the demo, a first plan, large synthetic plans."""
