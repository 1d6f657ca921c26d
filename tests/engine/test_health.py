"""Target health: probes and relayed connections move target_status; events only on change."""

from __future__ import annotations

import socket
import time

from tests.engine.servers import (
    TcpServer,
    connect,
    echo,
    recv_exactly,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import EventKind, HealthPolicy

QUICK = HealthPolicy(backoff=(0.05,))


def kinds(engine, tunnel_id):
    return [
        e.kind
        for e in engine.events_since(0)
        if e.tunnel_id == tunnel_id and e.kind in (EventKind.TARGET_UP, EventKind.TARGET_DOWN)
    ]


def status(engine, tunnel_id):
    return tunnel_stats(engine, tunnel_id).target_status


def test_probe_follows_the_target_up_down_up(plain_engine):
    engine = plain_engine
    server = TcpServer(echo)
    port = server.port
    spec = spec_for(port, health=QUICK)
    listen_port = engine.start_tunnel(spec).listen_port
    try:
        wait_until(lambda: status(engine, spec.tunnel_id) == "up", what="target up")
        server.stop_listening()
        # While it is up, no probe looks: a client's refused connect is what tells.
        with connect(listen_port) as client:
            assert client.recv(1) == b""
        wait_until(
            lambda: tunnel_stats(engine, spec.tunnel_id).target_error == "connection refused",
            what="target down",
        )
        assert status(engine, spec.tunnel_id) == "down"
        with socket.socket() as revived:
            revived.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            revived.bind(("127.0.0.1", port))
            revived.listen(64)
            wait_until(lambda: status(engine, spec.tunnel_id) == "up", what="target up again")
            time.sleep(0.3)  # no further events
            assert kinds(engine, spec.tunnel_id) == [
                EventKind.TARGET_UP,
                EventKind.TARGET_DOWN,
                EventKind.TARGET_UP,
            ]
    finally:
        server.close()


def test_relayed_connections_update_status_without_probes(plain_engine, echo_server):
    engine = plain_engine
    spec = spec_for(echo_server.port)
    port = engine.start_tunnel(spec).listen_port
    time.sleep(0.1)
    assert status(engine, spec.tunnel_id) == "unknown"  # nothing has told yet
    with connect(port) as client:
        client.sendall(b"?")
        assert recv_exactly(client, 1) == b"?"
    assert status(engine, spec.tunnel_id) == "up"
    assert kinds(engine, spec.tunnel_id) == [EventKind.TARGET_UP]


def test_probe_reports_unresolvable_target(plain_engine):
    engine = plain_engine
    spec = spec_for(80, target_host="no such host", health=QUICK)
    engine.start_tunnel(spec)
    wait_until(lambda: status(engine, spec.tunnel_id) == "down")
    time.sleep(0.2)  # several more probes while it is down, all failing: no further events
    assert kinds(engine, spec.tunnel_id) == [EventKind.TARGET_DOWN]
    assert "cannot resolve" in tunnel_stats(engine, spec.tunnel_id).target_error
