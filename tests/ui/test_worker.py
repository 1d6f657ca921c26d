"""TunnelWorker against the real engine: states, coalesced stats, drop, stop, fast shutdown."""

from __future__ import annotations

import socket
import time

import pytest

from tests.ui.loopback import EchoServer, closed_by_peer, exchange, free_port
from tunnelgui.engine import HealthPolicy
from tunnelgui.engine.events import EventKind
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.worker import TrafficUpdate, TunnelWorker


def _profile(target_port: int, name: str = "echo", listen_port: int = 0) -> Profile:
    return Profile(
        name=name, listen_port=listen_port, target_host="127.0.0.1", target_port=target_port
    )


def _start(qtbot, worker: TunnelWorker, profile: Profile) -> int:
    """Start and wait until it listens; returns the bound port."""
    with qtbot.waitSignal(
        worker.tunnelStateChanged,
        timeout=10_000,
        check_params_cb=lambda pid, status: (
            pid == profile.id and status.state is not TunnelState.STARTING
        ),
    ) as blocker:
        worker.start(profile)
    status: TunnelStatus = blocker.args[1]
    assert status.state is TunnelState.LISTENING, status
    address = worker.bound_address(profile.id)
    assert address is not None
    return int(address.rsplit(":", 1)[1])


def _wait_stats(qtbot, worker: TunnelWorker, predicate, timeout: int = 10_000) -> TrafficUpdate:
    with qtbot.waitSignal(
        worker.statsUpdated, timeout=timeout, check_params_cb=predicate
    ) as blocker:
        pass
    return blocker.args[0]


def test_start_relay_and_stop(qtbot, worker, echo_server):
    profile = _profile(echo_server.port)
    states = []
    worker.tunnelStateChanged.connect(lambda pid, status: states.append(status.state))
    port = _start(qtbot, worker, profile)
    assert states[:2] == [TunnelState.STARTING, TunnelState.LISTENING]

    payload = bytes(range(256)) * 400  # 100 KiB
    assert exchange(port, payload) == payload
    update = _wait_stats(
        qtbot,
        worker,
        lambda u: (
            (s := u.stats(profile.id)) is not None
            and s.bytes_to_target >= len(payload)
            and s.bytes_to_client >= len(payload)
        ),
    )
    stats = update.stats(profile.id)
    assert stats.total_connections == 1

    with qtbot.waitSignal(
        worker.tunnelStateChanged,
        timeout=5000,
        check_params_cb=lambda pid, status: status.state is TunnelState.STOPPED,
    ):
        worker.stop(profile.id)
    assert states[-2:] == [TunnelState.STOPPING, TunnelState.STOPPED]
    # "stopped" is reported only once the listener is closed: the port is free at once.
    with socket.create_server(("127.0.0.1", port)):
        pass


def test_target_health_is_reported(qtbot, worker, echo_server):
    profile = _profile(echo_server.port)
    with qtbot.waitSignal(
        worker.tunnelStateChanged,
        timeout=10_000,
        check_params_cb=lambda pid, s: s.target is TargetHealth.UP,
    ):
        worker.start(profile)
    assert worker.status(profile.id).describe() == "listening, target up"

    dead = _profile(free_port(), name="nothing there")
    with qtbot.waitSignal(
        worker.tunnelStateChanged,
        timeout=10_000,
        check_params_cb=lambda pid, s: pid == dead.id and s.target is TargetHealth.DOWN,
    ) as blocker:
        worker.start(dead)
    status = blocker.args[1]
    assert status.state is TunnelState.LISTENING
    assert status.describe() == "listening, target unreachable"
    assert status.target_error


def test_port_in_use_fails_with_a_sentence(qtbot, worker, echo_server):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        profile = _profile(echo_server.port, listen_port=port)
        with qtbot.waitSignal(
            worker.tunnelStateChanged,
            timeout=10_000,
            check_params_cb=lambda pid, s: s.state is TunnelState.FAILED,
        ) as blocker:
            worker.start(profile)
    status = blocker.args[1]
    assert f"127.0.0.1:{port}" in status.error
    assert "in use" in status.error
    assert status.describe().startswith("failed: ")
    # Stopping a failed tunnel clears the error.
    with qtbot.waitSignal(worker.tunnelStateChanged, timeout=5000) as blocker:
        worker.stop(profile.id)
    assert blocker.args[1] == TunnelStatus()


