"""The numbers of each network condition as people type and read them (no widgets).

What each field means and its bounds come from profiles/condition_fields.py (declared once for
the file, validation, the CLI and the window); this adds how the editor shows it: the unit a
bare number is in, a short label, a help text and a value to start from. A field reads text
with an optional unit ("200", "200 ms", "1.5 s", "96 KiB/s", "750 kbit/s"; a bare number is in
the field's own unit) and refuses what it cannot hold exactly: a value out of range, a fraction
of a byte or finer than a microsecond is an error naming the field, never rounded or clamped
behind the user's back. Conditions in words come from profiles/condition_text.py.

Labels, help texts and messages are in the user's language (Qt's translation, context
"ConditionNumbers"); units stay as typed ("ms", "KiB/s"), so what is shown reads back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from tunnelgui.engine import values
from tunnelgui.engine.conditions import (
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
from tunnelgui.i18n import _
from tunnelgui.profiles import condition_fields as profile_fields

KIB = 1024

# Units each kind of field reads, in bytes, seconds or bytes per second.
_DURATION_UNITS = {"us": Decimal("0.000001"), "ms": Decimal("0.001"), "s": 1, "min": 60, "h": 3600}
_SIZE_UNITS = {"b": 1, "kib": KIB, "mib": KIB**2, "gib": KIB**3, "tib": KIB**4, "pib": KIB**5}
_RATE_UNITS = {
    **{f"{unit}/s": size for unit, size in _SIZE_UNITS.items()},
    "kbit/s": Decimal(1000) / 8,
    "mbit/s": Decimal(1000**2) / 8,
    "gbit/s": Decimal(1000**3) / 8,
}
_UNITS = {"duration": _DURATION_UNITS, "size": _SIZE_UNITS, "rate": _RATE_UNITS}
_SHOWN_UNITS = {
    "duration": "ms, s, min, h",
    "size": "B, KiB, MiB, GiB, TiB",
    "rate": "B/s, KiB/s, MiB/s, GiB/s, kbit/s, Mbit/s",
}
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+))\s*([a-zA-Zµ/%]*)\s*$")


@dataclass(frozen=True, slots=True)
class NumberField:
    """One number of an effect: `attr` on the effect value, shown as `label` in `unit`."""

    attr: str
    label: str
    kind: str  # "duration" (seconds), "size" (bytes), "rate" (bytes/s), "percent"
    unit: str  # what a bare number means, and what is shown
    minimum: float = 0
    maximum: float = profile_fields.MAX_SECONDS
    zero_text: str = ""  # what 0 means, shown instead of "0 ms" ("until switched off")
    help: str = ""


@dataclass(frozen=True, slots=True)
class EffectKind:
    """One kind of condition: its title, what it does, its numbers and a value to start from."""

    type: type
    title: str
    help: str
    numbers: tuple[NumberField, ...]
    default: Effect
    switch: str = ""  # a true/false attr of the effect ("shared"), shown as a check box
    switch_label: str = ""


# How the editor presents each effect; what a field means and its bounds come from the one
# declaration in profiles/condition_fields.py (the file, validation and the CLI use it too).
# Per effect: what it does, a value to start from, and per number the unit a bare number is in
# and the short word before its input.
_PRESENTATION: dict[type, tuple[str, Effect, dict[str, tuple[str, str]]]] = {
    Latency: (
        QT_TRANSLATE_NOOP(
            "ConditionNumbers", "Every byte arrives this much later (\u00b1 jitter); order is kept."
        ),
        Latency(0.100),
        {
            "seconds": ("ms", QT_TRANSLATE_NOOP("ConditionNumbers", "delay")),
            "jitter": ("ms", QT_TRANSLATE_NOOP("ConditionNumbers", "\u00b1 jitter")),
        },
    ),
    Bandwidth: (
        QT_TRANSLATE_NOOP("ConditionNumbers", "At most this many bytes per second."),
        Bandwidth(128 * KIB),
        {"rate": ("KiB/s", QT_TRANSLATE_NOOP("ConditionNumbers", "rate"))},
    ),
    Slicer: (
        QT_TRANSLATE_NOOP(
            "ConditionNumbers", "Writes are cut into small pieces with a pause between them."
        ),
        Slicer(64, delay=0.010),
        {
            "size": ("B", QT_TRANSLATE_NOOP("ConditionNumbers", "piece")),
            "size_variation": ("B", QT_TRANSLATE_NOOP("ConditionNumbers", "\u00b1 size")),
            "delay": ("ms", QT_TRANSLATE_NOOP("ConditionNumbers", "pause")),
        },
    ),
    Stall: (
        QT_TRANSLATE_NOOP(
            "ConditionNumbers",
            "No byte moves for a while (or until switched off); then everything flows on.",
        ),
        Stall(0.0),
        {"seconds": ("s", QT_TRANSLATE_NOOP("ConditionNumbers", "for"))},
    ),
    ResetAfter: (
        QT_TRANSLATE_NOOP(
            "ConditionNumbers",
            "The connection is reset (like a dropped link) after so many bytes or seconds.",
        ),
        ResetAfter(bytes=KIB**2),
        {
            "bytes": ("KiB", QT_TRANSLATE_NOOP("ConditionNumbers", "byte count")),
            "seconds": ("s", QT_TRANSLATE_NOOP("ConditionNumbers", "or time")),
        },
    ),
    CloseAfter: (
        QT_TRANSLATE_NOOP(
            "ConditionNumbers",
            "Exactly this many bytes are delivered, then the stream ends: a truncated response.",
        ),
        CloseAfter(64 * KIB),
        {"bytes": ("KiB", QT_TRANSLATE_NOOP("ConditionNumbers", "byte count"))},
    ),
    SlowClose: (
        QT_TRANSLATE_NOOP(
            "ConditionNumbers", "The end of the stream is passed on this much later."
        ),
        SlowClose(1.0),
        {"seconds": ("s", QT_TRANSLATE_NOOP("ConditionNumbers", "by"))},
    ),
}
_KINDS_OF_NUMBERS = {"seconds": "duration", "bytes": "size", "rate": "rate"}


def _effect_kind(declared: profile_fields.EffectKind) -> EffectKind:
    help_text, default, numbers = _PRESENTATION[declared.effect]
    fields_: list[NumberField] = []
    switch = switch_label = ""
    for field in declared.fields:
        if field.kind == "switch":
            switch, switch_label = field.attribute, field.label
            continue
        unit, label = numbers[field.attribute]
        fields_.append(
            NumberField(
                field.attribute,
                label,
                _KINDS_OF_NUMBERS[field.kind],
                unit,
                minimum=field.minimum,
                maximum=field.maximum,
                zero_text=field.zero_means,
            )
        )
    return EffectKind(
        declared.effect,
        declared.label,
        help_text,
        tuple(fields_),
        default,
        switch=switch,
        switch_label=switch_label,
    )


EFFECT_KINDS: tuple[EffectKind, ...] = tuple(
    _effect_kind(declared) for declared in profile_fields.EFFECT_KINDS
)
_KIND_OF = {kind.type: kind for kind in EFFECT_KINDS}
PROBABILITY = NumberField(
    "probability",
    QT_TRANSLATE_NOOP("ConditionNumbers", "share of connections"),
    "percent",
    "%",
    maximum=1,
)

DIRECTION_TEXT = {
    Direction.BOTH: QT_TRANSLATE_NOOP("ConditionNumbers", "both ways"),
    Direction.TO_TARGET: QT_TRANSLATE_NOOP("ConditionNumbers", "to target \u2191"),
    Direction.TO_CLIENT: QT_TRANSLATE_NOOP("ConditionNumbers", "to client \u2193"),
}


def _tr(text: str) -> str:
    """A text of this module marked with QT_TRANSLATE_NOOP, in the user's language."""
    return QCoreApplication.translate("ConditionNumbers", text)


