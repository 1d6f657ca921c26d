"""Byte counts, rates and durations in one style for the CLI, the engine's events and the GUI."""

from __future__ import annotations

import math
from typing import NamedTuple

# Sizes keep three significant digits ("1.50 KiB", "15.0 MiB", "300 MiB"): a rate that changes
# every second keeps its width in a table column, with the same precision at every scale.
# Durations count whole seconds, like a clock, except below one second, where "0 s" would say
# nothing ("0.3 s").

_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def format_bytes(count: float) -> str:
    """1536 -> "1.50 KiB"; whole bytes below 1 KiB; three significant digits above."""
    value = float(count)
    if abs(value) < 1024:
        return f"{int(value)} B"
    for unit in _BINARY_UNITS[1:]:
        value /= 1024
        if abs(value) < 1024 or unit == _BINARY_UNITS[-1]:
            break
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:.{digits}f} {unit}"


def format_rate(bytes_per_second: float) -> str:
    """A transfer rate: "0 B/s", "12.5 KiB/s"."""
    if bytes_per_second < 1:
        return "0 B/s"
    return f"{format_bytes(bytes_per_second)}/s"


def format_duration(seconds: float) -> str:
    """An age such as "0.3 s", "4 s", "3 min 12 s", "2 h 05 min", "3 d 4 h" (never rounded up)."""
    if seconds < 1:
        # Truncated, like the whole seconds: 0.96 s is not yet "1.0 s".
        return f"{math.floor(max(0.0, seconds) * 10) / 10:.1f} s"
    total = int(seconds)
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


class AxisScale(NamedTuple):
    maximum: float  # bytes/s at the top of the axis
    step: float  # bytes/s between gridlines
    unit: float  # 1, 1024, 1024**2, ...: every label is written in this one unit

    def levels(self) -> list[float]:
        return [self.step * k for k in range(round(self.maximum / self.step) + 1)]

    def label(self, value: float) -> str:
        """ "0.5 MiB/s", "1 MiB/s", "1.5 MiB/s": one unit along the axis, no trailing zeros."""
        name = _BINARY_UNITS[_BINARY_UNITS_BY_SIZE[self.unit]]
        number = f"{value / self.unit:.2f}".rstrip("0").rstrip(".")
        return f"{number} {name}/s"


_BINARY_UNITS_BY_SIZE = {1024.0**power: power for power in range(len(_BINARY_UNITS))}
_STEPS = (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500)


def axis_scale(peak: float, max_lines: int = 5) -> AxisScale:
    """Gridlines for a rate axis showing values up to `peak`.

    The step is a round number in the unit the peak is shown in (0.5 MiB, 2 KiB, 250 B) and the
    maximum is the first multiple of it at or above the peak; when that maximum would reach the
    next unit (1000 KiB -> 1250 KiB), the next unit is used, so labels never mix units.
    """
    if peak <= 0:
        return AxisScale(1024.0, 256.0, 1.0)
    unit = 1.0
    while peak >= unit * 1024 and unit < 1024.0 ** (len(_BINARY_UNITS) - 1):
        unit *= 1024
    while True:
        mantissa = peak / unit
        for step in _STEPS:
            lines = math.ceil(mantissa / step - 1e-9)
            if lines <= max_lines:
                break
        maximum = lines * step
        if maximum <= 1000 or unit >= 1024.0 ** (len(_BINARY_UNITS) - 1):
            return AxisScale(maximum * unit, step * unit, unit)
        unit *= 1024
