"""Command-line entry point: no subcommand opens the GUI; subcommands run headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tunnelgui import __version__
from tunnelgui.commands import forward, profiles, run

# Each command module offers register(subparsers, common) and sets `handler` on its parser.
COMMAND_MODULES = (forward, run, profiles)


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


def build_parser() -> argparse.ArgumentParser:
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
    for module in COMMAND_MODULES:
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