def test_stats_and_events_are_coalesced_over_a_burst(qtbot, worker, echo_server):
    profile = _profile(echo_server.port)
    port = _start(qtbot, worker, profile)
    stats_signals: list[float] = []
    event_batches: list[int] = []
    worker.statsUpdated.connect(lambda update: stats_signals.append(time.monotonic()))
    worker.eventsAppended.connect(lambda events: event_batches.append(len(events)))
    began = time.monotonic()
    connections = 150
    for index in range(connections):
        assert exchange(port, b"x" * 1000 + bytes([index % 256])) == b"x" * 1000 + bytes(
            [index % 256]
        )
    _wait_stats(
        qtbot,
        worker,
        lambda u: (s := u.stats(profile.id)) is not None and s.total_connections >= connections,
    )
    with qtbot.waitSignal(worker.statsUpdated, timeout=5000):
        pass  # one more tick so the last events are delivered
    elapsed = time.monotonic() - began
    # One signal per poll interval (0.1 s here) at most, however many connections and chunks.
    assert len(stats_signals) <= elapsed / 0.1 + 2
    assert len(event_batches) <= len(stats_signals) + 1
    assert sum(event_batches) >= 2 * connections  # opened + closed for each, at least


def test_drop_connection_closes_it(qtbot, worker, echo_server):
    profile = _profile(echo_server.port)
    port = _start(qtbot, worker, profile)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(b"hello")
        assert client.recv(5) == b"hello"
        update = _wait_stats(
            qtbot, worker, lambda u: (s := u.stats(profile.id)) is not None and s.connections
        )
        conn_id = update.stats(profile.id).connections[0].conn_id
        with qtbot.waitSignal(
            worker.eventsAppended,
            timeout=10_000,
            check_params_cb=lambda events: any(
                e.kind is EventKind.CONNECTION_CLOSED and e.conn_id == conn_id for e in events
            ),
        ):
            worker.drop_connection(profile.id, conn_id)
        assert closed_by_peer(client)
    _wait_stats(qtbot, worker, lambda u: u.stats(profile.id).active_connections == 0)


def test_restart_with_new_target(qtbot, worker, echo_server):
    profile = _profile(free_port())
    port = _start(qtbot, worker, profile)
    moved = Profile(
        name=profile.name,
        listen_port=port,
        target_host="127.0.0.1",
        target_port=echo_server.port,
        id=profile.id,
    )
    assert _start(qtbot, worker, moved) == port
    assert exchange(port, b"again") == b"again"


def _connections_the_fd_limit_allows(wanted: int) -> int:
    """Each relayed connection holds four sockets in this process (client, accepted, to the
    target, the echo server's); stay well inside the open-files limit."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to respect
        return wanted
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    allowed = (soft - 500) // 4
    if allowed < 1000:
        pytest.skip(f"the open-files limit ({soft}) allows too few connections for this test")
    return min(wanted, allowed)


@pytest.mark.slow
def test_shutdown_with_thousands_of_connections_is_clean_and_bounded(qtbot):
    server = EchoServer()
    worker = TunnelWorker(poll_interval=0.1)
    worker.start_engine()
    clients: list[socket.socket] = []
    try:
        profile = _profile(server.port)
        port = _start(qtbot, worker, profile)  # the engine has raised the open-files limit now
        count = _connections_the_fd_limit_allows(3000)
        for _ in range(count):
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        _wait_stats(
            qtbot,
            worker,
            lambda u: (s := u.stats(profile.id)) is not None and s.active_connections >= count,
            timeout=60_000,
        )
        began = time.monotonic()
        worker.shutdown(timeout=2.0)
        took = time.monotonic() - began
        # Bounded by the timeout given (plus scheduling slack on a busy machine), not by the
        # number of connections.
        assert took < 5.0, f"shutdown took {took:.1f} s"
        assert not worker.is_running
        # Every relayed socket is closed: the clients see EOF or a reset.
        assert closed_by_peer(clients[0])
        assert closed_by_peer(clients[-1])
        assert worker.status(profile.id) == TunnelStatus()
    finally:
        for client in clients:
            client.close()
        worker.shutdown()
        server.close()


def test_check_target_probes_on_request(qtbot):
    """With probing off, the target's health is unknown until asked; one check tells."""
    accepted: list[socket.socket] = []
    with socket.create_server(("127.0.0.1", 0)) as target:
        target.settimeout(5)
        worker = TunnelWorker(poll_interval=0.1, health=HealthPolicy(probe=False))
        worker.start_engine()
        try:
            profile = _profile(target.getsockname()[1])
            _start(qtbot, worker, profile)
            assert worker.status(profile.id).target is TargetHealth.UNKNOWN
            with qtbot.waitSignal(
                worker.tunnelStateChanged,
                timeout=10_000,
                check_params_cb=lambda pid, s: s.target is TargetHealth.UP,
            ):
                worker.check_target(profile.id)
            accepted.append(target.accept()[0])  # the one probe
            target.settimeout(0.5)
            with pytest.raises(TimeoutError):
                accepted.append(target.accept()[0])  # and no other
        finally:
            worker.shutdown()
            for conn in accepted:
                conn.close()
