"""When the relay engine's loop thread dies, the window says so plainly and the tunnels show it."""

from __future__ import annotations

import socket
import sys

import pytest

from tests.ui.engine_faults import FD_DIR, break_epoll, eventpoll_fds
from tests.ui.loopback import free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.tunnel_status import TunnelState

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not FD_DIR.is_dir(),
    reason="breaks the engine's epoll set, found through /proc (Linux)",
)


def test_engine_crash_is_shown_in_the_window_and_nothing_runs_on(
    qtbot, isolated_config_dir, make_session, echo_server
):
    profile = Profile("echo", free_port(), "127.0.0.1", echo_server.port, autostart=True)
    ProfileStore.open(isolated_config_dir / "profiles.json").add(profile)
    before = eventpoll_fds()
    session = make_session()
    (engine_epoll,) = eventpoll_fds() - before  # the engine's loop is the app's only epoll user
    controller, window = session.controller, session.window
    qtbot.waitUntil(
        lambda: controller.status(profile.id).state is TunnelState.LISTENING, timeout=10_000
    )
    assert not window.notices.isVisible()

    # The stats poller's next snapshot wakes the loop; its next wait then fails.
    with qtbot.waitSignal(controller.engineFailed, timeout=10_000) as blocker:
        break_epoll(engine_epoll)
    (reason,) = blocker.args
    assert reason.startswith("The relay engine stopped unexpectedly:")

    notice = window.notices.label.text()
    assert notice == (
        f"{reason}. Every tunnel has stopped; quit TunnelGUI and start it again to use them."
    )
    assert window.notices.isVisible() and not window.notices.dismiss_button.isVisible()
    status = controller.status(profile.id)
    assert status.state is TunnelState.FAILED and status.error == reason
    assert "1 failed" in window.status_summary.text()
    assert not session.worker.is_running
    with pytest.raises(ConnectionRefusedError):  # the engine closed its listener on the way out
        socket.create_connection(("127.0.0.1", profile.listen_port), timeout=5).close()

    # Starting again says why it cannot, instead of pretending to listen.
    window.table.select_ids([profile.id])
    window.action("start").trigger()
    assert controller.status(profile.id).state is TunnelState.FAILED
    assert "not running" in controller.status(profile.id).error
