"""The Prometheus side of `--metrics`: a collector over the engine's snapshot, and its server.

Imported only when metrics are asked for: prometheus_client and its HTTP server cost a headless
run about 4 MiB it does not need otherwise.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
    StateSetMetricFamily,
)
from prometheus_client.registry import Collector

from tunnelgui.engine import Engine, TargetHealth

_LABELS = ("tunnel", "name")
_TARGET_STATES = tuple(str(health) for health in TargetHealth)


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


def start_metrics_server(
    host: str, port: int, engine: Engine, labels: Mapping[str, str]
) -> tuple[WSGIServer, threading.Thread]:
    """Serve the engine's metrics on host:port from a thread; OSError when it cannot bind."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(EngineCollector(engine, labels))
    return start_http_server(port, host, registry=registry)
