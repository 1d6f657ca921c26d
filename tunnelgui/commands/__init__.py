"""Headless subcommands of the `tunnelgui` command line, one module each."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def seconds_type(allow_zero: bool) -> Callable[[str], float]:
    """An argparse type for a number of seconds (0 allowed only when allow_zero)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
            floor = "0 or more" if allow_zero else "more than 0"
            raise argparse.ArgumentTypeError(f"seconds must be {floor}, not {text}")
        return value

    return parse
