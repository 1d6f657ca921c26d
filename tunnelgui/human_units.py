"""Human-readable byte counts, transfer rates and durations for tables, charts and tooltips."""

from __future__ import annotations

_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def format_bytes(count: float) -> str:
    """1536 -> "1.5 KiB"; whole bytes below 1 KiB; three significant digits above."""
    value = float(count)
    if abs(value) < 1024:
        return f"{int(value)} B"
    for unit in _BINARY_UNITS[1:]:
        value /= 1024
        if abs(value) < 1024 or unit == _BINARY_UNITS[-1]:
            break
    if abs(value) >= 100:
        return f"{value:.0f} {unit}"
    if abs(value) >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}"


def format_rate(bytes_per_second: float) -> str:
    """A transfer rate: "0 B/s", "12.5 KiB/s"."""
    if bytes_per_second < 1:
        return "0 B/s"
    return f"{format_bytes(bytes_per_second)}/s"


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


def nice_axis_maximum(value: float) -> float:
    """The smallest "round" number (1, 2 or 5 times a power of 1024 or 10) at or above value.

    Chart axes use it so gridlines land on readable rates such as 2 MiB/s or 500 KiB/s.
    """
    if value <= 0:
        return 1024.0
    scale = 1.0
    while value >= scale * 1024:
        scale *= 1024
    mantissa = value / scale
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 1024):
        if mantissa <= step:
            return step * scale
    return 1024 * scale
