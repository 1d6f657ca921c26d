"""Command-line entry point: no subcommand opens the GUI; subcommands run headless."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tunnelgui import __version__, i18n
from tunnelgui.i18n import N_, N_plural, _

# Each command module offers register(subparsers, common) and sets `handler` on its parser.
# Only the module of the command given is imported: `forward` then carries no profile store,
# platformdirs or psutil (several MiB of a process that may run for months).
COMMAND_MODULES = {
    "forward": "tunnelgui.commands.forward",
    "run": "tunnelgui.commands.run",
    "profiles": "tunnelgui.commands.profiles",
}
# Top-level options that take a value (the word after them is not a command).
_VALUED_OPTIONS = ("--config-dir",)

# argparse's own words ("usage:", "error:", ...) come from its gettext domain "argparse", for
# which Python ships no catalog. argparse looks up its module globals `_` and `ngettext` (bound
# by `from gettext import gettext as _, ngettext` at its import) each time it speaks, so
# route_argparse() points them at our catalog, where these msgids are translated. Listed here
# so the extractor puts them in tunnelgui.pot; only what a user of our parsers can meet.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
ARGPARSE_PLURALS = (N_plural("expected %s argument", "expected %s arguments"),)


def route_argparse() -> None:
    """argparse speaks through our catalog (see ARGPARSE_WORDS); English passes through."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


class _TerminalWidthFormatter(argparse.HelpFormatter):
    """argparse's HelpFormatter, asking the terminal's width only when it makes text.

    HelpFormatter asks shutil.get_terminal_size() when it is made, and argparse makes one for
    every add_argument() (a metavar check) that never formats anything: importing shutil loads
    zlib, bz2 and lzma, ~0.5 MiB for the whole life of a `forward` (issue 13). The width used is
    argparse's own, computed from the same terminal when text is made."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # 80 is a stand-in until format_help() asks the terminal (a width given is kept).
        super().__init__(prog, indent_increment, max_help_position, 80 if width is None else width)
        self._asked = (indent_increment, max_help_position) if width is None else None

    def format_help(self) -> str:
        if self._asked is not None:
            # Every text goes through here: let HelpFormatter itself read the terminal.
            real = argparse.HelpFormatter(self._prog, *self._asked)
            self._width, self._max_help_position = real._width, real._max_help_position
            self._asked = None
        return super().format_help()


class _Parser(argparse.ArgumentParser):
    """ArgumentParser with _TerminalWidthFormatter; subcommand parsers are of the same class."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _TerminalWidthFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def add_config_dir(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        default=default,
        help=_(
            "folder holding profiles.json and settings (default: the platform's config folder, "
            "or $TUNNELGUI_CONFIG_DIR)"
        ),
    )


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand accepts; SUPPRESS keeps a top-level value from being reset."""
    common = _Parser(add_help=False)
    add_config_dir(common, argparse.SUPPRESS)
    return common


def command_named(argv: Sequence[str]) -> str | None:
    """The subcommand argv asks for, if it names one of ours (else None: help, the GUI, a typo)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            word = next(words, "")
        elif word in _VALUED_OPTIONS:
            next(words, None)
            continue
        elif word.startswith("-"):
            continue
        return word if word in COMMAND_MODULES else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given argv, only the command it names is registered (and imported)."""
    parser = _Parser(
        prog="tunnelgui",
        description=_("TCP port-forwarding manager. Without a command, opens the desktop app."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"tunnelgui {__version__}",
        help=_("show program's version number and exit"),
    )
    add_config_dir(parser, None)
    parser.add_argument(
        "--minimized", action="store_true", help=_("start hidden in the system tray")
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help=_("add TunnelGUI and its icon to your application menu (current user), then exit"),
    )
    desktop.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help=_("remove what --install-desktop-entry added, then exit"),
    )
    # prog given: what argparse would format ("tunnelgui": no positionals come before), without
    # the formatter asking the terminal's width (_TerminalWidthFormatter).
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", prog=parser.prog)
    common = common_options()
    wanted = command_named(argv) if argv is not None else None
    for name, module_name in COMMAND_MODULES.items():
        if wanted is None or name == wanted:
            importlib.import_module(module_name).register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The environment's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) before any text is
    # made; the GUI sets the user's own choice again once it has read the settings.
    i18n.set_language("")
    route_argparse()
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        if args.command is not None:
            parser.error(_("--install-desktop-entry and --uninstall-desktop-entry take no command"))
        from tunnelgui import desktop_integration

        return desktop_integration.main(install_entry=args.install_desktop_entry)
    if args.command is None:
        # Imported here so headless commands never load Qt.
        from tunnelgui.app import run_app

        return run_app(args)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
