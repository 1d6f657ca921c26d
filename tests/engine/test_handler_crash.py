"""A bug in one connection's handler drops that connection only: the loop and the others go on.

The bug is injected: one direction's pump raises for one chosen connection. Sockets, loop and
engine are the real ones.
"""

from __future__ import annotations

import logging
import socket
import threading

import pytest

from tests.engine.servers import connect, fd_count, recv_exactly, spec_for, tunnel_stats, wait_until
from tunnelgui.engine import directions
from tunnelgui.engine.loop import EVENT_WRITE, Loop


@pytest.fixture
def broken_connection(monkeypatch):
    """Make the client->target pump raise for the connection whose id is put in the list."""
    doomed: list[int] = []
    for cls in (directions.Half, directions.SpliceHalf):
        original = cls.__dict__["pump"]

        def pump(self, mask=0, _original=original):
            if self.relay.conn_id in doomed and self is self.relay.up:
                raise RuntimeError("injected bug")
            return _original(self, mask)

        monkeypatch.setattr(cls, "pump", pump)
    return doomed


def test_a_crashing_handler_drops_its_connection_only(engine, echo_server, broken_connection):
    spec = spec_for(echo_server.port)
    port = engine.start_tunnel(spec).listen_port
    with connect(port) as warm_up:  # the loop's scratch pipe is made with the first relay
        warm_up.sendall(b"hi")
        assert recv_exactly(warm_up, 2) == b"hi"
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    fds_before = fd_count()
    with connect(port) as healthy, connect(port) as doomed:
        healthy.sendall(b"ping")
        assert recv_exactly(healthy, 4) == b"ping"
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 2)
        ids = sorted(c.conn_id for c in tunnel_stats(engine, spec.tunnel_id).connections)
        broken_connection.append(ids[-1])  # the second accepted: `doomed`
        doomed.sendall(b"boom")
        doomed.settimeout(5)
        with pytest.raises(ConnectionResetError):  # dropped with a reset, nothing relayed
            doomed.recv(16)
        wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 1)
        healthy.sendall(b"still here")
        assert recv_exactly(healthy, 10) == b"still here"
    closed = [e.message for e in engine.events_since(0) if "internal error" in e.message]
    assert len(closed) == 1 and f"Connection {ids[-1]} " in closed[0]
    wait_until(lambda: tunnel_stats(engine, spec.tunnel_id).active_connections == 0)
    wait_until(lambda: fd_count() <= fds_before, what="the dropped connection's sockets closed")


def test_a_write_handler_crash_is_logged_without_the_lookup_keyerror(caplog):
    loop = Loop()
    a, b = socket.socketpair()
    a.setblocking(False)
    done = threading.Event()

    def writable(_mask: int) -> None:
        loop.selector.unregister(a.fileno())
        done.set()
        raise RuntimeError("bug in a write handler")

    loop.selector.register(a.fileno(), EVENT_WRITE, writable)
    thread = threading.Thread(target=loop.run, daemon=True)
    with caplog.at_level(logging.ERROR, logger="tunnelgui.engine"):
        thread.start()
        assert done.wait(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
    loop.close()
    a.close()
    b.close()
    record = next(r for r in caplog.records if "handler for fd" in r.getMessage())
    error = record.exc_info[1]
    assert isinstance(error, RuntimeError)
    assert not isinstance(error.__context__, KeyError), "logged as raised while handling KeyError"
