"""Loopback relays avoid a pacing congestion control (BBR); everything else keeps the default."""

from __future__ import annotations

import socket

import psutil
import pytest

from tests.engine.servers import connect, recv_exactly, spec_for, wait_until
from tunnelgui.engine import congestion
from tunnelgui.engine.conditions import Condition, Direction, Latency

needs_tcp_congestion = pytest.mark.skipif(
    congestion.TCP_CONGESTION is None, reason="TCP_CONGESTION is Linux only"
)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.45.6.7", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.0.0.1", False),
        ("192.168.1.20", False),
        ("0.0.0.0", False),
        ("::", False),
        ("fe80::1%lo", False),
        ("::ffff:10.0.0.1", False),
        ("localhost", False),  # names are resolved first; only literals reach this check
        ("", False),
    ],
)
def test_is_loopback(host, loopback):
    assert congestion.is_loopback(host) is loopback


@needs_tcp_congestion
def test_pacing_default_gets_a_non_pacing_replacement():
    assert congestion.replacement_for(b"bbr") == b"reno"


@needs_tcp_congestion
@pytest.mark.parametrize("default", [b"cubic", b"reno", b""])
def test_non_pacing_default_is_kept(default):
    assert congestion.replacement_for(default) is None


def _system_default() -> bytes:
    with socket.socket() as probe:
        return congestion.algorithm(probe)


def _algorithms(match) -> list[bytes]:
    """The congestion control of each of this process's TCP sockets that match(conn) picks."""
    found = []
    for conn in psutil.Process().net_connections("tcp"):
        if conn.fd < 0 or not match(conn):
            continue
        # fromfd() duplicates the descriptor: the engine's socket stays untouched.
        with socket.fromfd(conn.fd, conn.family, socket.SOCK_STREAM) as dup:
            found.append(congestion.algorithm(dup))
    return found


@needs_tcp_congestion
@pytest.mark.parametrize("listen_host", ["127.0.0.1", "0.0.0.0"])
def test_loopback_relay_sockets_avoid_pacing(plain_engine, echo_server, listen_host):
    default = _system_default()
    # On a machine whose default is BBR the relay's sockets switch; elsewhere nothing changes.
    expected = congestion.replacement_for(default) or default
    port = plain_engine.start_tunnel(
        spec_for(echo_server.port, listen_host=listen_host)
    ).listen_port

    def client_side() -> list[bytes]:
        return _algorithms(lambda c: c.laddr.port == port and c.status == psutil.CONN_ESTABLISHED)

    def target_side() -> list[bytes]:
        return _algorithms(lambda c: c.raddr and c.raddr.port == echo_server.port)

    with connect(port) as client:
        client.sendall(b"ping")
        assert recv_exactly(client, 4) == b"ping"  # the relay is open both ways
        listener = _algorithms(lambda c: c.laddr.port == port and c.status == psutil.CONN_LISTEN)
        # A listener on all addresses may serve other hosts: it keeps the default, and only
        # clients from this machine are switched one by one.
        assert listener == [expected if listen_host == "127.0.0.1" else default]
        # Accepted sockets inherit the listener's; the target socket and a client of a listener
        # on all addresses keep the default while the connection only exchanges small messages
        # (setting it costs a short connection a tenth of its time).
        assert client_side() == [expected if listen_host == "127.0.0.1" else default]
        assert target_side() == [default]
        # Bulk both ways (64 KiB pieces, each echoed back): now both switch.
        piece = bytes(64 * 1024)
        for _ in range(16):
            client.sendall(piece)
            assert recv_exactly(client, len(piece)) == piece
        assert client_side() == [expected]
        assert target_side() == [expected]
        assert congestion.algorithm(client) == default  # sockets not the engine's are untouched


@needs_tcp_congestion
@pytest.mark.parametrize("when", ["at open", "later"])
def test_a_shaped_direction_switches_its_destination_when_shaping_starts(
    plain_engine, echo_server, when
):
    """A shaped direction reads through its conditions and never reports bulk itself: its
    destination is switched when the shaping starts, whether the conditions came with the
    tunnel or were set on a running connection."""
    default = _system_default()
    expected = congestion.replacement_for(default) or default
    latency = (Condition(Latency(0.01), Direction.TO_TARGET),)
    spec = spec_for(echo_server.port, conditions=latency if when == "at open" else ())
    port = plain_engine.start_tunnel(spec).listen_port

    def target_side() -> list[bytes]:
        return _algorithms(lambda c: c.raddr and c.raddr.port == echo_server.port)

    with connect(port) as client:
        client.sendall(b"ping")
        assert recv_exactly(client, 4) == b"ping"
        if when == "later":
            assert target_side() == [default]  # small messages only: not switched yet
            plain_engine.set_conditions(spec.tunnel_id, latency)
        wait_until(lambda: target_side() == [expected], what="the target socket switched")
