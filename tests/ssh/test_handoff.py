"""Hop clients handed to the ssh master itself (engine/ssh_handoff.py), through a real sshd.

Every test checks that the connection really is handed (the master holds the client socket),
so each fails on an engine that relays hop clients through the -L socket.
"""

from __future__ import annotations

import socket

import psutil

from tests.engine.servers import (
    TcpServer,
    connect,
    echo,
    fd_count,
    hash_sink,
    payload,
    recv_all,
    recv_exactly,
    sha256,
    source,
    tunnel_stats,
    wait_until,
)
from tests.ssh.sshd import ssh_children
from tests.ssh.test_hop import SIZE, hop_spec, start_ready
from tunnelgui.engine import HopState, TargetHealth, ssh_handoff
from tunnelgui.engine.conditions import Condition, Latency


def held_by_ssh(client: socket.socket) -> bool:
    """Does an ssh child hold the tunnel's end of this client's connection?"""
    port = client.getsockname()[1]
    for proc in ssh_children():
        try:
            if any(c.raddr and c.raddr.port == port for c in proc.net_connections("tcp")):
                return True
        except psutil.NoSuchProcess:
            continue
    return False


def events(engine, kind: str, tunnel_id: str) -> list[str]:
    return [
        e.message for e in engine.events_since(0) if e.kind == kind and e.tunnel_id == tunnel_id
    ]


def closed_events(engine, spec) -> list[str]:
    return events(engine, "connection-closed", spec.tunnel_id)


def only_connection(engine, spec):
    (conn,) = tunnel_stats(engine, spec.tunnel_id).connections
    return conn


def test_large_transfers_both_ways_are_handed_to_ssh_and_counted_exactly(hop_engine, ssh_world):
    data = payload(SIZE, seed=11)
    with TcpServer(hash_sink) as sink:
        spec = hop_spec(ssh_world, sink.port)
        port = start_ready(hop_engine, spec)
        with connect(port) as client:
            client.sendall(data[: 1 << 20])
            wait_until(lambda: held_by_ssh(client), what="the master holds the client")
            # While open: what ssh has read, never more than was sent.
            wait_until(
                lambda: only_connection(hop_engine, spec).bytes_to_target == 1 << 20,
                what="the first MiB counted",
            )
            client.sendall(data[1 << 20 :])
            client.shutdown(socket.SHUT_WR)
            assert recv_all(client).decode() == sha256(data)
        wait_until(lambda: closed_events(hop_engine, spec), what="the close event")
        stats = tunnel_stats(hop_engine, spec.tunnel_id)
        assert (stats.bytes_to_target, stats.bytes_to_client) == (SIZE, 64)  # exact after close
        assert stats.total_connections == 1 and stats.active_connections == 0
    download = payload(SIZE, seed=12)
    with TcpServer(source(download)) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        with connect(port) as client:
            client.shutdown(socket.SHUT_WR)
            # Nothing answered yet: the hand-over may still be on its way. Until we read,
            # ssh blocks on the full socket and keeps holding it.
            wait_until(lambda: held_by_ssh(client), what="the master holds the client")
            assert sha256(recv_all(client)) == sha256(download)
        wait_until(lambda: closed_events(hop_engine, spec), what="the close event")
        stats = tunnel_stats(hop_engine, spec.tunnel_id)
        assert (stats.bytes_to_target, stats.bytes_to_client) == (0, SIZE)
    assert "was closed by the client" in closed_events(hop_engine, spec)[0]


def test_the_target_ending_first_ends_the_connection_like_ssh_w(hop_engine, ssh_world):
    """OpenSSH's stdio forward (force_drain) ends the channel at the target's EOF: the
    client gets every byte, then EOF, and its own direction ends too (ssh -W does the same)."""
    answer = payload(1 << 20, seed=13)

    def answer_then_close(conn: socket.socket) -> None:
        conn.sendall(answer)
        conn.shutdown(socket.SHUT_WR)

    with TcpServer(answer_then_close) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        with connect(port) as client:
            assert sha256(recv_all(client)) == sha256(answer)
        wait_until(lambda: closed_events(hop_engine, spec), what="the close event")
    (closed,) = closed_events(hop_engine, spec)
    assert "was closed by the target" in closed
    assert "(0 B to the target, 1.00 MiB to the client)" in closed
    assert events(hop_engine, "connection-opened", spec.tunnel_id)


