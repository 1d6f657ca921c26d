"""The network-condition flags of `forward` and `profiles add`: `--latency 200ms --jitter 50ms
--rate 1MiB/s`, the other effects, a preset, and the direction and share they apply to.

Each effect flag may be given more than once and its value may start with a direction
("--rate to-client:1MiB/s --rate to-target:256KiB/s"); without one, --direction applies
(default both). Values are checked as they are read, so a bad one is a usage error naming the
flag (exit 2); the conditions are built in a fixed order: the preset's, then the flags'.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

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
from tunnelgui.engine.units import (
    UnitError,
    parse_duration,
    parse_rate,
    parse_size,
)
from tunnelgui.engine.values import Value, replace
from tunnelgui.i18n import N_, _
from tunnelgui.profiles.condition_fields import MAX_PIECE_BYTES
from tunnelgui.profiles.condition_presets import PRESETS, preset

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any

_DIRECTIONS = {
    "both": Direction.BOTH,
    "to-target": Direction.TO_TARGET,
    "to_target": Direction.TO_TARGET,
    "to-client": Direction.TO_CLIENT,
    "to_client": Direction.TO_CLIENT,
}
_DURATION_SUFFIXES = ("ms", "s", "sec", "min", "h")
PREFIX_HELP = N_("(prefix to-target: or to-client: for one direction; repeatable)")


def _prefixed(help_text: str) -> str:
    """An effect flag's help, then the words on its direction prefix (both translated)."""
    return f"{_(help_text)} {_(PREFIX_HELP)}"


class ConditionFlagError(Exception):
    """Flags that cannot go together; str() is the one line argparse prints."""


class _Given(Value):
    """One effect flag's value: the direction it names (None: --direction) and its number."""

    direction: Direction | None
    value: Any


def add_condition_flags(parser: argparse.ArgumentParser, *, stored: bool) -> None:
    """The condition flags; stored: `profiles add`, which may save them switched off."""
    group = parser.add_argument_group(
        _("network conditions"),
        _(
            "shape the tunnel's traffic (durations like 200ms or 1.5s, sizes like 64KiB, rates "
            "like 1MiB/s or 1mbit/s)"
        ),
    )
    keys = ", ".join(p.key for p in PRESETS)
    group.add_argument(
        "--preset",
        metavar="NAME",
        type=_preset,
        help=_("start from a named set of conditions ({presets})").format(presets=keys),
    )
    add = _adder(group)
    add("--latency", "DURATION", parse_duration, N_("delay every byte by this long"))
    group.add_argument(
        "--jitter",
        metavar="DURATION",
        type=_checked(parse_duration, lambda s: Latency(s, s)),
        help=_("vary each --latency by up to ± this much"),
    )
    add(
        "--rate",
        "RATE",
        parse_rate,
        N_("cap each connection at this many bytes per second"),
    )
    group.add_argument(
        "--shared-rate",
        action="store_true",
        help=_("one --rate bucket shared by all of the tunnel's connections, not one each"),
    )
    add("--slice", "SIZE", parse_size, N_("cut writes into pieces of this size"))
    group.add_argument(
        "--slice-delay",
        metavar="DURATION",
        type=_checked(parse_duration, lambda s: Slicer(1, delay=s)),
        help=_("wait this long between --slice pieces"),
    )
    group.add_argument(
        "--slice-variation",
        metavar="SIZE",
        type=_checked(parse_size, lambda n: Slicer(MAX_PIECE_BYTES, size_variation=n)),
        help=_("vary each --slice piece by up to ± this many bytes"),
    )
    add(
        "--stall",
        "DURATION",
        parse_duration,
        N_("move no bytes for this long after connecting (0: until switched off)"),
    )
    group.add_argument(
        "--reset-after",
        metavar="SIZE|DURATION",
        action="append",
        default=[],
        type=_with_direction(_reset_trigger),
        help=_prefixed(
            N_(
                "reset the connection (RST) after this many bytes (1MiB) or this long (30s); "
                "give both to reset at whichever comes first"
            )
        ),
    )
    add(
        "--close-after",
        "SIZE",
        parse_size,
        N_("end the stream (EOF) after exactly this many bytes"),
    )
    add(
        "--slow-close",
        "DURATION",
        parse_duration,
        N_("pass the end of the stream on this much later"),
    )
    group.add_argument(
        "--direction",
        choices=("both", "to-target", "to-client"),
        default="both",
        help=_("the direction of the condition flags without a prefix (default both)"),
    )
    group.add_argument(
        "--probability",
        metavar="P",
        type=_probability,
        default=1.0,
        help=_("apply the conditions to this share of connections, 0 to 1 (default 1: all)"),
    )
    if stored:
        group.add_argument(
            "--conditions-off",
            action="store_true",
            help=_("save the conditions switched off (switch them on in the app)"),
        )


_FLAG_EFFECTS: dict[str, Callable[[Any], Effect]] = {
    "latency": Latency,
    "rate": Bandwidth,
    "slice": Slicer,
    "stall": Stall,
    "close_after": CloseAfter,
    "slow_close": SlowClose,
}


def _adder(group: argparse._ArgumentGroup) -> Callable[[str, str, Callable, str], None]:
    def add(flag: str, metavar: str, parse: Callable[[str], Any], help_text: str) -> None:
        make = _FLAG_EFFECTS[flag[2:].replace("-", "_")]
        group.add_argument(
            flag,
            metavar=metavar,
            action="append",
            default=[],
            type=_with_direction(_checked(parse, make)),
            help=_prefixed(help_text),
        )

    return add


