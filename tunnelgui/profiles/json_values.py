"""JSON values as messages show them: '80a', 80.5, true, null, "a list"."""

from __future__ import annotations

from collections.abc import Sequence

from tunnelgui.i18n import _
from tunnelgui.profiles.option_checks import brief_number

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any

# JSON's words for these, as json.dumps() writes them (no json import: `forward` imports this
# module for its condition flags, and each module costs it memory for its whole life, issue 13).
_JSON_WORDS = {True: "true", False: "false", None: "null"}


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice `word` was most likely meant to be, for a "did you mean" (None: none close)."""
    import difflib  # only when a mistake is worded (the same memory reason)

    close = difflib.get_close_matches(word, choices, n=1)
    return close[0] if close else None


def show_value(value: Any) -> str:
    """A value as the user wrote it, for messages: '80a', 80.5, true, null, a list."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool) or value is None:
        return _JSON_WORDS[value]
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
