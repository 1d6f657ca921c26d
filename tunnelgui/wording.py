"""Words the app and the CLI share: the two directions' names and counted nouns (no Qt)."""

from __future__ import annotations

# One pair of names for the two directions, everywhere (table, details, chart, tray, CLI).
# The arrows go with them: up is what clients send, down what comes back.
UP = "\u2191"
DOWN = "\u2193"
TO_TARGET = "to target"
TO_CLIENT = "to client"
TO_TARGETS = "to targets"  # summed over several tunnels
TO_CLIENTS = "to clients"


def counted(count: int, singular: str, plural: str = "") -> str:
    """ "1 connection", "2 connections", "0 connections"; `plural` for irregular nouns."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
