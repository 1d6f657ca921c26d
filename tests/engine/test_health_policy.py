"""Health checks that do no harm: probes at the start, while the target is down, and on request."""

from __future__ import annotations

import socket
import time

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    recv_all,
    reserved_port,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import HealthPolicy, TargetHealth, TunnelSpec, TunnelStartError

BACKOFF = (0.1, 0.2)


def status(engine, tunnel_id):
    return tunnel_stats(engine, tunnel_id).target_status


def closes(log: list[str]):
    """A handler recording how each connection ended: "eof" (a FIN), "data" or "reset"."""

    def handler(conn: socket.socket) -> None:
        try:
            log.append("eof" if recv_all(conn) == b"" else "data")
        except ConnectionResetError:
            log.append("reset")

    return handler


def test_an_idle_tunnel_to_an_up_target_connects_once(plain_engine):
    ends: list[str] = []
    with TcpServer(closes(ends)) as server:
        spec = spec_for(server.port, health=HealthPolicy(backoff=BACKOFF))
        plain_engine.start_tunnel(spec)
        wait_until(lambda: status(plain_engine, spec.tunnel_id) is TargetHealth.UP)
        time.sleep(1.0)  # several backoff periods: a target that is up is left alone
        assert server.accepted == 1  # the start check, nothing more
        wait_until(lambda: ends, what="the probe to close")
        assert ends == ["eof"]  # closed politely with a FIN, not a reset


def test_a_down_target_that_comes_back_is_up_within_one_backoff_step(plain_engine):
    step = 1.0
    holder = reserved_port()
    port = holder.getsockname()[1]
    spec = spec_for(port, health=HealthPolicy(backoff=(step,)))
    plain_engine.start_tunnel(spec)
    wait_until(lambda: status(plain_engine, spec.tunnel_id) is TargetHealth.DOWN)
    assert tunnel_stats(plain_engine, spec.tunnel_id).target_error == "connection refused"
    holder.listen(8)  # the target is back
    back = time.monotonic()
    try:
        wait_until(lambda: status(plain_engine, spec.tunnel_id) is TargetHealth.UP, timeout=5)
        assert time.monotonic() - back < step + 0.5  # a second step would take 2 s
        time.sleep(2 * step)  # up again: the backoff probes have stopped
        assert accept_all(holder) == 1  # only the probe that found it back
    finally:
        holder.close()


