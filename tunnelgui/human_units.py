"""Human-readable byte counts, transfer rates and durations for tables, charts and tooltips."""

from __future__ import annotations

import math

_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def format_bytes(count: float, trim: bool = False) -> str:
    """1536 -> "1.50 KiB"; whole bytes below 1 KiB; three significant digits above.

    trim=True drops trailing zeros ("1.5 KiB", "2 MiB"), for axis labels.
    """
    value = float(count)
    if abs(value) < 1024:
        return f"{int(value)} B"
    for unit in _BINARY_UNITS[1:]:
        value /= 1024
        if abs(value) < 1024 or unit == _BINARY_UNITS[-1]:
            break
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    number = f"{value:.{digits}f}"
    if trim and "." in number:
        number = number.rstrip("0").rstrip(".")
    return f"{number} {unit}"


def format_rate(bytes_per_second: float, trim: bool = False) -> str:
    """A transfer rate: "0 B/s", "12.5 KiB/s"."""
    if bytes_per_second < 1:
        return "0 B/s"
    return f"{format_bytes(bytes_per_second, trim)}/s"


def format_duration(seconds: float) -> str:
    """An age such as "4 s", "3 min 12 s", "2 h 05 min", "3 d 4 h"."""
    total = max(0, int(seconds))
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


def axis_scale(peak: float, max_lines: int = 5) -> tuple[float, float]:
    """(maximum, step) for a rate axis showing values up to `peak`.

    The step is a round number in the unit the peak is shown in (0.5 MiB, 2 KiB, 250 B), so every
    gridline gets a short label, and the maximum is the first multiple of it at or above the peak.
    """
    if peak <= 0:
        return 1024.0, 256.0
    unit = 1.0
    while peak >= unit * 1024 and unit < 1024**5:
        unit *= 1024
    mantissa = peak / unit
    for step in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        lines = math.ceil(mantissa / step - 1e-9)
        if lines <= max_lines:
            return lines * step * unit, step * unit
    return 1024 * unit, 256 * unit
