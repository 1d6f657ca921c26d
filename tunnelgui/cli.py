"""Command-line entry point: no subcommand opens the GUI; subcommands run headless."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tunnelgui import __version__

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


def add_config_dir(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        default=default,
        help="folder holding profiles.json and settings (default: the platform's config folder, "
        "or $TUNNELGUI_CONFIG_DIR)",
    )


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand accepts; SUPPRESS keeps a top-level value from being reset."""
    common = argparse.ArgumentParser(add_help=False)
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
    parser = argparse.ArgumentParser(
        prog="tunnelgui",
        description="TCP port-forwarding manager. Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"tunnelgui {__version__}")
    add_config_dir(parser, None)
    parser.add_argument("--minimized", action="store_true", help="start hidden in the system tray")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add TunnelGUI and its icon to your application menu (current user), then exit",
    )
    desktop.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove what --install-desktop-entry added, then exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = common_options()
    wanted = command_named(argv) if argv is not None else None
    for name, module_name in COMMAND_MODULES.items():
        if wanted is None or name == wanted:
            importlib.import_module(module_name).register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        if args.command is not None:
            parser.error("--install-desktop-entry and --uninstall-desktop-entry take no command")
        from tunnelgui import desktop_integration

        return desktop_integration.main(install_entry=args.install_desktop_entry)
    if args.command is None:
        # Imported here so headless commands never load Qt.
        from tunnelgui.app import run_app

        return run_app(args)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
