"""`--metrics HOST:PORT` for `run` and `forward`: the engine's counters for Prometheus."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Mapping

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
    StateSetMetricFamily,
)
from prometheus_client.registry import Collector

from tunnelgui import headless
from tunnelgui.engine import Engine, TargetHealth
from tunnelgui.engine.addresses import AddressError, format_address, parse_address

DEFAULT_METRICS_HOST = "127.0.0.1"
_LABELS = ("tunnel", "name")
_TARGET_STATES = tuple(str(health) for health in TargetHealth)


def add_metrics_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--metrics",
        metavar="HOST:PORT",
        type=_metrics_address,
        default=None,
        help="serve Prometheus metrics at http://HOST:PORT/metrics (a bare PORT listens on "
        f"{DEFAULT_METRICS_HOST} only; default: no metrics)",
    )


def _metrics_address(text: str) -> tuple[str, int]:
    try:
        # Port 0: the system picks one, and the "Metrics at" line says which.
        return parse_address(
            text, default_host=DEFAULT_METRICS_HOST, what="metrics address", any_port=True
        )
    except AddressError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class EngineCollector(Collector):
    """Reads one snapshot of the engine per scrape; nothing is counted twice or kept here.

    labels: tunnel id -> the name to show (read at each scrape, so a reload's names appear).
    """

    def __init__(self, engine: Engine, labels: Mapping[str, str]) -> None:
        self.engine = engine
        self.labels = labels

    def collect(self) -> Iterator[Metric]:
        snapshot = self.engine.snapshot(include_connections=False)

        def family(kind: type, name: str, doc: str) -> Metric:
            return kind(f"tunnelgui_{name}", doc, labels=_LABELS)

        to_target = family(
            CounterMetricFamily, "bytes_to_target", "Bytes relayed from clients to the target."
        )
        to_client = family(
            CounterMetricFamily, "bytes_to_client", "Bytes relayed from the target to clients."
        )
        active = family(GaugeMetricFamily, "connections_active", "Connections open now.")
        total = family(CounterMetricFamily, "connections", "Client connections accepted.")
        failed = family(
            CounterMetricFamily,
            "connections_failed",
            "Client connections whose target could not be reached.",
        )
        rejected = family(
            CounterMetricFamily,
            "connections_rejected",
            "Clients turned away (not allowed, or over the connection limit).",
        )
        target_up = family(
            GaugeMetricFamily, "target_up", "1 when the target answered last time, else 0."
        )
        listening = family(
            GaugeMetricFamily, "tunnel_listening", "1 while the tunnel listens, 0 once it failed."
        )
        target_state = StateSetMetricFamily(
            "tunnelgui_target_state", "The target's health: up, down or unknown.", labels=_LABELS
        )
        for tunnel_id in dict.fromkeys([*self.labels, *snapshot.tunnels]):
            values = [tunnel_id, self.labels.get(tunnel_id, tunnel_id)]
            stats = snapshot.tunnels.get(tunnel_id)
            listening.add_metric(values, 0 if stats is None else 1)
            if stats is None:
                continue
            to_target.add_metric(values, stats.bytes_to_target)
            to_client.add_metric(values, stats.bytes_to_client)
            active.add_metric(values, stats.active_connections)
            total.add_metric(values, stats.total_connections)
            failed.add_metric(values, stats.failed_connections)
            rejected.add_metric(values, stats.rejected_connections)
            target_up.add_metric(values, 1 if stats.target_status is TargetHealth.UP else 0)
            current = str(stats.target_status)
            target_state.add_metric(values, {state: state == current for state in _TARGET_STATES})
        yield from (to_target, to_client, active, total, failed, rejected, target_up)
        yield from (target_state, listening)


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
    host, port = address
    registry = CollectorRegistry(auto_describe=False)
    registry.register(EngineCollector(engine, labels))
    server, thread = start_http_server(port, host, registry=registry)
    try:
        bound = server.server_address
        url = f"http://{format_address(host, bound[1])}/metrics"
        if announce:
            headless.say(f"Metrics at {url}")
        headless.warn_if_exposed(format_address(bound[0], bound[1]), bound[0])
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def metrics_failure(address: tuple[str, int], error: OSError) -> str:
    where = format_address(*address)
    return f"cannot serve metrics on {where}: {error.strerror or error}"
