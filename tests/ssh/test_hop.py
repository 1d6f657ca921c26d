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