def direction_text(direction: Direction) -> str:
    return _tr(DIRECTION_TEXT[direction])


def field_label(field: NumberField) -> str:
    """The short word before a number's input ("delay"), in the user's language."""
    return _tr(field.label)


def kind_title(kind: EffectKind) -> str:
    """The condition's name ("Latency", declared with the profile's fields)."""
    return _(kind.title)


def kind_help(kind: EffectKind) -> str:
    return _tr(kind.help)


def kind_switch_label(kind: EffectKind) -> str:
    return _(kind.switch_label)


def zero_text(field: NumberField) -> str:
    """What 0 means ("until switched off"), as shown; both it and the English one read back."""
    return _(field.zero_text) if field.zero_text else ""


def effect_kind(effect: object) -> EffectKind:
    return _KIND_OF[type(effect)]


# -- reading --------------------------------------------------------------------------------------


def parse_number(field: NumberField, text: str) -> tuple[float | int | None, str]:
    """(value, "") for good text, (None, sentence) otherwise. Values are in the engine's units:
    seconds, whole bytes, whole bytes per second; a percent comes back as a share (0..1)."""
    stripped = text.strip()
    label = field_label(field)
    zero_words = (field.zero_text.casefold(), zero_text(field).casefold())
    if field.zero_text and (not stripped or stripped.casefold() in zero_words):
        return (0.0 if field.kind == "duration" else 0), ""
    if not stripped:
        message = QCoreApplication.translate("ConditionNumbers", "{0}: enter a number ({1}).")
        return None, message.format(label, _example(field))
    match = _NUMBER.match(stripped)
    if match is None:
        message = QCoreApplication.translate(
            "ConditionNumbers", "{0}: \u201c{1}\u201d is not a number ({2})."
        )
        return None, message.format(label, stripped, _example(field))
    number_text, unit_text = match.groups()
    try:
        number = Decimal(number_text.replace(",", "."))
    except InvalidOperation:
        message = QCoreApplication.translate(
            "ConditionNumbers", "{0}: \u201c{1}\u201d is not a number."
        )
        return None, message.format(label, stripped)
    if number < 0:
        message = QCoreApplication.translate("ConditionNumbers", "{0} cannot be negative.")
        return None, message.format(label)
    if field.kind == "percent":
        if unit_text not in ("", "%"):
            message = QCoreApplication.translate(
                "ConditionNumbers", "{0}: give a percentage, e.g. 50 %."
            )
            return None, message.format(label)
        return _in_range(field, number / 100, number, "%")
    units = _UNITS[field.kind]
    unit = (unit_text or field.unit).casefold().replace("\u00b5", "u")
    if unit not in units:
        shown = _SHOWN_UNITS[field.kind]
        message = QCoreApplication.translate(
            "ConditionNumbers", "{0}: unknown unit \u201c{1}\u201d; use {2}."
        )
        return None, message.format(label, unit_text, shown)
    value = number * Decimal(units[unit])
    if field.kind == "duration":
        if value != value.quantize(Decimal("0.000001")) and value != 0:
            message = QCoreApplication.translate(
                "ConditionNumbers", "{0}: {1} is finer than a microsecond (0.001 ms)."
            )
            return None, message.format(label, stripped)
        return _in_range(field, value, number, unit_text or field.unit)
    if value != value.to_integral_value():
        if field.kind == "rate":
            message = QCoreApplication.translate(
                "ConditionNumbers", "{0}: {1} {2} is {3} bytes/s; give a whole number of bytes."
            )
        else:
            message = QCoreApplication.translate(
                "ConditionNumbers", "{0}: {1} {2} is {3} bytes; give a whole number of bytes."
            )
        return None, message.format(label, _plain(number), unit_text or field.unit, _plain(value))
    return _in_range(field, value, number, unit_text or field.unit)