def accept_all(listener: socket.socket) -> int:
    """Accept every connection waiting in listener's queue; how many there were."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            conn, _peer = listener.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def test_a_client_connect_refused_marks_down_and_starts_the_backoff(plain_engine):
    ends: list[str] = []
    server = TcpServer(closes(ends))
    port = server.port
    spec = spec_for(port, health=HealthPolicy(backoff=BACKOFF))
    listen_port = plain_engine.start_tunnel(spec).listen_port
    try:
        wait_until(lambda: status(plain_engine, spec.tunnel_id) is TargetHealth.UP)
        server.stop_listening()
        time.sleep(0.3)
        assert status(plain_engine, spec.tunnel_id) is TargetHealth.UP  # no probe looked
        with connect(listen_port) as client:
            assert client.recv(1) == b""  # the tunnel could not reach the target
        assert status(plain_engine, spec.tunnel_id) is TargetHealth.DOWN
        with socket.socket() as revived:
            revived.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            revived.bind(("127.0.0.1", port))
            revived.listen(8)
            wait_until(lambda: status(plain_engine, spec.tunnel_id) is TargetHealth.UP)
    finally:
        server.close()


def test_with_probing_off_the_target_sees_no_connection(plain_engine):
    ends: list[str] = []
    with TcpServer(closes(ends)) as server:
        spec = spec_for(server.port, health=HealthPolicy(probe=False, backoff=BACKOFF))
        listen_port = plain_engine.start_tunnel(spec).listen_port
        time.sleep(0.8)
        assert server.accepted == 0
        assert status(plain_engine, spec.tunnel_id) is TargetHealth.UNKNOWN
        with connect(listen_port) as client:
            client.sendall(b"x")
        wait_until(lambda: ends)
        assert server.accepted == 1  # the client's own connection
        assert status(plain_engine, spec.tunnel_id) is TargetHealth.UP


def test_with_probing_off_a_down_target_is_not_probed(plain_engine):
    holder = reserved_port()
    port = holder.getsockname()[1]
    spec = spec_for(port, health=HealthPolicy(probe=False, backoff=BACKOFF))
    listen_port = plain_engine.start_tunnel(spec).listen_port
    try:
        with connect(listen_port) as client:
            assert client.recv(1) == b""
        assert status(plain_engine, spec.tunnel_id) is TargetHealth.DOWN
        holder.listen(8)
        time.sleep(0.8)  # backoff steps would have found it by now
        assert status(plain_engine, spec.tunnel_id) is TargetHealth.DOWN
    finally:
        holder.close()


def test_check_target_probes_exactly_once(plain_engine):
    ends: list[str] = []
    with TcpServer(closes(ends)) as server:
        spec = spec_for(server.port, health=HealthPolicy(probe=False, backoff=BACKOFF))
        plain_engine.start_tunnel(spec)
        time.sleep(0.2)
        assert server.accepted == 0
        plain_engine.check_target(spec.tunnel_id)
        wait_until(lambda: status(plain_engine, spec.tunnel_id) is TargetHealth.UP)
        time.sleep(0.5)
        assert server.accepted == 1
        plain_engine.check_target(spec.tunnel_id)
        wait_until(lambda: server.accepted == 2)
        time.sleep(0.5)
        assert server.accepted == 2
        wait_until(lambda: len(ends) == 2)
        assert ends == ["eof", "eof"]
    plain_engine.check_target("no such tunnel")  # nothing to check: no error


def test_an_unresolvable_name_with_probing_off_is_still_reported(plain_engine):
    spec = spec_for(80, target_host="no such host", health=HealthPolicy(probe=False))
    plain_engine.start_tunnel(spec)
    wait_until(lambda: status(plain_engine, spec.tunnel_id) is TargetHealth.DOWN)
    assert "cannot resolve" in tunnel_stats(plain_engine, spec.tunnel_id).target_error


def test_the_default_policy_probes_with_the_documented_backoff():
    policy = spec_for(80, health=HealthPolicy()).health
    assert policy == TunnelSpec("t", "127.0.0.1", 0, "127.0.0.1", 80).health
    assert policy.probe and policy.backoff == (5.0, 10.0, 30.0, 60.0)


@pytest.mark.parametrize("backoff", [(), (0.0,), (1.0, -2.0), (float("nan"),)])
def test_a_backoff_must_be_positive_delays(plain_engine, backoff):
    with pytest.raises(TunnelStartError, match="backoff"):
        plain_engine.start_tunnel(spec_for(80, health=HealthPolicy(backoff=backoff)))


@pytest.mark.slow
def test_the_default_policy_in_real_time(plain_engine):
    """The issue's own numbers with the default policy: an idle tunnel to an up target gets at
    most the start check in 60 s, and a down target that comes back shows up within 10 s."""
    with TcpServer(closes([])) as server:
        idle = spec_for(server.port, health=HealthPolicy())
        plain_engine.start_tunnel(idle)
        wait_until(lambda: status(plain_engine, idle.tunnel_id) is TargetHealth.UP)
        holder = reserved_port()
        down = spec_for(holder.getsockname()[1], health=HealthPolicy())
        plain_engine.start_tunnel(down)
        try:
            wait_until(lambda: status(plain_engine, down.tunnel_id) is TargetHealth.DOWN)
            holder.listen(8)
            back = time.monotonic()
            wait_until(lambda: status(plain_engine, down.tunnel_id) is TargetHealth.UP, timeout=15)
            assert time.monotonic() - back < 10.0
        finally:
            holder.close()
        time.sleep(max(0.0, 60.0 - (time.monotonic() - back)))
        assert server.accepted == 1
