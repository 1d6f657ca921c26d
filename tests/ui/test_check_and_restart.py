"""Check now (window and tray) probes running targets on request; Restart all running restarts
only the tunnels that run, with real tunnels and a target that counts its connections."""

from __future__ import annotations

import socket
import time

from tests.ui.loopback import closed_by_peer, exchange, free_port
from tests.ui.test_main_window import _save_profiles, _wait_state
from tunnelgui.profiles.model import Profile, ProfileOptions
from tunnelgui.tunnel_status import TargetHealth, TunnelState
from tunnelgui.ui.tray_menu import TrayMenu


def _wait_target(qtbot, session, profile_id: str, health: TargetHealth) -> None:
    qtbot.waitUntil(lambda: session.controller.status(profile_id).target is health, timeout=10_000)


def _accept_count(listener: socket.socket, wait: float) -> int:
    """Connections that arrive at listener within `wait` seconds (each closed at once)."""
    listener.settimeout(0.05)
    count = 0
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            conn, _peer = listener.accept()
        except TimeoutError:
            continue
        conn.close()
        count += 1
    return count


def test_check_now_probes_a_target_whose_profile_switched_probing_off(
    qtbot, isolated_config_dir, make_session
):
    with socket.create_server(("127.0.0.1", 0)) as target:
        options = ProfileOptions(health_probe=False)
        profile = Profile(
            "quiet", free_port(), "127.0.0.1", target.getsockname()[1], autostart=True,
            options=options,
        )  # fmt: skip
        _save_profiles(isolated_config_dir, profile)
        session = make_session()
        window = session.window
        _wait_state(qtbot, session, profile.id, TunnelState.LISTENING)
        assert _accept_count(target, 0.8) == 0  # no start probe: the profile said so
        assert session.controller.status(profile.id).target is TargetHealth.UNKNOWN
        window.table.select_ids([profile.id])
        check = window.action("check_now")
        assert check.isEnabled()
        check.trigger()
        _wait_target(qtbot, session, profile.id, TargetHealth.UP)
        assert _accept_count(target, 0.5) == 1  # exactly the one asked for

        tray = TrayMenu(session.controller, window_visible=lambda: True)
        qtbot.addWidget(tray)
        tray.find_action("trayCheckNow").trigger()
        assert _accept_count(target, 1.0) == 1


def test_check_now_is_off_for_a_stopped_selection(qtbot, isolated_config_dir, make_session):
    profile = Profile("idle", free_port(), "127.0.0.1", free_port())
    _save_profiles(isolated_config_dir, profile)
    session = make_session()
    session.window.table.select_ids([profile.id])
    assert not session.window.action("check_now").isEnabled()


def test_restart_all_running_restarts_running_tunnels_and_leaves_stopped_ones(
    qtbot, isolated_config_dir, make_session, echo_server
):
    running = Profile("running", free_port(), "127.0.0.1", echo_server.port, autostart=True)
    stopped = Profile("stopped", free_port(), "127.0.0.1", echo_server.port)
    _save_profiles(isolated_config_dir, running, stopped)
    session = make_session()
    _wait_state(qtbot, session, running.id, TunnelState.LISTENING)
    client = socket.create_connection(("127.0.0.1", running.listen_port), timeout=5)
    try:
        client.sendall(b"before")
        assert client.recv(6) == b"before"
        tray = TrayMenu(session.controller, window_visible=lambda: True)
        qtbot.addWidget(tray)
        tray.find_action("trayRestartRunning").trigger()
        qtbot.waitUntil(lambda: closed_by_peer(client), timeout=10_000)  # the old one went
        _wait_state(qtbot, session, running.id, TunnelState.LISTENING)
        assert exchange(running.listen_port, b"after") == b"after"
        assert session.controller.status(stopped.id).state is TunnelState.STOPPED
    finally:
        client.close()
