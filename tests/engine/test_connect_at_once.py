"""A target given as an IP literal is connected by the connector's connect() itself.

On loopback the handshake completes inside connect(): the relay gets its end at once and the
connector keeps nothing for it (no Attempt, no deadline, no timeout timer). A connect that does
not complete at once (refused, silent) goes on as an Attempt: test_failures.py.
"""

from __future__ import annotations

from tests.engine.servers import connect, recv_exactly, spec_for, tunnel_stats


def connector_state(engine, tunnel_id: str) -> tuple[int, bool]:
    """(attempts in progress, timeout timer armed), read on the loop thread."""
    connector = engine._tunnels[tunnel_id].connector
    return engine._call(lambda: (len(connector.pending), connector._timer is not None), 5.0)


def test_a_loopback_connect_leaves_no_attempt_behind(engine, echo_server):
    spec = spec_for(echo_server.port)
    port = engine.start_tunnel(spec).listen_port
    for _ in range(3):
        with connect(port) as client:
            client.sendall(b"hello")
            assert recv_exactly(client, 5) == b"hello"
            # Open now, and nothing of its connect is left to time out.
            assert connector_state(engine, spec.tunnel_id) == (0, False)
    stats = tunnel_stats(engine, spec.tunnel_id)
    assert (stats.total_connections, stats.failed_connections) == (3, 0)
