"""Per-tunnel options enforced on real connections: idle timeout, connection limit, networks."""

from __future__ import annotations

import socket
import time

import pytest

from tests.engine.servers import connect, recv_all, recv_exactly, spec_for, tunnel_stats, wait_until
from tunnelgui.engine import EventKind
from tunnelgui.engine.limits import ClientFilter, parse_networks


def events_of(engine, tunnel_id, kind):
    return [e for e in engine.events_since(0) if e.tunnel_id == tunnel_id and e.kind == kind]


def closed_by_tunnel(sock: socket.socket) -> bool:
    try:
        return recv_all(sock) == b""
    except ConnectionResetError:
        return True


def test_idle_connection_is_closed(plain_engine, echo_server):
    engine = plain_engine
    spec = spec_for(echo_server.port, idle_timeout=0.3)
    port = engine.start_tunnel(spec).listen_port
    with connect(port) as idle, connect(port) as busy:
        busy.sendall(b"x")
        assert recv_exactly(busy, 1) == b"x"
        assert closed_by_tunnel(idle)
        (closed,) = events_of(engine, spec.tunnel_id, EventKind.CONNECTION_CLOSED)
        assert "idle for 0.3 s" in closed.message


def test_traffic_keeps_a_connection_open(plain_engine, echo_server):
    engine = plain_engine
    spec = spec_for(echo_server.port, idle_timeout=1.0)
    port = engine.start_tunnel(spec).listen_port
    with connect(port) as client:
        for _ in range(25):  # 2.5 s of traffic, longer than the timeout; pauses well under it
            client.sendall(b"ping")
            assert recv_exactly(client, 4) == b"ping"
            time.sleep(0.1)
        assert tunnel_stats(engine, spec.tunnel_id).active_connections == 1


def test_connection_limit_rejects_the_extra_client(plain_engine, echo_server):
    engine = plain_engine
    spec = spec_for(echo_server.port, max_connections=2)
    port = engine.start_tunnel(spec).listen_port
    with connect(port) as first, connect(port) as second:
        for client in (first, second):
            client.sendall(b"hi")
            assert recv_exactly(client, 2) == b"hi"
        with connect(port) as third:
            assert closed_by_tunnel(third)
        stats = tunnel_stats(engine, spec.tunnel_id)
        assert (stats.active_connections, stats.rejected_connections) == (2, 1)
        assert stats.total_connections == 2
        (rejected,) = events_of(engine, spec.tunnel_id, EventKind.CONNECTION_REJECTED)
        assert "already has 2 connections" in rejected.message
    # Once the others have gone, a new client is welcome again.
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    with connect(port) as again:
        again.sendall(b"ok")
        assert recv_exactly(again, 2) == b"ok"


def _can_bind(address: str) -> bool:
    try:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with socket.socket(family) as probe:
            probe.bind((address, 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _can_bind("127.0.0.2"), reason="needs 127.0.0.2 on loopback")
def test_allowed_networks_reject_other_clients(plain_engine, echo_server):
    engine = plain_engine
    spec = spec_for(echo_server.port, allowed_networks=("127.0.0.2/32",))
    port = engine.start_tunnel(spec).listen_port
    with connect(port, source="127.0.0.2") as allowed:
        allowed.sendall(b"in")
        assert recv_exactly(allowed, 2) == b"in"
    with connect(port, source="127.0.0.1") as outsider:
        assert closed_by_tunnel(outsider)
    stats = tunnel_stats(engine, spec.tunnel_id)
    assert (stats.total_connections, stats.rejected_connections) == (1, 1)
    (rejected,) = events_of(engine, spec.tunnel_id, EventKind.CONNECTION_REJECTED)
    assert "127.0.0.1" in rejected.message and "allowed networks" in rejected.message


def test_dual_stack_listener_matches_ipv4_clients_against_ipv4_networks(plain_engine, echo_server):
    engine = plain_engine
    if not _can_bind("::1"):
        pytest.skip("no IPv6 loopback")
    # "::" listens on IPv6 and (dual-stack) IPv4: IPv4 clients appear as ::ffff:127.0.0.1.
    spec = spec_for(echo_server.port, listen_host="::", allowed_networks=("127.0.0.0/8",))
    port = engine.start_tunnel(spec).listen_port
    try:
        mapped = connect(port, host="127.0.0.1")
    except OSError:
        pytest.skip("this system's IPv6 sockets are not dual-stack")
    with mapped:
        mapped.sendall(b"v4")
        assert recv_exactly(mapped, 2) == b"v4"
    with connect(port, host="::1") as v6:
        assert closed_by_tunnel(v6)
    stats = tunnel_stats(engine, spec.tunnel_id)
    assert (stats.total_connections, stats.rejected_connections) == (1, 1)


@pytest.mark.parametrize(
    ("networks", "host", "allowed"),
    [
        (("10.0.0.0/8",), "10.1.2.3", True),
        (("10.0.0.0/8",), "11.0.0.1", False),
        (("192.168.1.7",), "192.168.1.7", True),
        (("192.168.1.7/24",), "192.168.1.200", True),
        (("::1/128",), "::1", True),
        (("::1/128",), "127.0.0.1", False),
        (("127.0.0.0/8",), "::ffff:127.0.0.9", True),
        (("fe80::/10",), "fe80::1%lo", True),
        ((), "127.0.0.1", False),
        # An IPv4-mapped entry means its IPv4 network, whichever way the client arrives.
        (("::ffff:127.0.0.1/128",), "127.0.0.1", True),
        (("::ffff:127.0.0.1/128",), "::ffff:127.0.0.1", True),
        (("::ffff:10.0.0.0/104",), "10.9.8.7", True),
        (("::ffff:10.0.0.0/104",), "11.0.0.1", False),
    ],
)
def test_client_filter(networks, host, allowed):
    assert ClientFilter(parse_networks(networks)).allows(host) is allowed
