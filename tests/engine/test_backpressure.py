"""A client that does not read holds the target back; the engine's memory stays bounded."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    payload,
    recv_all,
    sha256,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import Engine
from tunnelgui.engine.buffers import COPY_CHUNK, SPLICE_AVAILABLE, SPLICE_CHUNK

TOTAL = 128 * 1024 * 1024
STEP = 1024 * 1024


def test_slow_reader_stalls_the_target_and_memory_stays_bounded(engine):
    _stall_then_drain(engine)


@pytest.mark.skipif(not SPLICE_AVAILABLE, reason="splice is Linux only")
def test_stalled_direction_without_a_pipe_to_spare():
    """Past the cap on pipes held by stalled directions, leftovers wait in memory instead."""
    with Engine(use_splice=True) as engine:
        engine._buffers.max_held_pipes = 0  # as if hundreds of directions held pipes already
        _stall_then_drain(engine)


def _stall_then_drain(engine: Engine) -> None:
    data = payload(TOTAL, seed=7)
    stalled_at: list[int] = []
    stalled = threading.Event()

    def push_everything(conn: socket.socket) -> None:
        view = memoryview(data)
        sent = 0
        conn.settimeout(1.0)
        try:
            while sent < TOTAL:
                sent += conn.send(view[sent : sent + STEP])
        except TimeoutError:
            stalled_at.append(sent)  # nobody downstream takes more: backpressure reached us
        stalled.set()
        conn.settimeout(60)
        conn.sendall(view[sent:])

    with TcpServer(push_everything) as server:
        spec = spec_for(server.port)
        port = engine.start_tunnel(spec).listen_port
        with connect(port) as client:
            assert stalled.wait(60)
            # Bounded by the sockets' kernel buffers plus one chunk per direction, not TOTAL.
            assert stalled_at and stalled_at[0] < TOTAL // 2
            held = engine.held_bytes()
            assert held <= max(COPY_CHUNK, SPLICE_CHUNK)
            assert tunnel_stats(engine, spec.tunnel_id).bytes_to_client <= stalled_at[0]
            received = recv_all(client)
    assert sha256(received) == sha256(data)
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    assert tunnel_stats(engine, spec.tunnel_id).bytes_to_client == TOTAL