def conditions_from_args(args: argparse.Namespace) -> tuple[Condition, ...]:
    """The conditions the flags of add_condition_flags asked for; ConditionFlagError for
    modifiers without what they modify, or a combination out of range."""
    default = _DIRECTIONS[args.direction]
    conditions: list[Condition] = list(args.preset.conditions) if args.preset else []
    for name, modifier in (
        ("latency", "jitter"),
        ("slice", "slice_delay"),
        ("slice", "slice_variation"),
        ("rate", "shared_rate"),
    ):
        if getattr(args, modifier) and not getattr(args, name):
            raise ConditionFlagError(
                _("--{modifier} needs --{name} (e.g. --{name} {example})").format(
                    modifier=modifier.replace("_", "-"), name=name, example=_EXAMPLES[name]
                )
            )

    def made(given: _Given, effect: Effect) -> Condition:
        return Condition(effect, given.direction or default)

    for given in args.latency:
        conditions.append(made(given, Latency(given.value, args.jitter or 0.0)))
    for given in args.rate:
        conditions.append(made(given, Bandwidth(given.value, shared=args.shared_rate)))
    for given in args.slice:
        effect = Slicer(given.value, args.slice_delay or 0.0, args.slice_variation or 0)
        conditions.append(made(given, effect))
    conditions += [made(given, Stall(given.value)) for given in args.stall]
    conditions += _resets(args.reset_after, default)
    conditions += [made(given, CloseAfter(given.value)) for given in args.close_after]
    conditions += [made(given, SlowClose(given.value)) for given in args.slow_close]
    enabled = not getattr(args, "conditions_off", False)
    conditions = [replace(c, enabled=enabled, probability=args.probability) for c in conditions]
    if not conditions:
        return ()
    # Imported once a condition is given: a plain forward keeps none of the checks (issue 13).
    from tunnelgui.profiles.condition_checks import conditions_problems

    problems = [found for found in conditions_problems(tuple(conditions)) if found[2] == "error"]
    if problems:
        raise ConditionFlagError(problems[0][1])
    return tuple(conditions)


_EXAMPLES = {"latency": "200ms", "slice": "64B", "rate": "1MiB/s"}


def _resets(given: list[_Given], default: Direction) -> list[Condition]:
    """--reset-after 1MiB --reset-after 30s: one reset at whichever comes first, per direction."""
    by_direction: dict[Direction, ResetAfter] = {}
    for item in given:
        direction = item.direction or default
        current = by_direction.get(direction, ResetAfter())
        by_direction[direction] = replace(current, **item.value)
    return [Condition(effect, direction) for direction, effect in by_direction.items()]


def _reset_trigger(text: str) -> dict[str, Any]:
    stripped = text.strip()
    if stripped.lower().endswith(_DURATION_SUFFIXES) and not stripped.lower().endswith(("b", "ib")):
        seconds = _checked(parse_duration, lambda s: ResetAfter(seconds=s))(text)
        if seconds == 0:
            raise argparse.ArgumentTypeError(_("give a time of more than 0, like 30s"))
        return {"seconds": seconds}
    if stripped.isdigit():
        raise argparse.ArgumentTypeError(
            _("{text} needs a unit: {number}B for bytes or {number}s for seconds").format(
                text=repr(text), number=stripped
            )
        )
    count = _checked(parse_size, lambda n: ResetAfter(bytes=n))(text)
    if count == 0:
        raise argparse.ArgumentTypeError(_("give a size of more than 0, like 1MiB"))
    return {"bytes": count}


def _with_direction(parse: Callable[[str], Any]) -> Callable[[str], _Given]:
    def read(text: str) -> _Given:
        word, colon, rest = text.partition(":")
        if not colon:
            return _Given(None, parse(text))
        direction = _DIRECTIONS.get(word.strip().lower())
        if direction is None:
            raise argparse.ArgumentTypeError(
                _(
                    "{word} is not a direction; write to-target:, to-client: or both: before "
                    "the value"
                ).format(word=repr(word))
            )
        return _Given(direction, parse(rest))

    return read


def _checked(parse: Callable[[str], Any], make: Callable[[Any], Effect]) -> Callable[[str], Any]:
    """parse(text), refused at once when out of the range that effect takes."""

    def read(text: str) -> Any:
        try:
            value = parse(text)
        except UnitError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        from tunnelgui.profiles.condition_checks import conditions_problems

        problems = conditions_problems((Condition(make(value)),))
        errors = [message for _, message, severity in problems if severity == "error"]
        if errors:
            raise argparse.ArgumentTypeError(errors[0])
        return value

    read.__name__ = parse.__name__
    return read


def _probability(text: str) -> float:
    try:
        value = float(text) if text.isascii() and "_" not in text else None
    except ValueError:
        value = None
    if value is None or not 0 <= value <= 1:  # NaN fails both comparisons
        raise argparse.ArgumentTypeError(
            _("{text} is not a share of connections from 0 to 1 (like 0.5)").format(text=repr(text))
        )
    return value


def _preset(text: str) -> Any:
    try:
        return preset(text)
    except KeyError as error:
        raise argparse.ArgumentTypeError(str(error.args[0])) from None
