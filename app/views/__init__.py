"""Qt-free view data: the timeline layout, filters, plain-word explanations, pack usage."""
