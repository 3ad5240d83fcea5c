"""Several planners on one plan: the change feed's port, applying others' commits, describing them."""
