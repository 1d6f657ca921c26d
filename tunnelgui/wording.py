"""Words the app and the CLI share: the two directions' names and counted nouns (no Qt)."""

from __future__ import annotations

from tunnelgui.i18n import N_

# One pair of names for the two directions, everywhere (table, details, chart, tray, CLI).
# The arrows go with them: up is what clients send, down what comes back. The names are
# English msgids (N_): pass them through tunnelgui.i18n._ where they are shown.
UP = "\u2191"
DOWN = "\u2193"
TO_TARGET = N_("to target")
TO_CLIENT = N_("to client")
TO_TARGETS = N_("to targets")  # summed over several tunnels
TO_CLIENTS = N_("to clients")


def counted(count: int, singular: str, plural: str = "") -> str:
    """ "1 connection", "2 connections", "0 connections"; `plural` for irregular nouns.

    English only (the noun is glued on): translated text counts with
    tunnelgui.i18n.ngettext("{n} connection", "{n} connections", n) instead."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
