"""Every edit as a use case that returns a change set, the service that runs them, the store
port they need, undo."""
