"""Byte counts, rates and durations in one style for the CLI, the engine's events and the GUI,
and the reading of those a person types ("200ms", "64KiB", "1MiB/s")."""

from __future__ import annotations

import math
import re

from tunnelgui.engine.values import Value

# decimal is imported by the functions that read and write these texts, not here: a plain
# forward only formats byte counts, and _decimal costs it about 0.4 MiB for its whole life.
TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from decimal import Decimal

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


class AxisScale(Value):
    """A rate axis's gridlines (a Value: typing.NamedTuple would import typing)."""

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


# --- reading what people write: "200ms", "1.5s", "64KiB", "1MiB/s", "1mbit/s" ----------------
# The one parser of these for the CLI, imports and the GUI. Numbers are read as decimals, so
# "1.5MiB" is exactly 1572864 bytes and "200ms" is the float nearest 0.2, the same as 0.2 typed
# in a file. A bare number is a count of bytes (bytes per second for a rate); a duration needs
# its unit, since "--latency 200" could mean milliseconds or seconds: only "0" goes without.

DURATION_EXAMPLES = "200ms, 1.5s, 2min or 0"
SIZE_EXAMPLES = "1500, 64KiB, 500KB or 1.5MiB"
RATE_EXAMPLES = "1MiB/s, 500KB/s, 1mbit/s or 2Mbps"

_NUMBER = re.compile(r"^\s*(\d{1,18}(?:\.\d{0,20})?|\.\d{1,20})\s*([^\s\d.][^\s]*)?\s*$", re.ASCII)
_DURATION_UNITS = {"ms": "0.001", "s": "1", "sec": "1", "min": "60", "h": "3600"}  # as Decimal()
_BYTE_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4}
_BYTE_UNITS |= {"kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}
_BIT_UNITS = {"bit": 1, "kbit": 1000, "mbit": 1000**2, "gbit": 1000**3}
_BPS_UNITS = {"bps": 1, "kbps": 1000, "mbps": 1000**2, "gbps": 1000**3}


class UnitError(ValueError):
    """Text that is not a duration, size or rate; str() names the text and shows examples."""


def _split(text: str, what: str, examples: str) -> tuple[Decimal, str]:
    from decimal import Decimal

    match = _NUMBER.match(text) if len(text) <= 40 else None
    if match is None:
        raise UnitError(f"{_shown(text)} is not {what}; write e.g. {examples}")
    return Decimal(match.group(1)), match.group(2) or ""


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 30 else f"{text[:30]!r}..."


def parse_duration(text: str) -> float:
    """ "200ms" -> 0.2, "1.5s" -> 1.5, "2min" -> 120.0, "0" -> 0.0; UnitError otherwise."""
    number, unit = _split(text, "a duration", DURATION_EXAMPLES)
    if not unit:
        if number == 0:
            return 0.0
        raise UnitError(
            f"{_shown(text)} needs a unit: {text.strip()}ms or {text.strip()}s "
            f"(e.g. {DURATION_EXAMPLES})"
        )
    scale = _DURATION_UNITS.get(unit.lower())
    if scale is None:
        raise UnitError(
            f"{_shown(text)}: unknown unit {unit!r} for a duration (ms, s, min or h); "
            f"write e.g. {DURATION_EXAMPLES}"
        )
    from decimal import Decimal

    return float(number * Decimal(scale))


def parse_size(text: str) -> int:
    """ "64KiB" -> 65536, "500KB" -> 500000, "1500" -> 1500 (bytes, rounded to a whole byte)."""
    number, unit = _split(text, "a size", SIZE_EXAMPLES)
    return _whole(number * _byte_scale(text, unit, SIZE_EXAMPLES, rate=False))


def parse_rate(text: str) -> int:
    """Bytes per second: "1MiB/s" -> 1048576, "500KB/s" -> 500000, "1mbit/s" and "1Mbps" ->
    125000; "/s" may be left out ("1MiB"), a bare number is bytes per second."""
    stripped = text.strip()
    if stripped.lower().endswith("/s"):
        stripped = stripped[:-2]
    if not stripped or stripped.endswith("/"):
        raise UnitError(f"{_shown(text)} is not a rate; write e.g. {RATE_EXAMPLES}")
    number, unit = _split(stripped, "a rate", RATE_EXAMPLES)
    lower = unit.lower()
    bits = _BIT_UNITS.get(lower) or _BPS_UNITS.get(lower)
    if bits is not None:
        return _whole(number * bits / 8)
    return _whole(number * _byte_scale(text, unit, RATE_EXAMPLES, rate=True))


def _byte_scale(text: str, unit: str, examples: str, *, rate: bool) -> int:
    if not unit:
        return 1
    lower = unit.lower()
    # "Mb" and "kb" mean bits to some people and bytes to others: make them say which.
    if lower in _BYTE_UNITS and lower != "b" and unit[-1] == "b" and "i" not in lower:
        prefix = unit[:-1]
        bits = f"/s for bytes or {prefix.lower()}bit/s for bits" if rate else " for bytes"
        raise UnitError(
            f"{_shown(text)}: {unit!r} could mean bits or bytes; write {prefix.upper()}B{bits}"
        )
    scale = _BYTE_UNITS.get(lower)
    if scale is None:
        kind = "rate" if rate else "size"
        units = "B, KB, KiB, MB, MiB, GB, GiB" + (", kbit, Mbit, Gbit" if rate else "")
        raise UnitError(
            f"{_shown(text)}: unknown unit {unit!r} for a {kind} ({units}); write e.g. {examples}"
        )
    return scale


def _whole(value: Decimal) -> int:
    from decimal import ROUND_HALF_EVEN

    return int(value.to_integral_value(rounding=ROUND_HALF_EVEN))


# --- writing them so they read back the same: short_duration(0.2) == "200ms" ------------------


def short_duration(seconds: float) -> str:
    """A duration as parse_duration reads it back exactly: "200ms", "1.5s", "2min", "0"."""
    if seconds == 0:
        return "0"
    for unit, scale in (("h", 3600), ("min", 60)):
        if seconds >= scale and seconds % scale == 0:
            return f"{int(seconds // scale)}{unit}"
    from decimal import Decimal

    if seconds < 1:
        milliseconds = Decimal(repr(seconds)) * 1000
        if float(milliseconds / 1000) == seconds and _digits(milliseconds) <= 9:
            return f"{_plain(milliseconds)}ms"
    return f"{_plain(Decimal(repr(seconds)))}s"


def short_size(count: int) -> str:
    """A byte count as parse_size reads it back exactly: "64KiB", "1.5MiB", "500KB", "1500B"."""
    return _short_bytes(count) or f"{count}B"


def short_rate(bytes_per_second: int) -> str:
    """A rate as parse_rate reads it back exactly: "1MiB/s", "500KB/s", "125000B/s"."""
    return f"{short_size(bytes_per_second)}/s"


def _short_bytes(count: int) -> str:
    from decimal import Decimal

    for unit, scale in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= scale and (count * 1000) % scale == 0:  # at most three decimals
            return f"{_plain(Decimal(count) / scale)}{unit}"
    for unit, scale in (("TB", 1000**4), ("GB", 1000**3), ("MB", 1000**2), ("KB", 1000)):
        if count >= scale and count % scale == 0:
            return f"{count // scale}{unit}"
    return ""


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _digits(number: Decimal) -> int:
    return len(_plain(number).replace(".", ""))
