"""JSON values as messages show them: '80a', 80.5, true, null, "a list"."""

from __future__ import annotations

from typing import Any

from tunnelgui.i18n import _
from tunnelgui.profiles.option_checks import brief_number


def show_value(value: Any) -> str:
    """A value as the user wrote it, for messages: '80a', 80.5, true, null, a list."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool) or value is None:
        # Only here: `forward` imports this module for its condition flags (issue 13's memory).
        import json

        return json.dumps(value)
    if isinstance(value, int | float):
        return brief_number(value)
    return describe_value(value)


def describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("a text string")
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return _("a number")
