"""A stats tick costs what the running tunnels need: nothing while none runs, whatever the
number of profiles (issue 12: an idle app with 2,000 profiles burnt CPU on every tick)."""

from __future__ import annotations

import time

import pytest

from tests.ui.loopback import EchoServer, exchange, free_port
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TunnelState
from tunnelgui.worker import TunnelWorker

PROFILES = 40


def _count(signal) -> list[int]:
    emitted = [0]

    def seen(*_args: object) -> None:
        emitted[0] += 1

    signal.connect(seen)
    return emitted


def _spin(qtbot, seconds: float) -> None:
    qtbot.wait(int(seconds * 1000))


@pytest.fixture
def quick_worker(qtbot):
    """Polls every 0.1 s; ticks go on for 1 s after the last tunnel stops (the app: 200 s)."""
    worker = TunnelWorker(poll_interval=0.1, ticks_after_last_tunnel=1.0)
    worker.start_engine()
    yield worker
    worker.shutdown()


def test_an_idle_worker_emits_no_ticks_until_something_runs(qtbot, quick_worker, echo_server):
    worker = quick_worker
    # Its first tick (the rates' baseline) has come by now.
    _spin(qtbot, 0.3)
    ticks = _count(worker.statsUpdated)
    _spin(qtbot, 1.0)
    assert ticks[0] == 0, "ticks with nothing running and nothing changed reached the GUI"

    profile = Profile("echo", 0, "127.0.0.1", echo_server.port)
    with qtbot.waitSignal(worker.statsUpdated, timeout=5000):
        worker.start(profile)
    with qtbot.waitSignal(
        worker.tunnelStateChanged,
        timeout=5000,
        check_params_cb=lambda _pid, status: status.state is TunnelState.STOPPED,
    ):
        worker.stop(profile.id)
    # Ticks go on for a while after the stop (charts scroll the traffic away), then stop.
    ticks[0] = 0
    _spin(qtbot, 0.6)
    assert ticks[0] >= 2
    _spin(qtbot, 1.0)
    ticks[0] = 0
    _spin(qtbot, 1.0)
    assert ticks[0] == 0


def test_a_tick_walks_only_the_running_tunnels(qtbot, isolated_config_dir, make_session):
    server = EchoServer()
    try:
        listen_port = free_port()
        live = Profile("live", listen_port, "127.0.0.1", server.port)
        # Never started: their listen ports need only differ from each other.
        idle = [Profile(f"idle {n}", 41000 + n, "127.0.0.1", 9) for n in range(PROFILES - 1)]
        (isolated_config_dir / "profiles.json").write_text(dump_text([live, *idle]))
        session = make_session()
        controller = session.controller
        assert len(controller.profiles()) == PROFILES
        model = session.window.table.profile_model
        with qtbot.waitSignal(
            controller.statusChanged,
            timeout=5000,
            check_params_cb=lambda pid: controller.status(pid).state is TunnelState.LISTENING,
        ):
            controller.start([live.id])
        assert exchange(listen_port, b"hello") == b"hello"
        # The counters settle on the tick after the exchange; then nothing changes.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            stats = controller.running_stats(live.id)
            if stats is not None and stats.active_connections == 0 and stats.bytes_to_client:
                break
            _spin(qtbot, 0.1)
        _spin(qtbot, 1.5)  # the rates' one-second window empties

        looked_up: list[str] = []
        running_stats = controller.running_stats

        def counting(profile_id: str):
            looked_up.append(profile_id)
            return running_stats(profile_id)

        controller.running_stats = counting  # type: ignore[method-assign]
        changed = _count(model.dataChanged)
        ticks = _count(controller.statsUpdated)
        _spin(qtbot, 1.0)
        assert ticks[0] >= 2, "the running tunnel's ticks should keep coming"
        assert changed[0] == 0, "a tick with no new numbers repainted rows"
        # Per tick: the running tunnel (the table and the details pane), never the idle rows.
        assert set(looked_up) <= {live.id}, sorted(set(looked_up))[:5]
        assert len(looked_up) <= 3 * ticks[0]
    finally:
        server.close()
