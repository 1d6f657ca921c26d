"""Network conditions: plain, frozen values that shape one direction of a tunnel's traffic.

A Condition pairs one effect (Latency, Bandwidth, Slicer, Stall, ResetAfter, CloseAfter,
SlowClose) with the direction it applies to, an on/off switch and a probability (the share of
connections it applies to, drawn once per connection and condition). A tunnel carries a tuple
of them in TunnelSpec.conditions; Engine.set_conditions swaps the tuple of a running tunnel and
open connections follow at once. Units are the engine's: seconds and bytes (per second).
"""

from __future__ import annotations

import math
from enum import StrEnum

from tunnelgui.engine.values import Value, fields


class Direction(StrEnum):
    """Which way a condition shapes: the bytes going to the target, to the client, or both."""

    TO_TARGET = "to_target"
    TO_CLIENT = "to_client"
    BOTH = "both"

    def covers(self, to_target: bool) -> bool:
        if self is Direction.BOTH:
            return True
        return (self is Direction.TO_TARGET) == to_target


class Latency(Value):
    """Every byte arrives `seconds` ± `jitter` later than it was read; order is kept."""

    seconds: float
    jitter: float = 0.0


class Bandwidth(Value):
    """At most `rate` bytes per second (a token bucket); shared: one bucket for the whole
    tunnel (that direction) instead of one per connection."""

    rate: int
    shared: bool = False


class Slicer(Value):
    """Writes are cut into pieces of about `size` bytes (± size_variation) with `delay`
    seconds between them."""

    size: int
    delay: float = 0.0
    size_variation: int = 0


class Stall(Value):
    """No byte moves for `seconds` after the condition applies (0: until it is switched off,
    a "blackhole"); then everything held flows on, intact."""

    seconds: float = 0.0


class ResetAfter(Value):
    """The connection is reset (RST, like a dropped link) after `bytes` bytes in this
    direction, or `seconds` after it opened; 0 = that trigger is off."""

    bytes: int = 0
    seconds: float = 0.0


class CloseAfter(Value):
    """Exactly `bytes` bytes are delivered, then the direction ends (EOF): a truncated
    response."""

    bytes: int


class SlowClose(Value):
    """The end of the stream (FIN) is passed on `seconds` late."""

    seconds: float


Effect = Latency | Bandwidth | Slicer | Stall | ResetAfter | CloseAfter | SlowClose
EFFECT_TYPES: tuple[type, ...] = (
    Latency,
    Bandwidth,
    Slicer,
    Stall,
    ResetAfter,
    CloseAfter,
    SlowClose,
)


class Condition(Value):
    """One effect on one direction, switched on or off, applied to a share of connections."""

    effect: Effect
    direction: Direction = Direction.BOTH
    enabled: bool = True
    # The share of connections it applies to, 0..1; each connection draws once per condition.
    probability: float = 1.0

    def applies_to(self, to_target: bool) -> bool:
        return self.enabled and self.direction.covers(to_target)


def active(conditions: tuple[Condition, ...]) -> bool:
    """True when any condition is switched on (the tunnel is "shaped")."""
    return any(condition.enabled for condition in conditions)


def condition_problem(condition: object) -> str | None:
    """What is wrong with one condition, as a sentence, or None when it is usable."""
    if not isinstance(condition, Condition):
        return f"{condition!r} is not a network condition."
    if not isinstance(condition.direction, Direction):
        return f"{condition.direction!r} is not a direction (to_target, to_client, both)."
    if not _fraction(condition.probability):
        return f"probability must be between 0 and 1, not {condition.probability!r}."
    effect = condition.effect
    if not isinstance(effect, EFFECT_TYPES):
        return f"{effect!r} is not a network condition."
    for name in fields(effect):
        value = getattr(effect, name)
        if isinstance(value, bool) or name == "shared":
            if not isinstance(value, bool):
                return f"{type(effect).__name__}.{name} must be true or false."
            continue
        if not _non_negative(value):
            return f"{type(effect).__name__}.{name} must be a number of 0 or more, not {value!r}."
    if isinstance(effect, Bandwidth) and effect.rate < 1:
        return "a bandwidth cap must be at least 1 byte per second."
    if isinstance(effect, Slicer) and effect.size < 1:
        return "a slicer's piece size must be at least 1 byte."
    return None


def _non_negative(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


def _fraction(value: object) -> bool:
    return _non_negative(value) and value <= 1  # type: ignore[operator]
