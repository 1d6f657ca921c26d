"""The command-line flags of a profile's options, made from their declarations (options.OPTIONS)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tunnelgui.i18n import _
from tunnelgui.profiles.option_checks import network_problem, option_problems
from tunnelgui.profiles.options import option_defaults, option_fields

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any

    from tunnelgui.profiles.model import ProfileOptions


def add_option_flags(parser: argparse.ArgumentParser, *, checked: bool) -> None:
    """One flag per option (`--connect-timeout`, `--allow`, ...), its value in args.<option>.

    checked: refuse a value out of range at once, as a usage error (`forward` has no store to
    validate it); otherwise validation reports it with every other problem (`profiles add`).
    """
    defaults = option_defaults()
    for name, declared in option_fields():
        help_text = _(declared.help)
        common: dict[str, Any] = {"dest": name, "metavar": declared.metavar, "help": help_text}
        if declared.kind == "switch":
            # --keepalive / --no-keepalive; a value is no number, so no range check applies.
            parser.add_argument(
                declared.cli_flag,
                action=argparse.BooleanOptionalAction,
                default=defaults[name],
                dest=name,
                help=help_text,
            )
            continue
        if declared.kind == "networks":
            parser.add_argument(
                declared.cli_flag,
                action="extend",
                nargs="+",
                default=[],
                type=_checked_network if checked else str,
                **common,
            )
            continue
        base = _number_type(float if declared.kind == "seconds" else int)
        parser.add_argument(
            declared.cli_flag,
            type=_checked_value(name, base) if checked else base,
            default=defaults[name],
            **common,
        )


def option_values(args: argparse.Namespace) -> dict[str, Any]:
    """The options the flags of add_option_flags gave (defaults for the ones not given)."""
    values = {name: getattr(args, name) for name, _ in option_fields()}
    values["allowed_networks"] = tuple(values["allowed_networks"])
    return values


def options_from_args(args: argparse.Namespace) -> ProfileOptions:
    """option_values() as a profile's ProfileOptions (`profiles add`)."""
    from tunnelgui.profiles.model import ProfileOptions  # here: `forward` needs no dataclasses

    return ProfileOptions(**option_values(args))


def _number_type(base: Callable[[str], Any]) -> Callable[[str], Any]:
    """float or int of plain ASCII text: both would also take Unicode digits and "1_0". Named
    like `base`, so argparse's own message stays "invalid int value"."""

    def parse(text: str) -> Any:
        if not text.isascii() or "_" in text:
            raise ValueError(text)
        return base(text)

    parse.__name__ = base.__name__
    return parse


def _checked_value(name: str, base: Callable[[str], Any]) -> Callable[[str], Any]:

    def parse(text: str) -> Any:
        try:
            value = base(text)
        except ValueError:
            shown = repr(text) if len(text) <= 20 else f"{text[:20]!r}..."
            message = (
                _("{text} is not a number of seconds")
                if base.__name__ == "float"
                else _("{text} is not a whole number")
            )
            raise argparse.ArgumentTypeError(message.format(text=shown)) from None
        problems = option_problems(name, value)
        if problems:
            raise argparse.ArgumentTypeError(problems[0])
        return value

    return parse


def _checked_network(text: str) -> str:
    problem = network_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text
