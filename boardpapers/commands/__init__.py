"""The command line's commands, one module each; boardpapers.cli depends on them, never the reverse."""
