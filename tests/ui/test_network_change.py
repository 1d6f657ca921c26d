"""Network change and resume: the watcher notices changed addresses and clock jumps; through it
the running app re-checks every tunnel (a target back up shows at once, a listener waiting for
its address binds) and starts nothing the user stopped."""

from __future__ import annotations

import errno
import socket
import time
from dataclasses import replace

import pytest

from tests.conftest import EXTRA_ADDRESS as ADDRESS
from tests.ui.loopback import free_port
from tests.ui.test_main_window import _cell, _save_profiles, _wait_state
from tunnelgui.engine.listen import bind_failure
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.ui.network_watch import CLOCK_JUMP, NetworkWatcher, interface_addresses
from tunnelgui.ui.profile_table import Column


class Machine:
    """What the watcher reads: the addresses and the wall-minus-monotonic clock offset."""

    def __init__(self) -> None:
        self.addresses = frozenset({("lo", "127.0.0.1")})
        self.offset = 1000.0


def test_the_watcher_emits_on_new_addresses_and_on_a_clock_jump(qtbot):
    machine = Machine()
    watcher = NetworkWatcher(
        interval=3600, addresses=lambda: machine.addresses, clock=lambda: machine.offset
    )
    reasons: list[str] = []
    watcher.changed.connect(reasons.append)
    watcher.poll()
    assert reasons == []  # nothing moved
    machine.addresses |= {("wlan0", "192.168.1.5")}
    watcher.poll()
    assert reasons == ["the network addresses changed"]
    machine.offset += CLOCK_JUMP / 2  # drift, not a sleep
    watcher.poll()
    machine.offset += 3 * CLOCK_JUMP
    watcher.poll()
    assert reasons[1:] == ["the machine woke up or its clock was set"]
    watcher.stop()


def test_the_real_addresses_include_loopback():
    assert any(address == "127.0.0.1" for _name, address in interface_addresses())


def test_a_network_change_rechecks_running_tunnels_and_starts_no_stopped_one(
    qtbot, isolated_config_dir, make_session
):
    holder = socket.socket()  # the target's port, refusing until it listens
    holder.bind(("127.0.0.1", 0))
    port = holder.getsockname()[1]
    running = Profile("db", free_port(), "127.0.0.1", port, autostart=True)
    stopped = Profile("idle", free_port(), "127.0.0.1", port)
    _save_profiles(isolated_config_dir, running, stopped)
    machine = Machine()
    try:
        session = make_session(start=False)
        session.start()
        watcher = session.network_watch
        watcher.addresses = lambda: machine.addresses  # the seam: what the machine has
        _wait_state(qtbot, session, running.id, TunnelState.LISTENING)
        qtbot.waitUntil(
            lambda: session.controller.status(running.id).target is TargetHealth.DOWN,
            timeout=10_000,
        )
        window = session.window
        assert "target unreachable" in _cell(window, running.id, Column.STATE)
        holder.listen(8)  # back; the next backoff probe would come 5 s after the first
        back = time.monotonic()
        machine.addresses |= {("wlan0", "192.168.1.5")}
        watcher.poll()
        qtbot.waitUntil(
            lambda: session.controller.status(running.id).target is TargetHealth.UP,
            timeout=10_000,
        )
        assert time.monotonic() - back < 4.0  # the re-check, not the backoff, found it
        qtbot.waitUntil(lambda: "target up" in _cell(window, running.id, Column.STATE))
        assert session.controller.status(stopped.id) == TunnelStatus()  # left stopped
    finally:
        holder.close()


@pytest.mark.parametrize("probing", [True, False])
def test_a_tunnel_on_an_address_not_up_yet_shows_waiting_then_listens(
    qtbot, isolated_config_dir, make_session, extra_address, probing
):
    # Without probes the target's health never changes: the state must follow the bind alone.
    profile = Profile("lan", free_port(), "127.0.0.1", free_port(), listen_host=ADDRESS)
    options = replace(profile.options, health_probe=probing)
    profile = replace(profile, autostart=True, options=options)
    # Saved while the address existed (validation refuses one that is not there now).
    (isolated_config_dir / "profiles.json").write_text(dump_text([profile]), encoding="utf-8")
    session = make_session()
    window = session.window
    qtbot.waitUntil(
        lambda: _cell(window, profile.id, Column.STATE) == f"waiting for {ADDRESS}",
        timeout=10_000,
    )
    assert session.controller.status(profile.id).running  # waiting is not failing
    extra_address()
    session.network_watch.changed.emit("the network addresses changed")
    qtbot.waitUntil(
        lambda: _cell(window, profile.id, Column.STATE).startswith("listening"), timeout=10_000
    )
    assert session.controller.status(profile.id).waiting_for == ""
    failure = bind_failure(ADDRESS, profile.listen_port)
    assert failure is not None and failure.errno == errno.EADDRINUSE
