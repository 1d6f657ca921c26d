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
from tunnelgui.i18n import _
from tunnelgui.profiles.condition_fields import DIRECTION_WORDS


def describe_effect(effect: Effect) -> str:
    if isinstance(effect, Latency):
        delay = short_duration(effect.seconds)
        if effect.jitter:
            delay = f"{delay} ± {short_duration(effect.jitter)}"
        return _("latency {delay}").format(delay=delay)
    if isinstance(effect, Bandwidth):
        if effect.shared:
            return _("rate {rate} shared by the tunnel").format(rate=short_rate(effect.rate))
        return _("rate {rate} per connection").format(rate=short_rate(effect.rate))
    if isinstance(effect, Slicer):
        size = short_size(effect.size)
        if effect.size_variation:
            size = f"{size} ± {short_size(effect.size_variation)}"
        if effect.delay:
            return _("slices of {size}, {delay} apart").format(
                size=size, delay=short_duration(effect.delay)
            )
        return _("slices of {size}").format(size=size)
    if isinstance(effect, Stall):
        if not effect.seconds:
            return _("stall (until switched off)")
        return _("stall {duration}").format(duration=short_duration(effect.seconds))
    if isinstance(effect, ResetAfter):
        triggers = [short_size(effect.bytes)] if effect.bytes else []
        triggers += [short_duration(effect.seconds)] if effect.seconds else []
        if len(triggers) == 2:
            return _("reset after {size} or {duration}").format(
                size=triggers[0], duration=triggers[1]
            )
        if triggers:
            return _("reset after {trigger}").format(trigger=triggers[0])
        return _("reset after never")
    if isinstance(effect, CloseAfter):
        return _("close after {size}").format(size=short_size(effect.bytes))
    if isinstance(effect, SlowClose):
        return _("close delayed {duration}").format(duration=short_duration(effect.seconds))
    return repr(effect)


def describe_condition(condition: Condition) -> str:
    """One condition in words; its direction unless both, its share unless all, and "[off]"."""
    text = describe_effect(condition.effect)
    if condition.direction is not Direction.BOTH:
        text += f"{_(', ')}{_(DIRECTION_WORDS[condition.direction])}"
    if condition.probability < 1:
        share = f"{condition.probability * 100:.3g}%"  # outside the msgid: no "%" format there
        text = _("{condition} ({percent} of connections)").format(condition=text, percent=share)
    if not condition.enabled:
        text = _("{condition} (off)").format(condition=text)
    return text


def describe_conditions(conditions: tuple[Condition, ...]) -> str:
    """All of a tunnel's conditions on one line, "" when it has none."""
    return _("; ").join(describe_condition(condition) for condition in conditions)