def _in_range(
    field: NumberField, value: Decimal, number: Decimal, unit: str
) -> tuple[float | int | None, str]:
    if value < Decimal(str(field.minimum)):
        least = format_number(field, field.minimum)
        message = QCoreApplication.translate("ConditionNumbers", "{0} must be at least {1}.")
        return None, message.format(field_label(field), least)
    if value > Decimal(str(field.maximum)):
        most = format_number(field, field.maximum)
        message = QCoreApplication.translate(
            "ConditionNumbers", "{0} can be at most {1}, not {2} {3}."
        )
        return None, message.format(field_label(field), most, _plain(number), unit)
    if field.kind in ("duration", "percent"):
        return float(value), ""
    return int(value), ""


def _example(field: NumberField) -> str:
    if field.kind == "percent":
        return QCoreApplication.translate("ConditionNumbers", "e.g. 50 %")
    example = format_number(field, _KIND_EXAMPLE[field.kind])
    return QCoreApplication.translate("ConditionNumbers", "e.g. {0}").format(example)


_KIND_EXAMPLE = {"duration": 0.2, "size": 64 * KIB, "rate": 128 * KIB}


# -- writing --------------------------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.50 -> "1.5", 2E+3 -> "2000"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(field: NumberField, value: float) -> str:
    """The value as the field shows it, with its unit; reads back as exactly the same value."""
    if field.zero_text and value == 0:
        return zero_text(field)
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if field.kind == "percent":
        return f"{_plain(exact * 100)} %"
    if field.kind == "duration":
        return format_seconds(exact)
    suffix = "/s" if field.kind == "rate" else ""
    return f"{_shortest_size(exact)}{suffix}"


def format_seconds(seconds: Decimal | float) -> str:
    exact = Decimal(repr(seconds)) if isinstance(seconds, float) else seconds
    if exact < 1:
        return f"{_plain(exact * 1000)} ms"
    for unit, size in (("h", 3600), ("min", 60)):
        if exact >= size and exact % size == 0:
            return f"{_plain(exact / size)} {unit}"
    return f"{_plain(exact)} s"


def _shortest_size(count: Decimal) -> str:
    """The largest binary unit that shows `count` bytes with at most three decimals."""
    for name, size in (
        ("PiB", KIB**5),
        ("TiB", KIB**4),
        ("GiB", KIB**3),
        ("MiB", KIB**2),
        ("KiB", KIB),
    ):
        scaled = count / size
        if scaled >= 1 and scaled == scaled.quantize(Decimal("0.001")):
            return f"{_plain(scaled)} {name}"
    return f"{_plain(count)} B"


def with_number(effect: Effect, attr: str, value: float | int | bool) -> Effect:
    """The effect with one field changed (a value parse_number accepted)."""
    if attr not in values.fields(effect):
        raise AttributeError(f"{type(effect).__name__} has no {attr}")
    return values.replace(effect, **{attr: value})
