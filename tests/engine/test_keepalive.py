"""TCP keepalive on both ends of relayed connections, read back from the kernel's own table."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    echo,
    recv_exactly,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import keepalive

pytestmark = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads the kernel's socket table (Linux)"
)
USER_HZ = 100  # /proc/net/tcp gives timer expiries in clock ticks


def keepalive_timer(local_port: int, remote_port: int) -> float | None:
    """Seconds until the keepalive timer of the 127.0.0.1 socket local_port -> remote_port
    fires, or None when that established socket has no keepalive timer."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, timer = fields[1], fields[2], fields[3], fields[5]
        if int(local.split(":")[1], 16) != local_port:
            continue
        if int(remote.split(":")[1], 16) != remote_port or state != "01":  # ESTABLISHED
            continue
        active, when = timer.split(":")
        return int(when, 16) / USER_HZ if active == "02" else None
    raise AssertionError(f"no socket {local_port} -> {remote_port}")


def _target_side_port(server_port: int) -> int:
    """The local port of the engine's established socket to server_port."""
    return next(
        int(line.split()[1].split(":")[1], 16)
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if int(line.split()[2].split(":")[1], 16) == server_port and line.split()[3] == "01"
    )


@pytest.mark.parametrize("on", [True, False])
def test_both_ends_of_a_relayed_connection_have_keepalive_when_asked(plain_engine, on):
    with TcpServer(echo) as server:
        spec = spec_for(server.port, tcp_keepalive=on)
        listen_port = plain_engine.start_tunnel(spec).listen_port
        with connect(listen_port) as client:
            opened_at = time.monotonic()
            client.sendall(b"ping")
            assert client.recv(4) == b"ping"
            wait_until(lambda: tunnel_stats(plain_engine, spec.tunnel_id).connections)
            conn = tunnel_stats(plain_engine, spec.tunnel_id).connections[0]
            client_port = client.getsockname()[1]
            target_port = _target_side_port(server.port)
            # The engine's two sockets: the accepted client end and the end it opened.
            accepted = keepalive_timer(listen_port, client_port)
            opened = keepalive_timer(target_port, server.port)
            young = time.monotonic() - opened_at < keepalive.DELAY / 2
            assert conn.peer.endswith(f":{client_port}")
            if on:
                # The accepted end has it from the listener at once; the opened end only once
                # the connection has outlived keepalive.DELAY (a short one never pays for it).
                assert accepted is not None and keepalive.IDLE - 5 < accepted <= keepalive.IDLE
                if young:  # (unless this machine was too busy to look in time)
                    assert opened is None
                wait_until(
                    lambda: keepalive_timer(target_port, server.port) is not None,
                    timeout=4 * keepalive.DELAY + 10,
                    what="keepalive on the target end",
                )
                timer = keepalive_timer(target_port, server.port)
                assert timer is not None and keepalive.IDLE - 5 < timer <= keepalive.IDLE
                client.sendall(b"still there")
                assert recv_exactly(client, 11) == b"still there"
            else:
                time.sleep(2 * keepalive.DELAY + 0.2)
                opened = keepalive_timer(target_port, server.port)
                assert keepalive_timer(listen_port, client_port) is None and opened is None


def test_connections_closed_before_their_keepalive_is_due_leave_nothing_behind(plain_engine):
    """Short connections are dropped from the wait for keepalive; the timer finds none of them."""
    with TcpServer(echo) as server:
        spec = spec_for(server.port)
        listen_port = plain_engine.start_tunnel(spec).listen_port
        for _ in range(50):
            with connect(listen_port) as client:
                client.sendall(b"x")
                assert client.recv(1) == b"x"
        wait_until(lambda: not tunnel_stats(plain_engine, spec.tunnel_id).active_connections)
        time.sleep(2 * keepalive.DELAY + 0.2)  # the timer has run and found nothing due
        with connect(listen_port) as client:
            client.sendall(b"y")
            assert client.recv(1) == b"y"
        stats = tunnel_stats(plain_engine, spec.tunnel_id)
        assert (stats.total_connections, stats.failed_connections) == (51, 0)


def test_the_timings_are_the_documented_ones():
    assert (keepalive.IDLE, keepalive.INTERVAL, keepalive.COUNT) == (60, 10, 6)
    assert keepalive.INHERITED is sys.platform.startswith("linux")