def test_two_hundred_concurrent_handed_connections(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        clients = [connect(port) for _ in range(200)]
        try:
            for index, client in enumerate(clients):
                client.sendall(f"hello {index:03d}".encode())
            for index, client in enumerate(clients):
                assert recv_exactly(client, 9) == f"hello {index:03d}".encode()
            (master,) = ssh_children()
            ports = {c.getsockname()[1] for c in clients}
            held = {c.raddr.port for c in master.net_connections("tcp") if c.raddr}
            assert ports <= held
        finally:
            for client in clients:
                client.close()
        wait_until(lambda: tunnel_stats(hop_engine, spec.tunnel_id).active_connections == 0)
        assert len(closed_events(hop_engine, spec)) == 200


def test_a_refused_target_fails_the_connection_with_ssh_words(hop_engine, ssh_world):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    spec = hop_spec(ssh_world, closed_port)
    port = start_ready(hop_engine, spec)
    with connect(port) as client:
        assert recv_all(client) == b""
    wait_until(lambda: events(hop_engine, "connect-failed", spec.tunnel_id), what="the event")
    (failed,) = events(hop_engine, "connect-failed", spec.tunnel_id)
    assert "the SSH server reports" in failed
    assert "Connection refused" in failed or "refused" in failed
    stats = tunnel_stats(hop_engine, spec.tunnel_id)
    assert stats.failed_connections == 1 and stats.active_connections == 0
    assert stats.target_status is TargetHealth.DOWN
    assert stats.hop_state is HopState.READY
    assert not closed_events(hop_engine, spec)


def test_drop_and_idle_timeout_end_handed_connections(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port, idle_timeout=0.6)
        port = start_ready(hop_engine, spec)
        with connect(port) as client:
            client.sendall(b"ping")
            assert recv_exactly(client, 4) == b"ping"
            assert held_by_ssh(client)
            conn_id = only_connection(hop_engine, spec).conn_id
            hop_engine.drop_connection(spec.tunnel_id, conn_id)
            assert recv_all(client) == b""
        with connect(port) as idle:
            idle.sendall(b"pong")
            assert recv_exactly(idle, 4) == b"pong"
            assert held_by_ssh(idle)
            idle.settimeout(5.0)
            assert recv_all(idle) == b""  # closed by the idle timeout
        closed = closed_events(hop_engine, spec)
        assert "was dropped by the user" in closed[0]
        assert "after being idle for 0.6 s" in closed[1]
        assert "(4 B to the target, 4 B to the client)" in closed[1]


def test_max_connections_counts_handed_connections(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port, max_connections=2)
        port = start_ready(hop_engine, spec)
        first, second = connect(port), connect(port)
        try:
            for client in (first, second):
                client.sendall(b"x")
                assert recv_exactly(client, 1) == b"x"
                assert held_by_ssh(client)
            with connect(port) as third:
                assert recv_all(third) == b""
            assert tunnel_stats(hop_engine, spec.tunnel_id).rejected_connections == 1
        finally:
            first.close()
            second.close()


def test_clients_wait_while_the_hop_connects(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port)
        port = hop_engine.start_tunnel(spec).listen_port
        with connect(port) as client:  # before ssh is ready
            client.sendall(b"early")
            assert recv_exactly(client, 5) == b"early"
            assert held_by_ssh(client)


def test_sshd_killed_closes_handed_clients_and_new_ones_flow_again(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        client = connect(port)
        client.sendall(b"before")
        assert recv_exactly(client, 6) == b"before"
        assert held_by_ssh(client)
        ssh_world.sshd.stop()
        client.settimeout(10.0)
        assert recv_all(client) == b""
        client.close()
        wait_until(lambda: closed_events(hop_engine, spec), what="the close event")
        # Told by the channel's end ("was lost") or by the hop's, if ssh's exit came first.
        reason = closed_events(hop_engine, spec)[0]
        assert "SSH connection was lost" in reason or "SSH connection lost" in reason, reason
        ssh_world.sshd.start()
        wait_until(
            lambda: tunnel_stats(hop_engine, spec.tunnel_id).hop_state is HopState.READY,
            timeout=20,
            what="the hop is back",
        )
        with connect(port) as again:
            again.sendall(b"after")
            assert recv_exactly(again, 5) == b"after"
            assert held_by_ssh(again)


def test_stopping_closes_handed_connections_and_leaks_nothing(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        before = fd_count()
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        clients = [connect(port) for _ in range(3)]
        for client in clients:
            client.sendall(b"hi")
            assert recv_exactly(client, 2) == b"hi"
            assert held_by_ssh(client)
        hop_engine.stop_tunnel(spec.tunnel_id)
        for client in clients:
            client.settimeout(5.0)
            assert recv_all(client) == b""
            client.close()
        stopped = events(hop_engine, "tunnel-stopped", spec.tunnel_id)
        assert "closed 3 connections" in stopped[0]
        wait_until(lambda: not ssh_children(), timeout=2.0, what="ssh ended")
        wait_until(lambda: fd_count() <= before, timeout=2.0, what="our fds are back")


def test_a_shaped_hop_tunnel_relays_and_live_conditions_keep_handed_ones(hop_engine, ssh_world):
    slow = (Condition(Latency(0.05)),)
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port, conditions=slow)
        port = start_ready(hop_engine, spec)
        with connect(port) as client:
            client.sendall(b"shaped")
            assert recv_exactly(client, 6) == b"shaped"
            assert not held_by_ssh(client)  # our relay, through the -L socket
        plain = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, plain)
        with connect(port) as handed:
            handed.sendall(b"a")
            assert recv_exactly(handed, 1) == b"a"
            assert held_by_ssh(handed)
            hop_engine.set_conditions(plain.tunnel_id, slow)
            with connect(port) as later:
                later.sendall(b"b")
                assert recv_exactly(later, 1) == b"b"
                assert not held_by_ssh(later)
            handed.sendall(b"c")  # the handed one goes on as it was
            assert recv_exactly(handed, 1) == b"c"
            assert held_by_ssh(handed)


def test_a_client_reconnecting_after_the_target_closed_is_not_refused(hop_engine, ssh_world):
    # The target speaks and closes first (an HTTP/1.0 server, a banner): the channel ends
    # while the client is still connected, and the close's reason settles a moment later
    # (LOSS_WAIT). max_connections=1: the gone client must not hold the one place meanwhile.
    with TcpServer(source(b"hello")) as server:
        spec = hop_spec(ssh_world, server.port, max_connections=1)
        port = start_ready(hop_engine, spec)
        with connect(port) as first:
            assert recv_all(first) == b"hello"
        with connect(port) as second:
            got = recv_all(second)
        rejected = events(hop_engine, "connection-rejected", spec.tunnel_id)
        assert (got, rejected) == (b"hello", []), rejected
        wait_until(lambda: len(closed_events(hop_engine, spec)) == 2, what="two closes")
        assert all("closed by the target" in m for m in closed_events(hop_engine, spec))
        assert tunnel_stats(hop_engine, spec.tunnel_id).active_connections == 0


def _bye_or_echo(conn: socket.socket) -> None:
    """b"bye": answer and close first (the channel ends, its client still connected); any
    other first byte: echo until the client's EOF."""
    first = conn.recv(1)
    if first == b"b":
        conn.sendall(b"bye")
        return
    conn.sendall(first)
    echo(conn)


def _target_ended(engine, spec, port: int) -> socket.socket:
    """A client whose target ended the channel first: its connection settles (CLOSING)."""
    client = connect(port)
    peer = f"127.0.0.1:{client.getsockname()[1]}"
    client.sendall(b"b")
    assert recv_all(client) == b"bye"

    def state() -> list[str]:
        return [c.state for c in tunnel_stats(engine, spec.tunnel_id).connections if c.peer == peer]

    wait_until(lambda: state() == ["closing"], what="the connection settling")
    return client


def test_a_drop_while_the_close_settles_keeps_the_close_s_own_reason(
    hop_engine, ssh_world, monkeypatch
):
    # Widened from 0.1 s, so the drop surely comes inside the settle's wait (a constant read
    # when each channel ends; nothing of the engine or ssh is replaced).
    monkeypatch.setattr(ssh_handoff, "LOSS_WAIT", 1.0)
    with TcpServer(_bye_or_echo) as server:
        spec = hop_spec(ssh_world, server.port, max_connections=1)
        port = start_ready(hop_engine, spec)
        with _target_ended(hop_engine, spec, port):
            stats = tunnel_stats(hop_engine, spec.tunnel_id)
            assert (stats.active_connections, stats.connections[0].state) == (0, "closing")
            hop_engine.drop_connection(spec.tunnel_id, stats.connections[0].conn_id)
            wait_until(lambda: closed_events(hop_engine, spec), what="the close event")
        (closed,) = closed_events(hop_engine, spec)
        assert "was closed by the target" in closed, closed
        assert "(1 B to the target, 3 B to the client)" in closed
        stats = tunnel_stats(hop_engine, spec.tunnel_id)
        assert (stats.active_connections, stats.connections) == (0, ())
        with connect(port) as again:  # the one place is free: settling counted once
            again.sendall(b"e")
            assert recv_exactly(again, 1) == b"e"
            assert held_by_ssh(again)
            assert tunnel_stats(hop_engine, spec.tunnel_id).active_connections == 1


def test_an_idle_timeout_while_the_close_settles_keeps_the_close_s_own_reason(
    hop_engine, ssh_world, monkeypatch
):
    monkeypatch.setattr(ssh_handoff, "LOSS_WAIT", 1.0)
    with TcpServer(_bye_or_echo) as server:
        spec = hop_spec(ssh_world, server.port, idle_timeout=0.2)  # swept every 0.025 s
        port = start_ready(hop_engine, spec)
        with _target_ended(hop_engine, spec, port):
            wait_until(lambda: closed_events(hop_engine, spec), what="the close event")
        (closed,) = closed_events(hop_engine, spec)
        assert "was closed by the target" in closed, closed


def test_a_stop_while_a_close_settles_records_the_close_s_own_reason(
    hop_engine, ssh_world, monkeypatch
):
    monkeypatch.setattr(ssh_handoff, "LOSS_WAIT", 1.0)
    with TcpServer(_bye_or_echo) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        with connect(port) as open_one, _target_ended(hop_engine, spec, port) as ended:
            assert held_by_ssh(open_one)
            assert tunnel_stats(hop_engine, spec.tunnel_id).active_connections == 1
            # Within COUNTS_FRESH of that reading (0 B both ways), as a stats tick may be.
            open_one.sendall(b"e")
            assert recv_exactly(open_one, 1) == b"e"
            hop_engine.stop_tunnel(spec.tunnel_id)
            open_one.settimeout(5.0)
            assert recv_all(open_one) == b""
            assert recv_all(ended) == b""
        closed = closed_events(hop_engine, spec)
        assert len(closed) == 2, closed
        (settled,) = [m for m in closed if "was closed by the target" in m]
        assert "(1 B to the target, 3 B to the client)" in settled
        (stopped_one,) = [m for m in closed if "because the tunnel stopped" in m]
        # Counted at the close, not from the stats' reading before the echo.
        assert "(1 B to the target, 1 B to the client)" in stopped_one
        (stopped,) = events(hop_engine, "tunnel-stopped", spec.tunnel_id)
        assert "closed 1 connection." in stopped, stopped
