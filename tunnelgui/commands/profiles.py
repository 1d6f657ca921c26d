"""The `tunnelgui profiles` subcommand (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("profiles", parents=[common], help="(not yet available)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    print("tunnelgui: 'profiles' is not available yet", file=sys.stderr)
    return 1
