"""Validation of a profile's network conditions against their declarations (condition_fields):
the ranges, and the combinations that cannot work, for files, the CLI and the editor alike."""

from __future__ import annotations

import math

from tunnelgui.engine.conditions import Condition, ResetAfter, Slicer, condition_problem
from tunnelgui.engine.units import short_duration, short_rate, short_size
from tunnelgui.i18n import _
from tunnelgui.profiles.condition_fields import MAX_CONDITIONS, EffectField, kind_of
from tunnelgui.profiles.condition_format import FIELD, condition_field

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Literal

    Found = tuple[str, str, Literal["error", "warning"]]  # (field, message, severity)


def conditions_problems(conditions: object) -> list[Found]:
    """Every problem of a profile's conditions, each at a field like "conditions[2].seconds"."""
    if not isinstance(conditions, tuple):
        return [(FIELD, _("Conditions must be a list of network conditions"), "error")]
    if len(conditions) > MAX_CONDITIONS:
        message = _("A profile takes at most {maximum} conditions, not {count}").format(
            maximum=MAX_CONDITIONS, count=len(conditions)
        )
        return [(FIELD, message, "error")]
    found: list[Found] = []
    for index, condition in enumerate(conditions, start=1):
        found += _condition_problems(index, condition)
    return found


def _condition_problems(index: int, condition: object) -> list[Found]:
    if not isinstance(condition, Condition):
        message = _("{value} is not a network condition").format(value=repr(condition))
        return [(condition_field(index), message, "error")]
    try:
        kind = kind_of(condition.effect)
    except KeyError:
        message = _("{value} is not an effect").format(value=repr(condition.effect))
        return [(condition_field(index), message, "error")]
    found: list[Found] = []
    for declared in kind.fields:
        message = _field_problem(declared, getattr(condition.effect, declared.attribute))
        if message:
            found.append(
                (
                    condition_field(index, declared.key),
                    _("{kind}: {problem}").format(kind=_(kind.label), problem=message),
                    "error",
                )
            )
    if not found:  # the engine's own check covers direction, switch and probability too
        problem = condition_problem(condition)
        if problem:
            key = "probability" if "probability" in problem else ""
            found.append((condition_field(index, key), _sentence(problem), "error"))
    effect = condition.effect
    if not found and isinstance(effect, Slicer) and effect.size_variation >= effect.size > 0:
        found.append(
            (
                condition_field(index, "variation_bytes"),
                _(
                    "Slicer: the piece size variation must be smaller than the piece size ({size})"
                ).format(size=short_size(effect.size)),
                "error",
            )
        )
    if isinstance(effect, ResetAfter) and effect.bytes == 0 and effect.seconds == 0:
        found.append(
            (
                condition_field(index),
                _(
                    "Reset after: neither a number of bytes nor of seconds is set, so it "
                    "never resets"
                ),
                "warning",
            )
        )
    return found


def _field_problem(declared: EffectField, value: object) -> str:
    """What is wrong with one field's value, or ""."""
    if declared.kind == "switch":
        if isinstance(value, bool):
            return ""
        return _("{label} must be on or off").format(label=_(declared.label))
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if declared.kind != "seconds" and not (is_number and isinstance(value, int)):
        return _("{label} must be a whole number").format(label=_(declared.label))
    if not is_number or math.isnan(value):  # type: ignore[arg-type]
        return _("{label} must be a number of seconds").format(label=_(declared.label))
    number = float(value)  # type: ignore[arg-type]
    if declared.minimum <= number <= declared.maximum:
        return ""
    low, high = _shown(declared, declared.minimum), _shown(declared, declared.maximum)
    shown = _shown(declared, value)
    if declared.zero_means:
        return _("{label} must be from {low} to {high} (0: {zero}), not {value}").format(
            label=_(declared.label), low=low, high=high, zero=_(declared.zero_means), value=shown
        )
    return _("{label} must be from {low} to {high}, not {value}").format(
        label=_(declared.label), low=low, high=high, value=shown
    )


def _shown(declared: EffectField, value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return _("infinite") if value > 0 else _("negative infinity")
    if isinstance(value, int | float) and abs(value) >= 10**18:
        return _("far more") if value > 0 else _("far less")  # no 300-digit number in a message
    if isinstance(value, int | float) and value < 0:
        unit = {"seconds": "s", "rate": "B/s"}.get(declared.kind, "B")
        return f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"
    if declared.kind == "seconds":
        return short_duration(float(value))  # type: ignore[arg-type]
    if declared.kind == "rate":
        return short_rate(int(value))  # type: ignore[call-overload]
    return short_size(int(value))  # type: ignore[call-overload]


def _sentence(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].upper() + text[1:]
