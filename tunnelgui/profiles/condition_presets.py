"""Named sets of network conditions a user can pick with one click ("3G", "bad Wi-Fi", ...).

The numbers are shown to the user next to each name, so they are plain and round. Latency is
per direction: a round trip through a "3G" tunnel takes about 2 x 100 ms more.
"""

from __future__ import annotations

from tunnelgui.engine.conditions import Bandwidth, Condition, Direction, Latency, Stall
from tunnelgui.engine.values import Value
from tunnelgui.i18n import _

KIB = 1024


class ConditionPreset(Value):
    key: str  # stable, for files, settings and `--preset`
    name: str  # shown (translated by the UI)
    conditions: tuple[Condition, ...]


PRESETS: tuple[ConditionPreset, ...] = (
    ConditionPreset(
        "3g",
        "3G",
        (
            Condition(Latency(0.100, jitter=0.050)),
            Condition(Bandwidth(96 * KIB), Direction.TO_CLIENT),  # about 750 kbit/s down
            Condition(Bandwidth(32 * KIB), Direction.TO_TARGET),  # about 250 kbit/s up
        ),
    ),
    ConditionPreset(
        "bad-wifi",
        "Bad Wi-Fi",
        (
            Condition(Latency(0.040, jitter=0.030)),
            Condition(Bandwidth(256 * KIB)),
        ),
    ),
    ConditionPreset(
        "satellite",
        "Satellite",
        (
            Condition(Latency(0.300, jitter=0.020)),
            Condition(Bandwidth(1024 * KIB), Direction.TO_CLIENT),
            Condition(Bandwidth(256 * KIB), Direction.TO_TARGET),
        ),
    ),
    ConditionPreset("offline", "Offline", (Condition(Stall(0.0)),)),
)


def preset(key: str) -> ConditionPreset:
    """The preset named by key (case-insensitive); KeyError naming the known keys."""
    for candidate in PRESETS:
        if candidate.key == key.lower():
            return candidate
    known = ", ".join(candidate.key for candidate in PRESETS)
    raise KeyError(_("no preset {key}; known presets: {known}").format(key=repr(key), known=known))
