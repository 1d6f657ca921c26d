"""`--metrics HOST:PORT` for `run` and `forward`: the engine's counters for Prometheus."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Mapping

from tunnelgui import headless
from tunnelgui.engine import Engine
from tunnelgui.engine.addresses import AddressError, format_address, parse_address
from tunnelgui.i18n import N_, _, translated_error

DEFAULT_METRICS_HOST = "127.0.0.1"


def add_metrics_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--metrics",
        metavar="HOST:PORT",
        type=_metrics_address,
        default=None,
        help=_(
            "serve Prometheus metrics at http://HOST:PORT/metrics (a bare PORT listens on "
            "{host} only; default: no metrics)"
        ).format(host=DEFAULT_METRICS_HOST),
    )


def _metrics_address(text: str) -> tuple[str, int]:
    try:
        # Port 0: the system picks one, and the "Metrics at" line says which.
        return parse_address(
            text, default_host=DEFAULT_METRICS_HOST, what=N_("metrics address"), any_port=True
        )
    except AddressError as exc:
        raise argparse.ArgumentTypeError(translated_error(exc)) from None


@contextlib.contextmanager
def serving_metrics(
    address: tuple[str, int] | None,
    engine: Engine,
    labels: Mapping[str, str],
    announce: bool = True,
) -> Iterator[str | None]:
    """Serve the engine's metrics at address while the block runs (nothing when None).

    Yields the URL (said on stdout when `announce`; a warning on stderr when other machines
    can reach it). Raises OSError when the address cannot be bound.
    """
    if address is None:
        yield None
        return
    from tunnelgui.commands.metrics_collector import start_metrics_server  # only when asked for

    host, port = address
    server, thread = start_metrics_server(host, port, engine, labels)
    try:
        bound = server.server_address
        url = f"http://{format_address(host, bound[1])}/metrics"
        if announce:
            headless.say(_("Metrics at {url}").format(url=url))
        headless.warn_if_exposed(format_address(bound[0], bound[1]), bound[0])
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def metrics_failure(address: tuple[str, int], error: OSError) -> str:
    where = format_address(*address)
    return _("cannot serve metrics on {address}: {reason}").format(
        address=where, reason=error.strerror or error
    )
