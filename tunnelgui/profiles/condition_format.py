"""Network conditions in the profiles file: each a JSON object with its "type", "direction",
"enabled", "probability" and the fields its EffectKind declares (seconds and bytes, units in
the key names), written exactly and read back with a located problem for each bad value."""

from __future__ import annotations

import math

from tunnelgui.engine.conditions import Condition, Direction, Latency
from tunnelgui.i18n import _
from tunnelgui.profiles.condition_fields import (
    COMMON_KEYS,
    MAX_CONDITIONS,
    EffectField,
    kind_named,
    kind_of,
    type_names,
)
from tunnelgui.profiles.json_values import closest, describe_value, show_value

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any

FIELD = "conditions"  # the profile's key, and the start of every located field name
DIRECTIONS = tuple(direction.value for direction in Direction)
# Stands in for a condition that could not be read, so the others keep their numbers in
# messages; it is never saved, since a profile with a problem is refused.
_STAND_IN = Condition(Latency(0.0), enabled=False)

Problems = list[tuple[str, str]]  # (located field name, message)


def condition_field(index: int, key: str = "") -> str:
    """ "conditions[2].seconds": the located name of a condition's key, counting from 1."""
    return f"{FIELD}[{index}]" + (f".{key}" if key else "")


def condition_to_dict(condition: Condition) -> dict[str, Any]:
    effect = condition.effect
    kind = kind_of(effect)
    entry: dict[str, Any] = {
        "type": kind.type_name,
        "direction": condition.direction.value,
        "enabled": condition.enabled,
        "probability": condition.probability,
    }
    for declared in kind.fields:
        entry[declared.key] = getattr(effect, declared.attribute)
    return entry


def read_conditions(raw: Any) -> tuple[tuple[Condition, ...], Problems]:
    """The conditions of a profile entry's "conditions" value, and a problem for each bad part.

    Types and signs are checked here; ranges by validation (condition_checks), which also sees
    conditions made by the CLI and the editor.
    """
    if not isinstance(raw, list):
        message = _("must be a list of conditions, found {found}")
        return (), [(FIELD, message.format(found=describe_value(raw)))]
    if len(raw) > MAX_CONDITIONS:
        message = _("holds {count} conditions; a profile takes at most {maximum}").format(
            count=len(raw), maximum=MAX_CONDITIONS
        )
        return (), [(FIELD, message)]
    conditions: list[Condition] = []
    problems: Problems = []
    for index, item in enumerate(raw, start=1):
        conditions.append(_read_one(index, item, problems))
    return tuple(conditions), problems


def _read_one(index: int, item: Any, problems: Problems) -> Condition:
    def fail(key: str, message: str) -> None:
        problems.append((condition_field(index, key), message))

    if not isinstance(item, dict):
        fail("", _("must be a JSON object, found {found}").format(found=describe_value(item)))
        return _STAND_IN
    for key in getattr(item, "duplicate_keys", ()):
        fail(key, _("appears twice; keep one"))
    type_name = item.get("type")
    kind = kind_named(type_name) if isinstance(type_name, str) else None
    if kind is None:
        known = ", ".join(type_names())
        if "type" not in item:
            fail("type", _("is missing (one of {known})").format(known=known))
        else:
            close = closest(str(type_name), type_names())
            shown = show_value(type_name)
            if close:
                message = _(
                    "{value} is not a kind of condition; did you mean {close}? known: {known}"
                ).format(value=shown, close=repr(close), known=known)
            else:
                message = _("{value} is not a kind of condition; known: {known}").format(
                    value=shown, known=known
                )
            fail("type", message)
        return _STAND_IN
    allowed = COMMON_KEYS + tuple(declared.key for declared in kind.fields)
    for key in item:
        if key not in allowed:
            close = closest(key, allowed)
            if close:
                message = _("is not a field of a {kind} condition; did you mean {close}?")
            else:
                message = _("is not a field of a {kind} condition")
            fail(key, message.format(kind=kind.type_name, close=repr(close) if close else ""))
    before = len(problems)
    direction = item.get("direction", Direction.BOTH.value)
    if direction not in DIRECTIONS:
        fail(
            "direction",
            _("must be one of {choices}, got {found}").format(
                choices=", ".join(DIRECTIONS), found=show_value(direction)
            ),
        )
        direction = Direction.BOTH.value
    enabled = item.get("enabled", True)
    if not isinstance(enabled, bool):
        fail("enabled", _("must be true or false, got {found}").format(found=show_value(enabled)))
    probability = _number(item.get("probability", 1.0))
    if probability is None:
        shown = show_value(item["probability"])
        message = _("must be a number from 0 to 1 (a share of connections), got {found}")
        fail("probability", message.format(found=shown))
    values: dict[str, Any] = {}
    for declared in kind.fields:
        if declared.key not in item:
            if declared.key in kind.required:
                fail(declared.key, _("is missing"))
            values[declared.attribute] = _default(declared)
            continue
        value, expectation = _field_value(item[declared.key], declared)
        if expectation:
            message = _("must be {expected}, got {found}")
            fail(
                declared.key,
                message.format(expected=expectation, found=show_value(item[declared.key])),
            )
        values[declared.attribute] = value
    if len(problems) > before:
        return _STAND_IN
    return Condition(kind.effect(**values), Direction(direction), enabled, probability)


def _default(declared: EffectField) -> Any:
    # Optional fields are those whose 0 (or false) is the engine value's own default.
    if declared.kind == "switch":
        return False
    return float(declared.minimum) if declared.kind == "seconds" else int(declared.minimum)


def _field_value(value: Any, declared: EffectField) -> tuple[Any, str]:
    """(the value as the engine takes it, "") or (None, what it should have been)."""
    if declared.kind == "switch":
        return (value, "") if isinstance(value, bool) else (None, _("true or false"))
    if declared.kind == "seconds":
        number = _number(value)
        if number is None:
            return None, _("a number of seconds (0 or more)")
        return number, ""
    whole = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if not whole:
        if declared.kind == "rate":
            return None, _("a whole number of bytes per second (0 or more)")
        return None, _("a whole number of bytes (0 or more)")
    return value, ""


def _number(value: Any) -> float | None:
    """A JSON number of 0 or more as a float; a whole number too long for a float is
    infinitely large, which validation then reports as out of range."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf
