"""Network conditions in the running app: the details pane's Conditions tab shapes a running
tunnel at once, the editor saves conditions without restarting, and the table and tray mark
shaped tunnels. Real window, worker, engine and loopback sockets."""

from __future__ import annotations

import contextlib
import socket
import statistics
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QToolButton
from pytestqt.exceptions import TimeoutError as WaitTimeout

from tests.ui.loopback import free_port
from tests.ui.test_main_window import _cell, _save_profiles, _wait_state
from tunnelgui.engine.conditions import Condition, Latency
from tunnelgui.profiles.condition_presets import preset
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.tunnel_status import TunnelState
from tunnelgui.ui.profile_table import Column
from tunnelgui.ui.shaping import shaped_color, shaped_names, tray_tooltip_line
from tunnelgui.ui.tray import TrayIcon
from tunnelgui.ui.tray_menu import TrayMenu

LATENCY = 0.100  # each way: a round trip through the tunnel takes 2 x this longer


def _round_trip(client: socket.socket) -> float:
    began = time.perf_counter()
    client.sendall(b"p")
    assert client.recv(1) == b"p"
    return time.perf_counter() - began


def _median_round_trip(client: socket.socket, count: int = 5) -> float:
    return statistics.median(_round_trip(client) for _ in range(count))


def _connections_since_start(qtbot, controller, profile_id: str, expected: int = 1) -> int:
    """What the stats ticks (the worker's, every 0.1 s in tests) say, once they say `expected`
    or after 5 s: a tick taken before the last connection was counted may come first on a busy
    machine; a restarted tunnel (counting from 0 again) never gets there."""

    def total() -> int:
        stats = controller.running_stats(profile_id)
        return -1 if stats is None else stats.total_connections

    with contextlib.suppress(WaitTimeout):
        qtbot.waitUntil(lambda: total() == expected, timeout=5000)
    return total()


def _running_session(qtbot, config_dir, make_session, echo_server, **fields):
    profile = Profile("api", free_port(), "127.0.0.1", echo_server.port, autostart=True, **fields)
    _save_profiles(config_dir, profile)
    session = make_session()
    _wait_state(qtbot, session, profile.id, TunnelState.LISTENING)
    session.window.table.select_ids([profile.id])
    details = session.window.details
    details.tabs.setCurrentWidget(details.conditions_tab)
    return session, profile


def _state_changes(session) -> list[TunnelState]:
    states: list[TunnelState] = []
    session.controller.statusChanged.connect(
        lambda pid: states.append(session.controller.status(pid).state)
    )
    return states


def test_switching_latency_in_the_details_tab_shapes_the_open_connection(
    qtbot, isolated_config_dir, make_session, echo_server
):
    session, profile = _running_session(qtbot, isolated_config_dir, make_session, echo_server)
    controller = session.controller
    tab = session.window.details.conditions_tab
    states = _state_changes(session)
    with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=10) as client:
        plain = _median_round_trip(client)
        assert plain < LATENCY  # loopback, even under load
        # Add a latency of 100 ms both ways through the tab's own menu and inputs.
        add_menu = tab.findChild(QToolButton, "addConditionButton").menu()
        next(a for a in add_menu.actions() if a.data() == "Latency").trigger()
        delay = tab.findChild(QLineEdit, "condition0SecondsEdit")
        delay.selectAll()
        qtbot.keyClicks(delay, "10")  # on its way to 100: not applied while typed
        assert tab.editor.summary.text() == "1 of 1 switched on. Press Enter to apply."
        qtbot.keyClicks(delay, "0")
        qtbot.keyClick(delay, Qt.Key.Key_Return)
        assert tab.editor.summary.text() == "1 of 1 switched on."
        assert controller.profile(profile.id).conditions == (Condition(Latency(LATENCY)),)
        # The same open connection is delayed within a few round trips (the change travels
        # through the worker's command thread to the loop).
        deadline = time.monotonic() + 5
        shaped = _round_trip(client)
        while shaped < 1.5 * LATENCY and time.monotonic() < deadline:
            shaped = _round_trip(client)
        shaped = _median_round_trip(client)
        assert 2 * LATENCY - 0.02 <= shaped <= 2 * LATENCY + 0.5, shaped
        assert "shaped" in _cell(session.window, profile.id, Column.STATE)

        # Switched off with its check box: full speed again, the condition kept (off).
        tab.findChild(QCheckBox, "condition0Switch").click()
        deadline = time.monotonic() + 5
        while _round_trip(client) > LATENCY and time.monotonic() < deadline:
            pass
        assert _median_round_trip(client) < LATENCY
        assert controller.profile(profile.id).conditions == (
            Condition(Latency(LATENCY), enabled=False),
        )
        on_disk = ProfileStore.open(isolated_config_dir / "profiles.json").get(profile.id)
        assert on_disk.conditions == (Condition(Latency(LATENCY), enabled=False),)
    assert TunnelState.STARTING not in states  # never restarted
    assert _connections_since_start(qtbot, controller, profile.id) == 1


def test_shaped_badge_shows_in_table_details_and_tray_and_goes(
    qtbot, isolated_config_dir, make_session, echo_server
):
    session, profile = _running_session(qtbot, isolated_config_dir, make_session, echo_server)
    controller, window = session.controller, session.window
    model = window.table.profile_model
    index = model.index(model.row_of(profile.id), Column.STATE)
    plain_icon = index.data(Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage()
    tray = TrayMenu(controller, window_visible=lambda: True)
    qtbot.addWidget(tray)
    assert "shaped" not in _cell(window, profile.id, Column.STATE)

    window.details.conditions_tab.editor.apply_preset(preset("3g"))
    assert controller.profile(profile.id).conditions == preset("3g").conditions
    state = _cell(window, profile.id, Column.STATE)
    assert state.endswith("\u00b7 shaped"), state
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Shaped by network conditions:" in tooltip
    assert "latency 100ms \u00b1 50ms" in tooltip
    assert "rate 32KiB/s per connection, to the target" in tooltip
    shaped_icon = index.data(Qt.ItemDataRole.DecorationRole).pixmap(16, 16).toImage()
    assert shaped_icon != plain_icon
    assert index.data(Qt.ItemDataRole.ForegroundRole) == shaped_color()
    assert "shaped" in window.details.summary.text()
    assert "Shaping this tunnel's traffic now" in window.details.conditions_tab.note.text()
    assert window.details.tabs.tabText(3) == "Conditions (3 on)"
    tray.rebuild()
    entry = tray.tunnel_action(profile.id)
    assert entry.text() == "api \u2014 shaped"
    assert "latency 100ms" in entry.toolTip()
    assert entry.isChecked()  # running: the check mark stays
    names = shaped_names(controller.profiles(), controller.status)
    assert tray_tooltip_line(names) == "\u223f api is shaped (network conditions on)"

    # Every condition switched off: the badge goes, the conditions stay.
    for row in window.details.conditions_tab.editor.rows():
        row.switch.click()
    assert len(controller.profile(profile.id).conditions) == 3
    assert "shaped" not in _cell(window, profile.id, Column.STATE)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is None
    tray.rebuild()
    assert tray.tunnel_action(profile.id).text() == "api"
    assert shaped_names(controller.profiles(), controller.status) == []

    # On again, then the tunnel stopped: a stopped tunnel shapes nothing and shows no badge.
    window.details.conditions_tab.editor.rows()[0].switch.click()
    assert "shaped" in _cell(window, profile.id, Column.STATE)
    controller.stop([profile.id])
    _wait_state(qtbot, session, profile.id, TunnelState.STOPPED)
    assert "shaped" not in _cell(window, profile.id, Column.STATE)
    assert "apply when the tunnel starts" in window.details.conditions_tab.note.text()


def test_editor_saves_conditions_and_a_conditions_only_edit_keeps_the_connection(
    qtbot, isolated_config_dir, make_session, echo_server
):
    session, profile = _running_session(qtbot, isolated_config_dir, make_session, echo_server)
    controller, window = session.controller, session.window
    states = _state_changes(session)
    with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=10) as client:
        assert _round_trip(client) < LATENCY
        window.editor_flow.edit(profile.id)
        editor = window.editor_flow.editor
        assert editor is not None
        editor.tabs.setCurrentWidget(editor.conditions_editor)
        menu = editor.conditions_editor.findChild(QToolButton, "conditionPresetButton").menu()
        next(a for a in menu.actions() if a.data() == "satellite").trigger()
        assert editor.tabs.tabText(1) == "Conditions (3 on)"
        # A wrong number keeps Save off and says why in the row.
        delay = editor.conditions_editor.findChild(QLineEdit, "condition0SecondsEdit")
        delay.selectAll()
        qtbot.keyClicks(delay, "2 hours")
        assert not editor.ok_button.isEnabled()
        assert editor.tabs.tabText(1) == "Conditions \u2716"
        delay.selectAll()
        qtbot.keyClicks(delay, "300 ms")
        assert editor.ok_button.isEnabled()
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
        assert controller.profile(profile.id).conditions == preset("satellite").conditions
        on_disk = ProfileStore.open(isolated_config_dir / "profiles.json").get(profile.id)
        assert on_disk.conditions == preset("satellite").conditions
        # The open connection is still there, now shaped (300 ms each way): no restart.
        deadline = time.monotonic() + 5
        while _round_trip(client) < 0.45 and time.monotonic() < deadline:
            pass
        # 300 ms ± 20 ms jitter each way (the one typed over the preset's 300 ms).
        assert _round_trip(client) >= 2 * (0.300 - 0.020) - 0.01
    assert TunnelState.STARTING not in states
    assert _connections_since_start(qtbot, controller, profile.id) == 1
    assert "shaped" in _cell(window, profile.id, Column.STATE)


def test_conditions_saved_while_stopped_apply_when_the_tunnel_starts(
    qtbot, isolated_config_dir, make_session, echo_server
):
    profile = Profile("api", free_port(), "127.0.0.1", echo_server.port)
    _save_profiles(isolated_config_dir, profile)
    session = make_session()
    window = session.window
    window.table.select_ids([profile.id])
    tab = window.details.conditions_tab
    tab.editor.set_conditions(())
    add_menu = tab.findChild(QToolButton, "addConditionButton").menu()
    next(a for a in add_menu.actions() if a.data() == "Latency").trigger()
    assert "apply when the tunnel starts" in tab.note.text()
    assert "shaped" not in _cell(window, profile.id, Column.STATE)
    session.controller.start([profile.id])
    _wait_state(qtbot, session, profile.id, TunnelState.LISTENING)
    assert "shaped" in _cell(window, profile.id, Column.STATE)
    with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=10) as client:
        assert _median_round_trip(client, 3) >= 2 * LATENCY - 0.02


def test_a_change_that_cannot_be_saved_is_not_applied_and_says_why(
    qtbot, isolated_config_dir, make_session, echo_server
):
    session, profile = _running_session(qtbot, isolated_config_dir, make_session, echo_server)
    tab = session.window.details.conditions_tab
    # Another program removes the profile from the file while the tunnel runs.
    ProfileStore.open(isolated_config_dir / "profiles.json").remove([profile.id])
    with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=10) as client:
        tab.editor.apply_preset(preset("satellite"))
        assert "Not saved and not applied" in tab.note.text()
        assert "no longer saved" in tab.note.text()
        # What the tab shows stays, so nothing typed is lost; the tunnel is not shaped.
        assert tab.editor.conditions() == preset("satellite").conditions
        time.sleep(0.3)
        assert _median_round_trip(client) < LATENCY


# The offscreen platform has no tray; the icon object still keeps its tooltip.
@pytest.mark.qt_log_ignore("QSystemTrayIcon", "systemTrayWindowChanged")
def test_tray_tooltip_names_the_shaped_tunnel(
    qtbot, isolated_config_dir, make_session, echo_server
):
    session, _ = _running_session(qtbot, isolated_config_dir, make_session, echo_server)
    tray = TrayIcon(session.controller, session.window, session.settings)
    tray.refresh()
    assert "shaped" not in tray.tray.toolTip()
    session.window.details.conditions_tab.editor.apply_preset(preset("offline"))
    qtbot.waitUntil(lambda: "api is shaped" in tray.tray.toolTip(), timeout=5000)
    session.window.details.conditions_tab.editor.rows()[0].switch.click()
    qtbot.waitUntil(lambda: "shaped" not in tray.tray.toolTip(), timeout=5000)
    tray.tray.hide()
    tray.deleteLater()


def test_a_number_being_typed_survives_another_profiles_change(
    qtbot, isolated_config_dir, make_session, echo_server
):
    session, profile = _running_session(qtbot, isolated_config_dir, make_session, echo_server)
    tab = session.window.details.conditions_tab
    tab.editor.apply_preset(preset("3g"))
    rate = tab.findChild(QLineEdit, "condition1RateEdit")
    qtbot.mouseClick(rate, Qt.MouseButton.LeftButton)  # focus, as a person clicking into it
    rate.selectAll()
    qtbot.keyClicks(rate, "12")  # unfinished
    session.controller.add_profile(Profile("other", free_port(), "127.0.0.1", 1))
    assert tab.findChild(QLineEdit, "condition1RateEdit") is rate
    assert rate.text() == "12"
    assert rate.hasFocus()
    qtbot.keyClick(rate, Qt.Key.Key_Return)  # applies the number; it does not open the editor
    assert session.window.editor_flow.editor is None
    assert session.controller.profile(profile.id).conditions[1].effect.rate == 12 * 1024
    assert rate.text() == "12 KiB/s"
