"""Target names are resolved again when connects fail and when the cached answer ages; a target
that goes away and comes back, on the same address or behind a name that moved, carries traffic
again without anyone acting. Names resolve through a hosts-style table (Engine(resolve=...))."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.engine.servers import connect, recv_all, spec_for, tunnel_stats, wait_until
from tunnelgui.engine import Engine, EventKind, HealthPolicy, TargetHealth
from tunnelgui.engine import resolver as resolver_module
from tunnelgui.engine.resolver import Resolved

QUICK = HealthPolicy(backoff=(0.1,))


class Hosts:
    """A hosts file for the engine: name -> IPv4 address, changeable while it runs."""

    def __init__(self, **names: str) -> None:
        self.names = dict(names)
        self.lookups = 0

    def resolve(self, host: str, port: int) -> Resolved:
        self.lookups += 1
        address = self.names.get(host)
        if address is None:
            return Resolved(error=f"cannot resolve {host!r}: unknown name")
        return Resolved(((socket.AF_INET, (address, port)),))


class Greeter:
    """Listens on host:port and greets each client with its tag, then closes."""

    def __init__(self, host: str, port: int, tag: bytes) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.tag = tag
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _peer = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.sendall(self.tag)

    def close(self) -> None:
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self.thread.join(5)


def greeting(listen_port: int) -> bytes:
    with connect(listen_port) as client:
        return recv_all(client)


@pytest.fixture
def hosts():
    return Hosts(**{"db.test": "127.0.0.1"})


@pytest.fixture
def named_engine(hosts):
    with Engine(resolve=hosts.resolve) as engine:
        yield engine


def test_a_target_that_restarts_on_its_address_carries_traffic_again(named_engine):
    first = Greeter("127.0.0.1", 0, b"one")
    port = first.port
    spec = spec_for(port, target_host="db.test", health=QUICK)
    listen_port = named_engine.start_tunnel(spec).listen_port
    assert greeting(listen_port) == b"one"
    first.close()
    assert greeting(listen_port) == b""  # refused behind the tunnel: the client sees EOF
    assert tunnel_stats(named_engine, spec.tunnel_id).target_status is TargetHealth.DOWN
    second = Greeter("127.0.0.1", port, b"two")
    try:
        wait_until(
            lambda: tunnel_stats(named_engine, spec.tunnel_id).target_status is TargetHealth.UP
        )
        assert greeting(listen_port) == b"two"
    finally:
        second.close()


def test_a_name_that_moves_is_resolved_again_after_a_failed_connect(named_engine, hosts):
    old = Greeter("127.0.0.1", 0, b"old")
    try:
        new = Greeter("127.0.0.2", old.port, b"new")
    except OSError:
        old.close()
        pytest.skip("127.0.0.2 is not a loopback address here")
    try:
        spec = spec_for(old.port, target_host="db.test", health=QUICK)
        listen_port = named_engine.start_tunnel(spec).listen_port
        assert greeting(listen_port) == b"old"
        hosts.names["db.test"] = "127.0.0.2"  # the name moves, its cached answer has not
        old.close()
        assert greeting(listen_port) == b""  # the stale address refuses
        # The failure dropped the cached answer: the next probe asks again and finds it.
        wait_until(
            lambda: tunnel_stats(named_engine, spec.tunnel_id).target_status is TargetHealth.UP
        )
        assert greeting(listen_port) == b"new"
        moved = [e for e in named_engine.events_since(0) if e.kind is EventKind.TARGET_MOVED]
        assert [e.message for e in moved] == [
            f"The target db.test:{old.port} now resolves to 127.0.0.2 (was 127.0.0.1)."
        ]
    finally:
        new.close()


def test_a_cached_answer_is_asked_again_once_it_ages(named_engine, hosts, monkeypatch):
    monkeypatch.setattr(resolver_module, "POSITIVE_TTL", 0.3)
    old = Greeter("127.0.0.1", 0, b"old")
    try:
        new = Greeter("127.0.0.2", old.port, b"new")
    except OSError:
        old.close()
        pytest.skip("127.0.0.2 is not a loopback address here")
    try:
        spec = spec_for(old.port, target_host="db.test")
        listen_port = named_engine.start_tunnel(spec).listen_port
        assert greeting(listen_port) == b"old"
        assert greeting(listen_port) == b"old"  # well within the cache's lifetime
        lookups = hosts.lookups
        hosts.names["db.test"] = "127.0.0.2"  # nothing fails: only age makes it ask again
        wait_until(lambda: greeting(listen_port) == b"new", timeout=5)
        assert hosts.lookups > lookups
        kinds = [e.kind for e in named_engine.events_since(0)]
        assert EventKind.TARGET_MOVED in kinds
    finally:
        old.close()
        new.close()


def test_an_ip_literal_target_is_never_looked_up(named_engine, hosts):
    greeter = Greeter("127.0.0.1", 0, b"hi")
    try:
        spec = spec_for(greeter.port, health=QUICK)
        listen_port = named_engine.start_tunnel(spec).listen_port
        assert greeting(listen_port) == b"hi"
        assert hosts.lookups == 0
    finally:
        greeter.close()


def test_an_outage_does_not_send_every_failed_client_to_dns(named_engine, hosts):
    greeter = Greeter("127.0.0.1", 0, b"hi")
    spec = spec_for(greeter.port, target_host="db.test")
    listen_port = named_engine.start_tunnel(spec).listen_port
    assert greeting(listen_port) == b"hi"
    greeter.close()  # the target is down: every client's connect is refused
    before = hosts.lookups
    for _ in range(100):
        assert greeting(listen_port) == b""
    failed = tunnel_stats(named_engine, spec.tunnel_id).failed_connections
    assert failed == 100
    # Each failure may forget an answer at most a second old: a handful of lookups, not 100.
    assert hosts.lookups - before <= 5
