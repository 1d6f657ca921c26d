"""Failures are reported, not fatal: refused and unresolvable targets, resets, bind errors."""

from __future__ import annotations

import errno
import socket
import struct

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    recv_all,
    recv_exactly,
    reserved_port,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import EventKind, TunnelSpec, TunnelStartError
from tunnelgui.engine.listen import bind_error_message

# Fails inside getaddrinfo without any DNS query (tests send nothing beyond loopback).
UNRESOLVABLE = "no such host"
RESET = struct.pack("ii", 1, 0)


def events_of(engine, tunnel_id, kind):
    return [e for e in engine.events_since(0) if e.tunnel_id == tunnel_id and e.kind == kind]


def read_until_closed(sock: socket.socket) -> bytes:
    """EOF or reset both count as closed."""
    try:
        return recv_all(sock)
    except ConnectionResetError:
        return b""


def test_refused_target_closes_client_and_counts_failure(engine):
    with reserved_port() as blocker:
        spec = spec_for(blocker.getsockname()[1])
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(b"anyone?")
            assert read_until_closed(client) == b""
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).failed_connections == 1)
    stats = tunnel_stats(engine, spec.tunnel_id)
    assert stats.active_connections == 0
    assert stats.total_connections == 1
    assert stats.target_status == "down"
    assert stats.target_error == "connection refused"
    (failed,) = events_of(engine, spec.tunnel_id, EventKind.CONNECT_FAILED)
    assert "connection refused" in failed.message
    assert failed.conn_id is not None
    assert len(events_of(engine, spec.tunnel_id, EventKind.TARGET_DOWN)) == 1


def test_unresolvable_target_starts_but_reports_down(plain_engine):
    engine = plain_engine
    spec = spec_for(80, target_host=UNRESOLVABLE)
    port = engine.start_tunnel(spec).listen_port
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).target_status == "down")
    assert "cannot resolve" in tunnel_stats(engine, spec.tunnel_id).target_error
    for _ in range(2):  # the second client meets the cached failure
        with connect(port) as client:
            assert read_until_closed(client) == b""
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).failed_connections == 2)
    assert len(events_of(engine, spec.tunnel_id, EventKind.CONNECT_FAILED)) == 2
    assert len(events_of(engine, spec.tunnel_id, EventKind.TARGET_DOWN)) == 1


def test_silent_target_times_out(plain_engine):
    engine = plain_engine
    # A listener whose backlog is full drops further SYNs: connecting to it hangs.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(0)
        fillers = []
        try:
            for _ in range(8):
                filler = socket.socket()
                fillers.append(filler)
                filler.setblocking(False)
                filler.connect_ex(silent.getsockname())
            with socket.socket() as probe:
                probe.settimeout(0.3)
                try:
                    probe.connect(silent.getsockname())
                    pytest.skip("this system does not drop SYNs to a full backlog")
                except TimeoutError:
                    pass
            spec = spec_for(silent.getsockname()[1], connect_timeout=0.3)
            port = engine.start_tunnel(spec).listen_port
            with connect(port) as client:
                assert read_until_closed(client) == b""
            wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).failed_connections == 1)
            assert "no answer within 0.3 s" in tunnel_stats(engine, spec.tunnel_id).target_error
        finally:
            for filler in fillers:
                filler.close()


def _reset_close(sock: socket.socket) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
    sock.close()


def test_client_reset_closes_target_side(engine):
    outcome: list[str] = []

    def wait_for_end(conn: socket.socket) -> None:
        conn.sendall(b"ready")
        try:
            outcome.append("eof" if recv_all(conn) == b"" else "data")
        except ConnectionResetError:
            outcome.append("reset")

    with TcpServer(wait_for_end) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        client = connect(port)
        assert recv_exactly(client, 5) == b"ready"
        _reset_close(client)
        wait_until(lambda: outcome, what="the target side to close")
    assert outcome == ["reset"]  # the reset is passed on, not turned into a clean EOF
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    (closed,) = events_of(engine, spec.tunnel_id, EventKind.CONNECTION_CLOSED)
    assert "reset by the client" in closed.message


def test_target_reset_closes_client_side(engine):
    def reset_on_request(conn: socket.socket) -> None:
        recv_exactly(conn, 4)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)

    with TcpServer(reset_on_request) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            client.sendall(b"boom")
            with pytest.raises(ConnectionResetError):
                recv_all(client)
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    (closed,) = events_of(engine, spec.tunnel_id, EventKind.CONNECTION_CLOSED)
    assert "reset by the target" in closed.message


def test_port_in_use_is_a_clear_error(plain_engine):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(TunnelStartError) as error:
            plain_engine.start_tunnel(spec_for(9, listen_port=port))
    assert str(error.value) == (
        f"127.0.0.1:{port} is already in use by another program. "
        "Choose another port or stop the program using it."
    )
    assert plain_engine.snapshot().tunnels == {}


def test_address_not_on_this_machine(plain_engine):
    # 192.0.2.0/24 is reserved for documentation: binding it fails and sends nothing.
    with pytest.raises(TunnelStartError, match=r"192\.0\.2\.1 is not an address of this machine"):
        plain_engine.start_tunnel(spec_for(9, listen_host="192.0.2.1"))


def test_unresolvable_listen_host(plain_engine):
    with pytest.raises(TunnelStartError, match="cannot be resolved"):
        plain_engine.start_tunnel(spec_for(9, listen_host=UNRESOLVABLE))


def test_low_port_permission_message_names_the_address():
    message = bind_error_message(OSError(errno.EACCES, "Permission denied"), "0.0.0.0", 80)
    assert message.startswith("Permission denied to listen on 0.0.0.0:80")
    assert "below 1024" in message


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"allowed_networks": ("10.0.0.0/33",)}, "'10.0.0.0/33' is not a network"),
        ({"allowed_networks": ("office",)}, "'office' is not a network"),
        ({"connect_timeout": 0}, "connect timeout"),
        ({"idle_timeout": -1}, "idle timeout"),
        ({"max_connections": -1}, "connection limit"),
        ({"target_port": 0}, "target port"),
    ],
)
def test_invalid_spec_is_refused(plain_engine, options, fragment):
    target_port = options.pop("target_port", 9)
    with pytest.raises(TunnelStartError, match=fragment):
        plain_engine.start_tunnel(spec_for(target_port, **options))
    assert plain_engine.snapshot().tunnels == {}


def test_same_tunnel_twice_is_refused(plain_engine):
    spec = spec_for(9)
    plain_engine.start_tunnel(spec)
    again = TunnelSpec(spec.tunnel_id, "127.0.0.1", 0, "127.0.0.1", 9)
    with pytest.raises(TunnelStartError, match="already running"):
        plain_engine.start_tunnel(again)
