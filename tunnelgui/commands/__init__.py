"""Headless subcommands of the `tunnelgui` command line, one module each."""
