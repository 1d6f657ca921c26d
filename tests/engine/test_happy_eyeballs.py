"""A target name with several addresses: a silently dead one must not hold up the others."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    echo,
    open_fds,
    recv_exactly,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tunnelgui.engine import Engine, EventKind
from tunnelgui.engine.resolver import Resolved

NAME = "round-robin.test"  # never looked up for real: the engine's resolve seam answers it
CONNECT_TIMEOUT = 3.0


def is_hanging(address: tuple) -> bool:
    """True when a connect to address neither succeeds nor is refused for a while."""
    probe = socket.socket()
    probe.setblocking(False)
    try:
        probe.connect_ex(address)
        time.sleep(0.2)
        try:
            probe.getpeername()
        except OSError:
            return probe.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
        return False
    finally:
        probe.close()


@contextlib.contextmanager
def silently_dropping() -> Iterator[tuple]:
    """A loopback address that drops SYNs: a listener whose accept queue is full.

    listen(0) and nobody accepts: on Linux, once the accept queue holds its one connection,
    the listener drops further SYNs without an answer, exactly as a dead host would look.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    address = listener.getsockname()
    fillers = []
    try:
        for _ in range(2):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(address)
            fillers.append(filler)
        time.sleep(0.05)
        if not is_hanging(address):
            pytest.skip("this kernel refuses, rather than drops, connects to a full backlog")
        yield address
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


def open_sockets() -> int:
    """Sockets only: the splice pool keeps its scratch pipes open by design."""
    return sum(1 for what in open_fds().values() if what.startswith("socket:"))


def answering(addresses: list[tuple]):
    """A resolve function that gives NAME these IPv4 addresses, in this order."""

    def resolve(host: str, port: int) -> Resolved:
        assert host == NAME
        return Resolved(tuple((socket.AF_INET, address) for address in addresses))

    return resolve


def test_a_dead_first_address_hands_over_to_the_next_within_a_fraction_of_the_timeout():
    with silently_dropping() as dead, TcpServer(echo) as alive:
        resolve = answering([dead, ("127.0.0.1", alive.port)])
        with Engine(resolve=resolve) as engine:
            spec = spec_for(alive.port, NAME, connect_timeout=CONNECT_TIMEOUT)
            port = engine.start_tunnel(spec).listen_port
            sockets_before = open_sockets()
            for round_trip in range(3):
                started = time.monotonic()
                with connect(port) as client:
                    message = f"hello {round_trip}".encode()
                    client.sendall(message)
                    assert recv_exactly(client, len(message)) == message
                elapsed = time.monotonic() - started
                # 250 ms before the second address starts; far below the 3 s timeout.
                assert elapsed < CONNECT_TIMEOUT / 3, elapsed
            wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
            stats = tunnel_stats(engine, spec.tunnel_id)
            assert stats.failed_connections == 0
            assert stats.target_status == "up"
            # The sockets still waiting on the dead address were closed when the other won.
            wait_until(lambda: open_sockets() <= sockets_before, what="the losing sockets closed")


def test_a_refused_first_address_hands_over_at_once(echo_server):
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))  # bound, not listening: connects are refused
    with refused:
        resolve = answering([refused.getsockname(), ("127.0.0.1", echo_server.port)])
        with Engine(resolve=resolve) as engine:
            spec = spec_for(echo_server.port, NAME, connect_timeout=CONNECT_TIMEOUT)
            port = engine.start_tunnel(spec).listen_port
            started = time.monotonic()
            with connect(port) as client:
                client.sendall(b"ping")
                assert recv_exactly(client, 4) == b"ping"
            # No stagger delay waited for: the refusal itself starts the next address.
            assert time.monotonic() - started < 0.2


def test_a_name_whose_every_address_is_dead_fails_after_the_connect_timeout():
    with silently_dropping() as first, silently_dropping() as second:  # noqa: SIM117
        with Engine(resolve=answering([first, second])) as engine:  # needs first and second
            spec = spec_for(first[1], NAME, connect_timeout=0.6)
            port = engine.start_tunnel(spec).listen_port
            started = time.monotonic()
            with connect(port) as client:
                assert client.recv(10) == b""
            elapsed = time.monotonic() - started
            assert 0.55 <= elapsed < 3.0, elapsed
            wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).failed_connections == 1)
            stats = tunnel_stats(engine, spec.tunnel_id)
            assert stats.target_error == "no answer within 0.6 s"
            (failed,) = [
                e
                for e in engine.events_since(0)
                if e.tunnel_id == spec.tunnel_id and e.kind == EventKind.CONNECT_FAILED
            ]
            assert "no answer within 0.6 s" in failed.message
