"""A relay whose target end is a pair of pipes to a real helper process (splice and copy)."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from tests.engine.conftest import RELAY_MODES
from tests.engine.pipe_bridge import BridgeConnector, BridgeTransport
from tests.engine.servers import (
    IO_TIMEOUT,
    TcpServer,
    connect,
    echo,
    hash_sink,
    open_fds,
    payload,
    recv_all,
    recv_exactly,
    sha256,
    source,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import Engine, TunnelStats
from tunnelgui.engine.buffers import COPY_CHUNK, SPLICE_CHUNK

SIZE = 8 * 1024 * 1024


@pytest.fixture(params=RELAY_MODES)
def engine(request):
    """An engine that knows the bridge transport, with os.splice and with the copy path."""
    BridgeConnector.children.clear()
    with Engine(use_splice=request.param, connectors={BridgeTransport: BridgeConnector}) as running:
        assert running.splice is request.param
        yield running
    # Every helper the relays started has ended and been reaped (no zombie left).
    for child in BridgeConnector.children:
        wait_until(lambda child=child: child.returncode is not None, what="the bridge reaped")


def open_pipes() -> int:
    return sum(1 for what in open_fds().values() if what.startswith("pipe:"))


class Bridged:
    """A tunnel through the bridge, and the pipes this process had before it started."""

    def __init__(self, engine: Engine, server_port: int) -> None:
        self.engine = engine
        self.pipes_before = open_pipes()
        spec = spec_for(server_port, target_transport=BridgeTransport(server_port))
        self.tunnel_id = spec.tunnel_id
        self.port = engine.start_tunnel(spec).listen_port

    def stats(self) -> TunnelStats:
        return tunnel_stats(self.engine, self.tunnel_id)

    def relay_halves(self) -> set[str]:
        tunnel = self.engine._tunnels[self.tunnel_id]
        return {type(half).__name__ for r in tunnel.relays.values() for half in (r.up, r.down)}

    def all_closed(self) -> None:
        """Every connection closed, and every pipe of their ends with it."""
        wait_until(lambda: self.stats().active_connections == 0)
        wait_until(lambda: open_pipes() == self.pipes_before, what="the pipe ends closed")


def test_upload_intact_then_the_client_half_close_reaches_the_target(engine):
    data = payload(SIZE, seed=11)
    with TcpServer(hash_sink) as server:
        tunnel = Bridged(engine, server.port)
        port = tunnel.port
        with connect(port) as client:
            client.sendall(data)
            client.shutdown(socket.SHUT_WR)  # closes the helper's stdin: the sink sees EOF
            assert recv_all(client).decode() == sha256(data)
        tunnel.all_closed()
        stats = tunnel.stats()
    assert (stats.bytes_to_target, stats.bytes_to_client) == (SIZE, 64)
    assert len(BridgeConnector.children) == 1


def test_download_intact_then_the_target_half_close_reaches_the_client(engine):
    data = payload(SIZE, seed=12)
    after: list[str] = []

    def send_then_listen(conn: socket.socket) -> None:
        conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)  # the helper closes its stdout: the client sees EOF
        after.append(sha256(recv_all(conn)))  # ...and can still send to us

    reply = payload(1024 * 1024, seed=13)
    with TcpServer(send_then_listen) as server:
        tunnel = Bridged(engine, server.port)
        port = tunnel.port
        with connect(port) as client:
            received = recv_all(client)
            assert sha256(received) == sha256(data)
            client.sendall(reply)
            client.shutdown(socket.SHUT_WR)
            wait_until(lambda: after, what="the reply at the target")
        tunnel.all_closed()
        stats = tunnel.stats()
    assert after == [sha256(reply)]
    assert (stats.bytes_to_target, stats.bytes_to_client) == (len(reply), SIZE)


def test_both_directions_at_once(engine):
    data = payload(SIZE, seed=14)
    with TcpServer(echo) as server:
        tunnel = Bridged(engine, server.port)
        port = tunnel.port
        with connect(port) as client:
            sender = threading.Thread(target=client.sendall, args=(data,))
            sender.start()
            received = recv_exactly(client, SIZE)
            sender.join(IO_TIMEOUT)
            # With splice, bytes cross straight between the socket and the pipes.
            expected = "DirectSpliceHalf" if engine.splice else "Half"
            assert tunnel.relay_halves() == {expected}
        tunnel.all_closed()
    assert sha256(received) == sha256(data)


def test_a_target_that_never_reads_holds_the_client_back(engine):
    total = 64 * 1024 * 1024
    data = payload(total, seed=15)
    release = threading.Event()

    def read_later(conn: socket.socket) -> None:
        release.wait(IO_TIMEOUT)
        hash_sink(conn)

    with TcpServer(read_later) as server:
        tunnel = Bridged(engine, server.port)
        port = tunnel.port
        with connect(port) as client:
            view = memoryview(data)
            sent = 0
            client.settimeout(1.0)
            try:
                while sent < total:
                    sent += client.send(view[sent : sent + 1024 * 1024])
            except TimeoutError:
                pass  # nobody downstream takes more: backpressure reached the client
            # Bounded by kernel buffers (sockets, pipes) plus one chunk, not by what was sent.
            assert sent < total // 2
            assert engine.held_bytes() <= max(COPY_CHUNK, SPLICE_CHUNK)
            assert tunnel.stats().bytes_to_target <= sent
            release.set()
            client.settimeout(IO_TIMEOUT)
            client.sendall(view[sent:])
            client.shutdown(socket.SHUT_WR)
            assert recv_all(client).decode() == sha256(data)
        tunnel.all_closed()
    assert tunnel.stats().bytes_to_target == total


def test_a_client_reset_ends_the_helper(engine):
    with TcpServer(source(payload(SIZE, seed=16))) as server:
        tunnel = Bridged(engine, server.port)
        port = tunnel.port
        client = connect(port)
        assert len(recv_exactly(client, 1000)) == 1000
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        tunnel.all_closed()
