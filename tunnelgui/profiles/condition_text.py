"""Network conditions in words, for `profiles show`, the headless start lines and the window:
"latency 200ms ± 50ms; rate 1MiB/s per connection, to the client (50% of connections)".

The numbers are written as the CLI reads them (units.short_*), so what a user sees can be typed
back.
"""

from __future__ import annotations

from tunnelgui.engine.conditions import (
    Bandwidth,
    CloseAfter,
    Condition,
    Direction,
    Effect,
    Latency,
    ResetAfter,
    Slicer,
    SlowClose,
    Stall,
)
from tunnelgui.engine.units import short_duration, short_rate, short_size
from tunnelgui.profiles.condition_fields import DIRECTION_WORDS


def describe_effect(effect: Effect) -> str:
    if isinstance(effect, Latency):
        jitter = f" ± {short_duration(effect.jitter)}" if effect.jitter else ""
        return f"latency {short_duration(effect.seconds)}{jitter}"
    if isinstance(effect, Bandwidth):
        scope = "shared by the tunnel" if effect.shared else "per connection"
        return f"rate {short_rate(effect.rate)} {scope}"
    if isinstance(effect, Slicer):
        variation = f" ± {short_size(effect.size_variation)}" if effect.size_variation else ""
        apart = f", {short_duration(effect.delay)} apart" if effect.delay else ""
        return f"slices of {short_size(effect.size)}{variation}{apart}"
    if isinstance(effect, Stall):
        if not effect.seconds:
            return "stall (until switched off)"
        return f"stall {short_duration(effect.seconds)}"
    if isinstance(effect, ResetAfter):
        triggers = [short_size(effect.bytes)] if effect.bytes else []
        triggers += [short_duration(effect.seconds)] if effect.seconds else []
        return f"reset after {' or '.join(triggers) or 'never'}"
    if isinstance(effect, CloseAfter):
        return f"close after {short_size(effect.bytes)}"
    if isinstance(effect, SlowClose):
        return f"close delayed {short_duration(effect.seconds)}"
    return repr(effect)


def describe_condition(condition: Condition) -> str:
    """One condition in words; its direction unless both, its share unless all, and "[off]"."""
    text = describe_effect(condition.effect)
    if condition.direction is not Direction.BOTH:
        text += f", {DIRECTION_WORDS[condition.direction]}"
    if condition.probability < 1:
        text += f" ({condition.probability * 100:.3g}% of connections)"
    if not condition.enabled:
        text += " (off)"
    return text


def describe_conditions(conditions: tuple[Condition, ...]) -> str:
    """All of a tunnel's conditions on one line, "" when it has none."""
    return "; ".join(describe_condition(condition) for condition in conditions)
