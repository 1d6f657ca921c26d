"""The SSH-hop flags (`--via`, `--ssh-config`) of `forward`, `profiles add` and `run`."""

from __future__ import annotations

import argparse
import os

from tunnelgui.i18n import _


def add_via_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--via",
        metavar="DESTINATION",
        type=_via,
        default="",
        help=_(
            "reach the target through this SSH server, as ssh would (an alias from your ssh "
            "config, user@host or user@host:port; jump hosts first, comma-separated: "
            "jump1,bastion); the target is then resolved and connected from that server"
        ),
    )


def add_ssh_config_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ssh-config",
        metavar="FILE",
        type=_ssh_config,
        default="",
        help=_("the ssh client configuration for SSH hops (default: your own, ~/.ssh/config)"),
    )


# argparse passes a string default through the type too: "" (no hop, the user's config) stays.


def _via(text: str) -> str:
    if not text:
        return ""
    # Imported for a --via only: ssh_process loads subprocess and ctypes, which `forward`
    # without a hop does not need.
    from tunnelgui.engine.ssh_process import hop_parts

    try:
        hop_parts(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _ssh_config(text: str) -> str:
    if not text:
        return ""
    path = os.path.abspath(os.path.expanduser(text))  # ssh runs with another working folder
    if not os.path.isfile(path):
        raise argparse.ArgumentTypeError(_("{text} is not a file").format(text=repr(text)))
    return path
