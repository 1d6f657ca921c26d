"""Each network condition's fields declared once: the file format, validation, the CLI's
descriptions and the editor all follow from these (tests/profiles/test_condition_fields.py fails
when one misses an effect or a field of the engine's values)."""

from __future__ import annotations

from tunnelgui.engine.conditions import (
    EFFECT_TYPES,
    Bandwidth,
    CloseAfter,
    Direction,
    Effect,
    Latency,
    ResetAfter,
    Slicer,
    SlowClose,
    Stall,
)
from tunnelgui.engine.values import Value
from tunnelgui.i18n import N_

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Literal

    FieldKind = Literal["seconds", "bytes", "rate", "switch"]

# Bounds that catch mistakes, not slow networks: a day of delay, a pebibyte, a tebibyte per
# second. Past them a number is a typo (or a hostile file), and the engine never has to think
# about overflowing its clocks or counters.
MAX_SECONDS = 24 * 3600.0
MAX_BYTES = 1024**5
MAX_RATE = 1024**4
MAX_PIECE_BYTES = 16 * 1024**2  # a slicer's piece: a socket buffer is far smaller
MAX_CONDITIONS = 32  # per profile; each costs a little on every chunk of a shaped connection

# The words of a condition's direction: the file keeps the engine's values, the CLI takes them
# with hyphens too, and people read them as below (msgids: shown through tunnelgui.i18n._).
DIRECTION_WORDS = {
    Direction.BOTH: N_("both ways"),
    Direction.TO_TARGET: N_("to the target"),
    Direction.TO_CLIENT: N_("to the client"),
}


class EffectField(Value):
    """One field of an effect: the engine value's attribute and how the file and people see it."""

    attribute: str  # the attribute of the engine's value: Latency.jitter
    key: str  # the key in the file: "jitter_seconds" (the unit is in the name)
    kind: FieldKind  # seconds: a float; bytes, rate: a whole number; switch: true/false
    label: str  # "jitter", for messages and the editor (a msgid, N_)
    minimum: float = 0.0
    maximum: float = MAX_SECONDS
    zero_means: str = ""  # what 0 does, when it does something special: "until switched off"

    @property
    def default(self) -> object:
        return False if self.kind == "switch" else 0


class EffectKind(Value):
    """One kind of effect: its name in files and on the command line, and its fields."""

    type_name: str  # "latency": the file's "type"
    effect: type  # the engine's value class
    label: str  # "Latency" (a msgid, N_)
    fields: tuple[EffectField, ...]
    required: tuple[str, ...]  # file keys that must be given (the rest default to 0 / false)


def _seconds(attribute: str, key: str, label: str, **more: object) -> EffectField:
    return EffectField(attribute, key, "seconds", label, **more)  # type: ignore[arg-type]


EFFECT_KINDS: tuple[EffectKind, ...] = (
    EffectKind(
        "latency",
        Latency,
        N_("Latency"),
        (
            _seconds("seconds", "seconds", N_("delay")),
            _seconds("jitter", "jitter_seconds", N_("jitter")),
        ),
        ("seconds",),
    ),
    EffectKind(
        "bandwidth",
        Bandwidth,
        N_("Bandwidth cap"),
        (
            EffectField("rate", "bytes_per_second", "rate", N_("rate"), 1, MAX_RATE),
            EffectField("shared", "shared", "switch", N_("shared by the tunnel")),
        ),
        ("bytes_per_second",),
    ),
    EffectKind(
        "slicer",
        Slicer,
        N_("Slicer"),
        (
            EffectField("size", "piece_bytes", "bytes", N_("piece size"), 1, MAX_PIECE_BYTES),
            _seconds("delay", "delay_seconds", N_("delay between pieces")),
            EffectField(
                "size_variation",
                "variation_bytes",
                "bytes",
                N_("piece size variation"),
                0,
                MAX_PIECE_BYTES,
            ),
        ),
        ("piece_bytes",),
    ),
    EffectKind(
        "stall",
        Stall,
        N_("Stall"),
        (_seconds("seconds", "seconds", N_("duration"), zero_means=N_("until switched off")),),
        (),
    ),
    EffectKind(
        "reset_after",
        ResetAfter,
        N_("Reset after"),
        (
            EffectField(
                "bytes", "bytes", "bytes", N_("byte count"), 0, MAX_BYTES, zero_means=N_("off")
            ),
            _seconds("seconds", "seconds", N_("time"), zero_means=N_("off")),
        ),
        (),
    ),
    EffectKind(
        "close_after",
        CloseAfter,
        N_("Close after"),
        (EffectField("bytes", "bytes", "bytes", N_("byte count"), 0, MAX_BYTES),),
        ("bytes",),
    ),
    EffectKind(
        "slow_close",
        SlowClose,
        N_("Slow close"),
        (_seconds("seconds", "seconds", N_("delay")),),
        ("seconds",),
    ),
)

COMMON_KEYS = ("type", "direction", "enabled", "probability")
_BY_NAME = {kind.type_name: kind for kind in EFFECT_KINDS}
_BY_CLASS = {kind.effect: kind for kind in EFFECT_KINDS}
assert set(_BY_CLASS) == set(EFFECT_TYPES), "every engine effect needs an EffectKind"


def kind_named(type_name: str) -> EffectKind | None:
    return _BY_NAME.get(type_name)


def kind_of(effect: Effect) -> EffectKind:
    return _BY_CLASS[type(effect)]


def type_names() -> tuple[str, ...]:
    return tuple(_BY_NAME)
