"""The `release-planner` command line (SPEC.md section 5), one module per group of commands.

Each command module has `register(command)`, which adds its subcommands to the parser through
the `command` helper of `cli.parser` and returns {name: function(args) -> exit code}. Headless
commands import only `app` and, for `--db`, `storage` (never Qt), so they start fast.
"""
