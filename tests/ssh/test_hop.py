"""Tunnels through a real sshd: integrity, half-close, backpressure, scale, failures, reaping."""

from __future__ import annotations

import socket
import threading

from tests.engine.servers import (
    IO_TIMEOUT,
    TcpServer,
    connect,
    echo,
    hash_sink,
    payload,
    recv_all,
    recv_exactly,
    sha256,
    source,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tests.ssh.sshd import ssh_children
from tunnelgui.engine import HealthPolicy, HopState, SshHopTransport, TargetHealth

SIZE = 8 * 1024 * 1024


def hop_spec(world, target_port: int, via: str = "bastion", **options):
    hop = SshHopTransport(via=via, ssh_config=str(world.config))
    return spec_for(target_port, target_host="127.0.0.1", target_transport=hop, **options)


def hop_state(engine, spec) -> HopState:
    return tunnel_stats(engine, spec.tunnel_id).hop_state


def start_ready(engine, spec) -> int:
    port = engine.start_tunnel(spec).listen_port
    wait_until(lambda: hop_state(engine, spec) is HopState.READY, what="the hop is ready")
    return port


def test_large_transfers_both_ways_with_half_close(hop_engine, ssh_world):
    with TcpServer(hash_sink) as sink:
        spec = hop_spec(ssh_world, sink.port)
        port = start_ready(hop_engine, spec)
        data = payload(SIZE, seed=5)
        with connect(port) as client:
            client.sendall(data)
            client.shutdown(socket.SHUT_WR)  # the sink answers only once our EOF got there
            assert recv_all(client).decode() == sha256(data)
    download = payload(SIZE, seed=6)
    with TcpServer(source(download)) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        with connect(port) as client:
            client.shutdown(socket.SHUT_WR)  # our half-close must not end the download
            assert sha256(recv_all(client)) == sha256(download)


def test_a_target_that_never_reads_stalls_the_client_and_memory_stays_bounded(
    hop_engine, ssh_world
):
    release = threading.Event()

    def never_read(conn: socket.socket) -> None:
        release.wait(IO_TIMEOUT)

    with TcpServer(never_read) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        chunk = b"x" * (1 << 20)
        sent = 0
        with connect(port) as client:
            client.settimeout(2.0)
            try:
                while sent < 256 * (1 << 20):
                    sent += client.send(chunk)
            except TimeoutError:
                pass  # backpressure reached the client
            assert sent < 256 * (1 << 20), "nothing held the client back"
            # ssh's channel window and the socket buffers hold the rest, not our engine.
            assert hop_engine.held_bytes() <= 4 * (1 << 20)
            release.set()


def test_two_hundred_concurrent_connections(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        clients = [connect(port) for _ in range(200)]
        try:
            for index, client in enumerate(clients):
                client.sendall(f"hello {index:03d}".encode())
            for index, client in enumerate(clients):
                assert recv_exactly(client, 9) == f"hello {index:03d}".encode()
        finally:
            for client in clients:
                client.close()
        wait_until(lambda: tunnel_stats(hop_engine, spec.tunnel_id).active_connections == 0)


def test_a_target_refused_on_the_far_side_is_reported(hop_engine, ssh_world):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    spec = hop_spec(ssh_world, closed_port, health=HealthPolicy(backoff=(0.2,)))
    port = start_ready(hop_engine, spec)
    wait_until(
        lambda: tunnel_stats(hop_engine, spec.tunnel_id).target_status is TargetHealth.DOWN,
        what="the probe finds the target down",
    )
    with connect(port) as client:
        assert recv_all(client) == b""  # ssh closes what the server could not connect
    stats = tunnel_stats(hop_engine, spec.tunnel_id)
    assert stats.hop_state is HopState.READY  # the hop itself is fine
    assert stats.target_status is TargetHealth.DOWN
    assert "SSH server" in stats.target_error


def test_a_wrong_key_fails_with_ssh_reason_and_no_retry(hop_engine, ssh_world):
    ssh_world.sshd.authorized.write_text("")  # our key is no longer accepted
    spec = hop_spec(ssh_world, 9)
    hop_engine.start_tunnel(spec)
    wait_until(lambda: hop_state(hop_engine, spec) is HopState.FAILED, what="the hop fails")
    stats = tunnel_stats(hop_engine, spec.tunnel_id)
    assert "Permission denied (publickey)" in stats.hop_error
    wait_until(lambda: not ssh_children(), timeout=2.0, what="the failed ssh reaped")
    connecting = [e for e in hop_engine.events_since(0) if e.kind == "hop-connecting"]
    threading.Event().wait(1.5)  # a retry storm would have started ssh again by now
    assert [e for e in hop_engine.events_since(0) if e.kind == "hop-connecting"] == connecting
    assert not ssh_children()


def test_an_unknown_host_key_fails_cleanly_without_a_prompt(hop_engine, ssh_world):
    ssh_world.known_hosts.write_text("")
    spec = hop_spec(ssh_world, 9)
    hop_engine.start_tunnel(spec)
    wait_until(lambda: hop_state(hop_engine, spec) is HopState.FAILED, what="the hop fails")
    assert "Host key verification failed" in tunnel_stats(hop_engine, spec.tunnel_id).hop_error
    assert ssh_world.known_hosts.read_text() == ""  # nothing was accepted behind our back


def test_an_unresolvable_hop_says_so_and_backs_off(hop_engine, ssh_world):
    spec = hop_spec(ssh_world, 9, via="no-such-host.invalid")
    hop_engine.start_tunnel(spec)
    wait_until(lambda: hop_state(hop_engine, spec) is HopState.RECONNECTING, what="down")
    stats = tunnel_stats(hop_engine, spec.tunnel_id)
    assert "Could not resolve hostname no-such-host.invalid" in stats.hop_error
    down = [e.message for e in hop_engine.events_since(0) if e.kind == "hop-down"]
    assert "Reconnecting in 1 s." in down[0]


def test_sshd_killed_mid_transfer_closes_clients_and_the_hop_comes_back(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port)
        port = start_ready(hop_engine, spec)
        client = connect(port)
        client.sendall(b"before")
        assert recv_exactly(client, 6) == b"before"
        ssh_world.sshd.stop()
        assert recv_all(client) == b""  # the client gets a clear close
        client.close()
        wait_until(
            lambda: hop_state(hop_engine, spec) is HopState.RECONNECTING, what="the hop notices"
        )
        ssh_world.sshd.start()  # same port, same host key
        wait_until(
            lambda: hop_state(hop_engine, spec) is HopState.READY,
            timeout=20,
            what="the hop is back",
        )
        with connect(port) as again:
            again.sendall(b"after")
            assert recv_exactly(again, 5) == b"after"
    messages = [e.message for e in hop_engine.events_since(0) if e.kind == "hop-down"]
    assert any("SSH connection lost" in message for message in messages)


def test_stopping_the_tunnel_ends_its_ssh_within_two_seconds(hop_engine, ssh_world):
    with TcpServer(echo) as server:
        spec = hop_spec(ssh_world, server.port)
        start_ready(hop_engine, spec)
        assert len(ssh_children()) == 1  # one ssh per hop
        hop_engine.stop_tunnel(spec.tunnel_id)
        wait_until(lambda: not ssh_children(), timeout=2.0, what="ssh ended")


def test_a_jump_chain_reaches_a_server_behind_the_bastion(hop_engine, ssh_world):
    inner = ssh_world.add_inner_server()
    with TcpServer(hash_sink) as sink:
        spec = hop_spec(ssh_world, sink.port, via="bastion,inner")
        port = start_ready(hop_engine, spec)
        data = payload(1 << 20, seed=9)
        with connect(port) as client:
            client.sendall(data)
            client.shutdown(socket.SHUT_WR)
            assert recv_all(client).decode() == sha256(data)
    # Both servers let our key in: the bastion for the jump, the inner server for the forward.
    assert "Accepted publickey" in ssh_world.sshd.log.read_text()
    assert "Accepted publickey" in inner.log.read_text()
    hop_engine.stop_tunnel(spec.tunnel_id)
    wait_until(lambda: not ssh_children(), timeout=2.0, what="ssh and its jump ssh ended")


def test_a_tunnel_stopped_while_reconnecting_is_never_restarted(hop_engine, ssh_world):
    spec = hop_spec(ssh_world, 9)
    start_ready(hop_engine, spec)
    ssh_world.sshd.stop()
    wait_until(lambda: hop_state(hop_engine, spec) is HopState.RECONNECTING, what="down")
    hop_engine.stop_tunnel(spec.tunnel_id)  # its 1 s restart timer is pending
    ssh_world.sshd.start()
    starts = sum(1 for e in hop_engine.events_since(0) if e.kind == "hop-connecting")
    threading.Event().wait(2.0)
    assert sum(1 for e in hop_engine.events_since(0) if e.kind == "hop-connecting") == starts
    assert not ssh_children()
