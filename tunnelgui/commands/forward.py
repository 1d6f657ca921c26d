"""`tunnelgui forward [LISTEN_HOST:]LISTEN_PORT TARGET_HOST:TARGET_PORT`: one tunnel, headless."""

from __future__ import annotations

import argparse

from tunnelgui import headless
from tunnelgui.commands import seconds_type
from tunnelgui.commands.option_flags import add_option_flags, options_from_args
from tunnelgui.engine import TunnelStartError
from tunnelgui.engine.addresses import AddressError, format_address, parse_address
from tunnelgui.profiles.model import DEFAULT_LISTEN_HOST, Profile


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "forward",
        parents=[common],
        help="relay one local port to a target until Ctrl+C",
        description="Listen on [LISTEN_HOST:]LISTEN_PORT (host 127.0.0.1 when omitted) and relay "
        "every connection to TARGET_HOST:TARGET_PORT until SIGINT or SIGTERM. "
        "IPv6 addresses go in brackets: [::1]:8080. Listen port 0 picks a free port.",
    )
    parser.add_argument("listen", metavar="[LISTEN_HOST:]LISTEN_PORT", type=_listen_address)
    parser.add_argument("target", metavar="TARGET_HOST:TARGET_PORT", type=_target_address)
    add_option_flags(parser, checked=True)
    parser.add_argument(
        "--stats-interval",
        metavar="S",
        type=seconds_type(allow_zero=True),
        default=0.0,
        help="print a one-line summary on stderr every S seconds (default: never)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print nothing but errors and warnings"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    listen_host, listen_port = args.listen
    target_host, target_port = args.target
    spec = Profile(
        id="forward",
        name="",
        listen_host=listen_host,
        listen_port=listen_port,
        target_host=target_host,
        target_port=target_port,
        options=options_from_args(args),
    ).to_spec()
    target = format_address(target_host, target_port)
    with headless.running_engine() as engine:
        try:
            stats = engine.start_tunnel(spec)
        except TunnelStartError as exc:
            headless.error(str(exc))
            return 1
        label = f"{stats.listen_address} -> {target}"
        if not args.quiet:
            headless.say(f"Forwarding {label} (Ctrl+C to stop)")
        headless.warn_if_exposed(stats)
        return headless.wait_for_signal(
            engine,
            stats_interval=args.stats_interval,
            labels={spec.tunnel_id: label},
        )


def _listen_address(text: str) -> tuple[str, int]:
    # Port 0 lets the system choose a free port; the start line shows which.
    try:
        return parse_address(
            text, default_host=DEFAULT_LISTEN_HOST, what="listen address", any_port=True
        )
    except AddressError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _target_address(text: str) -> tuple[str, int]:
    try:
        return parse_address(text, what="target address")
    except AddressError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
