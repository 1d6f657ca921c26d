"""Reading only some kinds of events, and counting tunnels without a round through the loop."""

from __future__ import annotations

from tests.engine.servers import TcpServer, connect, echo, spec_for, tunnel_stats, wait_until
from tunnelgui.engine import EventKind


def test_events_of_some_kinds_and_the_newest_seq(plain_engine):
    with TcpServer(echo) as server:
        spec = spec_for(server.port)
        port = plain_engine.start_tunnel(spec).listen_port
        for _ in range(3):
            with connect(port) as client:
                client.sendall(b"x")
                assert client.recv(1) == b"x"
        wait_until(lambda: tunnel_stats(plain_engine, spec.tunnel_id).total_connections == 3)
        wait_until(lambda: not tunnel_stats(plain_engine, spec.tunnel_id).active_connections)
        everything = plain_engine.events_since(0)
        started = plain_engine.events_since(0, {EventKind.TUNNEL_STARTED})
        closed = plain_engine.events_since(0, frozenset({EventKind.CONNECTION_CLOSED}))
    assert [e.kind for e in started] == [EventKind.TUNNEL_STARTED]
    assert len(closed) == 3 and all("was closed by the" in e.message for e in closed)
    assert [e for e in everything if e.kind is EventKind.CONNECTION_CLOSED] == closed
    assert plain_engine.last_event_seq() >= everything[-1].seq
    # Nothing newer than the newest seq, whatever the kinds.
    assert plain_engine.events_since(plain_engine.last_event_seq(), None) == []


def test_tunnel_count_follows_starts_and_stops(plain_engine):
    assert plain_engine.tunnel_count() == 0
    with TcpServer(echo) as server:
        first = spec_for(server.port, tunnel_id="a")
        second = spec_for(server.port, tunnel_id="b")
        plain_engine.start_tunnel(first)
        plain_engine.start_tunnel(second)
        assert plain_engine.tunnel_count() == 2
        plain_engine.stop_tunnel("a")
        assert plain_engine.tunnel_count() == 1
    plain_engine.shutdown()
    assert plain_engine.tunnel_count() == 0
