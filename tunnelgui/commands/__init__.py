"""Headless subcommands of the `tunnelgui` command line, one module each."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from tunnelgui.i18n import _


def seconds_type(allow_zero: bool) -> Callable[[str], float]:
    """An argparse type for a number of seconds (0 allowed only when allow_zero)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{text} is not a number of seconds").format(text=repr(text))
            ) from None
        if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
            message = (
                _("seconds must be 0 or more, not {text}")
                if allow_zero
                else _("seconds must be more than 0, not {text}")
            )
            raise argparse.ArgumentTypeError(message.format(text=text))
        return value

    return parse
