"""The tray menu and notifications over the app's real controller: entries start and stop real
tunnels on loopback through the worker and the engine."""

from __future__ import annotations

import socket

import pytest

from tunnelgui.engine import HealthPolicy
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.tunnel_status import TargetHealth, TunnelState
from tunnelgui.ui.notifications import TunnelNotifier
from tunnelgui.ui.tray_menu import TrayMenu

# The app's controller and worker come with the desktop app (the gui branch).
_GUI = "needs the app's TunnelController (the gui branch)"
TunnelController = pytest.importorskip("tunnelgui.ui.controller", reason=_GUI).TunnelController
TunnelWorker = pytest.importorskip("tunnelgui.worker", reason=_GUI).TunnelWorker
loopback = pytest.importorskip("tests.ui.loopback", reason=_GUI)
EchoServer, exchange, free_port = loopback.EchoServer, loopback.exchange, loopback.free_port

WAIT_MS = 20_000

# Probes while a target is down come this often (the app waits 5 s, 10 s, 30 s, 60 s).
QUICK_HEALTH_CHECKS = HealthPolicy(backoff=(0.3,))


@pytest.fixture
def echo():
    server = EchoServer()
    yield server
    server.close()


@pytest.fixture
def app(qtbot, isolated_config_dir, echo):
    """Store with three profiles to the echo server (one alone, two in group "db"), the real
    worker and controller, and the tray menu over them."""
    store = ProfileStore.open(isolated_config_dir / "profiles.json")
    for name, group in (("web", ""), ("db-a", "db"), ("db-b", "db")):
        store.add(
            Profile(
                name=name,
                listen_port=free_port(),
                target_host="127.0.0.1",
                target_port=echo.port,
                group=group,
            )
        )
    worker = TunnelWorker(poll_interval=0.1, health=QUICK_HEALTH_CHECKS)
    controller = TunnelController(store, worker)
    worker.start_engine()
    menu = TrayMenu(controller, window_visible=lambda: True)
    qtbot.addWidget(menu)
    yield controller, menu, {p.name: p for p in store.profiles()}
    controller.shutdown()


def wait_state(qtbot, controller, profile_id: str, state: TunnelState) -> None:
    qtbot.waitUntil(lambda: controller.status(profile_id).state is state, timeout=WAIT_MS)


def wait_stopped(qtbot, controller, profile_id: str, port: int) -> None:
    """ "stopped" is reported only once the listener is closed: the port refuses at once."""
    wait_state(qtbot, controller, profile_id, TunnelState.STOPPED)
    assert refused(port)


def refused(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            return False
    except ConnectionRefusedError:
        return True


def test_toggling_an_entry_starts_and_stops_a_real_tunnel(qtbot, app):
    controller, menu, profiles = app
    web = profiles["web"]
    assert refused(web.listen_port)
    menu.tunnel_action(web.id).trigger()
    wait_state(qtbot, controller, web.id, TunnelState.LISTENING)
    assert exchange(web.listen_port, b"through the tray") == b"through the tray"
    menu.rebuild()
    assert menu.tunnel_action(web.id).isChecked()
    assert menu.find_action("trayStopAll").isEnabled()
    menu.tunnel_action(web.id).trigger()
    wait_stopped(qtbot, controller, web.id, web.listen_port)
    menu.rebuild()
    assert not menu.tunnel_action(web.id).isChecked()


def test_group_entries_start_and_stop_only_their_group(qtbot, app):
    controller, menu, profiles = app
    db_a, db_b, web = profiles["db-a"], profiles["db-b"], profiles["web"]
    menu.find_action("trayStartGroup:db").trigger()
    for profile in (db_a, db_b):
        wait_state(qtbot, controller, profile.id, TunnelState.LISTENING)
        assert exchange(profile.listen_port, profile.name.encode()) == profile.name.encode()
    assert refused(web.listen_port)
    menu.rebuild()
    assert menu.group_menus()[0].title() == "db (2/2 running)"
    menu.find_action("trayStopGroup:db").trigger()
    for profile in (db_a, db_b):
        wait_stopped(qtbot, controller, profile.id, profile.listen_port)


def test_start_all_and_stop_all(qtbot, app):
    controller, menu, profiles = app
    menu.find_action("trayStartAll").trigger()
    for profile in profiles.values():
        wait_state(qtbot, controller, profile.id, TunnelState.LISTENING)
        assert exchange(profile.listen_port, b"x" * 1000) == b"x" * 1000
    menu.rebuild()
    assert not menu.find_action("trayStartAll").isEnabled()
    menu.find_action("trayStopAll").trigger()
    for profile in profiles.values():
        wait_stopped(qtbot, controller, profile.id, profile.listen_port)


def test_port_in_use_is_marked_failed_and_notified(qtbot, app, isolated_config_dir):
    controller, menu, _profiles = app
    notifier = TunnelNotifier(controller, lambda: True, coalesce_seconds=0.05)
    controller.changed.connect(notifier.on_changed)
    with socket.create_server(("127.0.0.1", 0)) as squatter:
        port = squatter.getsockname()[1]
        busy = Profile(name="busy", listen_port=port, target_host="127.0.0.1", target_port=9)
        controller.add_profile(busy)
        menu.rebuild()
        with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS) as blocker:
            menu.tunnel_action(busy.id).trigger()
        assert controller.status(busy.id).state is TunnelState.FAILED
    title, body, critical = blocker.args
    assert critical and title == "TunnelGUI: tunnel problem"
    assert body.startswith("busy failed: ") and str(port) in body
    menu.rebuild()
    assert menu.tunnel_action(busy.id).text() == "\u26a0 busy \u2014 failed"
    assert not menu.tunnel_action(busy.id).isChecked()


def test_target_down_and_back_up_are_notified(qtbot, app):
    controller, menu, _profiles = app
    notifier = TunnelNotifier(
        controller, lambda: True, coalesce_seconds=0.05, min_interval_seconds=1.0
    )
    controller.changed.connect(notifier.on_changed)
    target_port = free_port()  # nothing listens there yet
    flaky = Profile(
        name="flaky", listen_port=free_port(), target_host="127.0.0.1", target_port=target_port
    )
    controller.add_profile(flaky)
    menu.rebuild()
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS) as blocker:
        menu.tunnel_action(flaky.id).trigger()
    assert blocker.args[1].startswith(f"flaky: target 127.0.0.1:{target_port} is unreachable")
    assert controller.status(flaky.id).target is TargetHealth.DOWN
    menu.rebuild()
    assert menu.tunnel_action(flaky.id).text() == "flaky \u2014 target unreachable"
    with socket.create_server(("127.0.0.1", target_port)):
        with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS) as blocker:
            pass
        assert blocker.args == [
            "TunnelGUI",
            f"flaky: target 127.0.0.1:{target_port} is reachable again.",
            False,
        ]
