"""`tunnelgui forward [LISTEN_HOST:]LISTEN_PORT TARGET_HOST:TARGET_PORT`: one tunnel, headless."""

from __future__ import annotations

import argparse
import contextlib

from tunnelgui import headless
from tunnelgui.commands import seconds_type
from tunnelgui.commands.condition_flags import (
    ConditionFlagError,
    add_condition_flags,
    conditions_from_args,
)
from tunnelgui.commands.hop_flags import add_ssh_config_flag, add_via_flag
from tunnelgui.commands.metrics import add_metrics_flag, metrics_failure, serving_metrics
from tunnelgui.commands.option_flags import add_option_flags, option_values
from tunnelgui.engine import TunnelStartError
from tunnelgui.engine.addresses import AddressError, parse_address
from tunnelgui.i18n import N_, _, translated_error
from tunnelgui.profiles.options import DEFAULT_LISTEN_HOST, target_label, tunnel_spec


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "forward",
        parents=[common],
        help=_("relay one local port to a target until Ctrl+C"),
        description=_(
            "Listen on [LISTEN_HOST:]LISTEN_PORT (host 127.0.0.1 when omitted) and relay "
            "every connection to TARGET_HOST:TARGET_PORT until SIGINT or SIGTERM. "
            "IPv6 addresses go in brackets: [::1]:8080. Listen port 0 picks a free port."
        ),
    )
    parser.add_argument("listen", metavar="[LISTEN_HOST:]LISTEN_PORT", type=_listen_address)
    parser.add_argument("target", metavar="TARGET_HOST:TARGET_PORT", type=_target_address)
    add_via_flag(parser)
    add_ssh_config_flag(parser)
    add_option_flags(parser, checked=True)
    add_condition_flags(parser, stored=False)
    parser.add_argument(
        "--stats-interval",
        metavar="S",
        type=seconds_type(allow_zero=True),
        default=0.0,
        help=_("print a one-line summary on stderr every S seconds (default: never)"),
    )
    parser.add_argument(
        "--quiet", action="store_true", help=_("print nothing but errors and warnings")
    )
    add_metrics_flag(parser)
    parser.set_defaults(handler=handle, usage_error=parser.error)


def handle(args: argparse.Namespace) -> int:
    try:
        conditions = conditions_from_args(args)
    except ConditionFlagError as error:
        args.usage_error(str(error))  # exits 2, like any other bad argument
    listen_host, listen_port = args.listen
    target_host, target_port = args.target
    # The spec is made as a profile's is (options.tunnel_spec), without the Profile dataclass:
    # dataclasses would cost this process ~1.3 MiB for its whole life (issue 13).
    target = target_label(target_host, target_port, args.via)
    labels: dict[str, str] = {}
    with (
        headless.running_engine() as engine,
        headless.ssh_prompts(bool(args.via)) as askpass,
        contextlib.ExitStack() as serving,
    ):
        spec = tunnel_spec(
            tunnel_id="forward",
            name="",
            listen_host=listen_host,
            listen_port=listen_port,
            target_host=target_host,
            target_port=target_port,
            options=option_values(args),
            via=args.via,
            ssh_config=args.ssh_config,
            askpass=askpass,
            conditions=conditions,
        )
        try:
            serving.enter_context(
                serving_metrics(args.metrics, engine, labels, announce=not args.quiet)
            )
        except OSError as error:
            headless.error(metrics_failure(args.metrics, error))
            return 1
        try:
            stats = engine.start_tunnel(spec)
        except TunnelStartError as exc:
            headless.error(translated_error(exc))
            return 1
        label = f"{stats.listen_address} -> {target}"
        labels[spec.tunnel_id] = label
        if not args.quiet:
            headless.say(_("Forwarding {tunnel} (Ctrl+C to stop)").format(tunnel=label))
        headless.warn_if_exposed(stats.listen_address, stats.listen_host)
        headless.note_if_shaped(stats.listen_address, conditions)
        return headless.wait_for_signal(
            engine,
            stats_interval=args.stats_interval,
            labels=labels,
        )


def _listen_address(text: str) -> tuple[str, int]:
    # Port 0 lets the system choose a free port; the start line shows which.
    try:
        return parse_address(
            text, default_host=DEFAULT_LISTEN_HOST, what=N_("listen address"), any_port=True
        )
    except AddressError as exc:
        raise argparse.ArgumentTypeError(translated_error(exc)) from None


def _target_address(text: str) -> tuple[str, int]:
    try:
        return parse_address(text, what=N_("target address"))
    except AddressError as exc:
        raise argparse.ArgumentTypeError(translated_error(exc)) from None
