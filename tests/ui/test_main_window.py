"""The real main window, driven with qtbot: add, start, relay real bytes, stop, errors, quit."""

from __future__ import annotations

import json
import socket
import time
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from tests.ui.loopback import closed_by_peer, exchange, free_port
from tunnelgui.engine.units import format_bytes
from tunnelgui.profiles.exchange import import_summary_lines
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.tunnel_status import TunnelState
from tunnelgui.ui.profile_table import Column


def _cell(window, profile_id: str, column: Column) -> str:
    model = window.table.profile_model
    return model.index(model.row_of(profile_id), column).data() or ""


def _wait_state(qtbot, session, profile_id: str, state: TunnelState, timeout: int = 10_000):
    if session.controller.status(profile_id).state is state:
        return session.controller.status(profile_id)
    with qtbot.waitSignal(
        session.controller.statusChanged,
        timeout=timeout,
        check_params_cb=lambda pid: (
            pid == profile_id and session.controller.status(pid).state is state
        ),
    ):
        pass
    return session.controller.status(profile_id)


def _save_profiles(config_dir, *profiles: Profile) -> None:
    store = ProfileStore.open(config_dir / "profiles.json")
    for profile in profiles:
        store.add(profile)


def test_add_start_relay_and_stop_through_the_window(qtbot, session, echo_server):
    window = session.window
    window.action("add").trigger()
    editor = window.editor_flow.editor
    assert editor is not None and editor.isVisible()
    listen_port = free_port()
    qtbot.keyClicks(editor.name_edit, "echo service")
    editor.listen_port_spin.setValue(listen_port)
    qtbot.keyClicks(editor.target_host_edit, "127.0.0.1")
    editor.target_port_spin.setValue(echo_server.port)
    assert editor.ok_button.isEnabled()
    with qtbot.waitSignal(session.controller.profilesChanged, timeout=5000):
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    (profile,) = session.controller.profiles()
    assert profile.name == "echo service" and profile.listen_port == listen_port
    assert window.table.selected_ids() == [profile.id]
    assert window.details.title.text() == "echo service"

    window.action("start").trigger()
    _wait_state(qtbot, session, profile.id, TunnelState.LISTENING)
    assert _cell(window, profile.id, Column.STATE).startswith("listening")

    payload = b"0123456789abcdef" * 8192  # 128 KiB each way
    assert exchange(listen_port, payload) == payload
    with qtbot.waitSignal(
        session.controller.statsUpdated,
        timeout=10_000,
        check_params_cb=lambda: (
            (s := session.controller.running_stats(profile.id)) is not None
            and s.bytes_to_client >= len(payload)
        ),
    ):
        pass
    assert _cell(window, profile.id, Column.TO_TARGET) == format_bytes(len(payload))
    assert _cell(window, profile.id, Column.TO_CLIENT) == format_bytes(len(payload))
    assert _cell(window, profile.id, Column.TOTAL) == "1"
    samples = window.details.chart.samples()
    assert samples and max(s.to_target for s in samples) > 0
    assert "1 of 1 tunnel running" in window.status_summary.text()
    assert window.details.event_model.rowCount() >= 1

    window.action("stop").trigger()
    _wait_state(qtbot, session, profile.id, TunnelState.STOPPED)
    assert _cell(window, profile.id, Column.STATE) == "stopped"
    assert _cell(window, profile.id, Column.TO_TARGET) == ""


def test_port_in_use_shows_failed_row_with_the_reason(qtbot, isolated_config_dir, make_session):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        profile = Profile("busy", port, "127.0.0.1", free_port())
        _save_profiles(isolated_config_dir, profile)
        session = make_session()
        session.window.table.select_ids([profile.id])
        session.window.action("start").trigger()
        status = _wait_state(qtbot, session, profile.id, TunnelState.FAILED)
    text = _cell(session.window, profile.id, Column.STATE)
    assert text.startswith("failed: ") and f"127.0.0.1:{port}" in text and "in use" in text
    assert status.error in session.window.table.profile_model.index(0, Column.STATE).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "1 failed" in session.window.status_summary.text()


def test_port_held_by_another_of_our_tunnels_names_that_tunnel(
    qtbot, isolated_config_dir, make_session, echo_server
):
    port = free_port()
    first = Profile("prod db", port, "127.0.0.1", echo_server.port)
    second = Profile("staging db", port, "127.0.0.1", echo_server.port)
    _save_profiles(isolated_config_dir, first, second)
    session = make_session()
    session.window.table.select_ids([first.id])
    session.window.action("start").trigger()
    _wait_state(qtbot, session, first.id, TunnelState.LISTENING)
    session.window.table.select_ids([second.id])
    session.window.action("start").trigger()
    status = _wait_state(qtbot, session, second.id, TunnelState.FAILED)
    assert "already used by the tunnel 'prod db'" in status.error
    assert "another program" not in status.error
    assert session.controller.status(first.id).state is TunnelState.LISTENING
    assert exchange(port, b"still relaying") == b"still relaying"


def test_editor_names_a_taken_port_and_offers_a_free_one(qtbot, session):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        session.window.action("add").trigger()
        editor = session.window.editor_flow.editor
        editor.listen_port_spin.setValue(port)
        qtbot.waitUntil(lambda: editor.port_in_use_box.isVisible(), timeout=5000)
        assert f"Port {port} is already in use" in editor.port_in_use_label.text()
        assert editor.use_free_port_button.isVisible()
        qtbot.mouseClick(editor.use_free_port_button, Qt.MouseButton.LeftButton)
        assert editor.listen_port_spin.value() != port
        assert not editor.port_in_use_box.isVisible()
    editor.reject()


def test_invalid_input_keeps_ok_disabled(qtbot, session):
    session.window.action("add").trigger()
    editor = session.window.editor_flow.editor
    assert not editor.ok_button.isEnabled()  # no name, no target yet
    qtbot.keyClicks(editor.name_edit, "db")
    qtbot.keyClicks(editor.target_host_edit, "db.internal")
    assert editor.ok_button.isEnabled()

    qtbot.keyClicks(editor.target_host_edit, " !")
    assert not editor.ok_button.isEnabled()
    message = editor.findChild(type(editor.port_in_use_label), "targetHostMessage")
    assert message.isVisible() and "Target host" in message.text()

    editor.target_host_edit.clear()
    qtbot.keyClicks(editor.target_host_edit, "db.internal")
    editor.option_inputs["allowed_networks"].setPlainText("10.0.0.0/33")
    assert not editor.ok_button.isEnabled()
    assert "10.0.0.0/33" in editor.findChild(type(message), "allowedNetworksMessage").text()
    editor.option_inputs["allowed_networks"].setPlainText("10.0.0.0/8\n192.168.1.0/24")
    assert editor.ok_button.isEnabled()
    assert editor.profile().options.allowed_networks == ("10.0.0.0/8", "192.168.1.0/24")

    # Exposing the port to the network is allowed, but said plainly.
    editor.listen_host_combo.setCurrentText("0.0.0.0")
    listen_message = editor.findChild(type(message), "listenHostMessage")
    assert listen_message.isVisible() and "other machines" in listen_message.text()
    assert editor.ok_button.isEnabled()

    # Enter in a field with an error does not save either.
    editor.name_edit.clear()
    editor.accept()
    assert editor.isVisible()
    assert session.controller.profiles() == []
    editor.reject()


def test_bad_import_file_shows_the_reason_and_changes_nothing(
    qtbot, tmp_path, isolated_config_dir, make_session
):
    _save_profiles(isolated_config_dir, Profile("web", free_port(), "127.0.0.1", 80))
    before = (isolated_config_dir / "profiles.json").read_bytes()
    session = make_session()
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "tunnelgui-profiles",
                "version": 2,
                "profiles": [
                    {
                        "name": "broken",
                        "listen_host": "127.0.0.1",
                        "listen_port": 70000,
                        "target_host": "x",
                        "target_port": 1,
                    }
                ],
            }
        )
    )
    assert session.window.import_flow.import_from(bad) is None
    box = session.window.messages.current
    assert box is not None and box.windowTitle() == "Import refused"
    assert "broken" in box.text() and "listen_port" in box.text()
    assert "unchanged" in box.text()
    assert (isolated_config_dir / "profiles.json").read_bytes() == before
    assert [p.name for p in session.controller.profiles()] == ["web"]
    box.accept()


def test_import_summary_and_export_round_trip(qtbot, tmp_path, session):
    exported = tmp_path / "out.json"
    store_profile = Profile("web", free_port(), "127.0.0.1", 80, group="dev")
    session.controller.add_profile(store_profile)
    assert session.window.export_flow.export_to(exported, [store_profile.id])
    summary = session.window.import_flow.import_from(exported)
    assert summary is not None  # same id, same content: skipped, nothing lost
    box = session.window.messages.current
    assert box.windowTitle() == "Import finished"
    assert "Skipped: web" in box.text() or "web" in box.text()
    assert box.text() == "\n".join(import_summary_lines(summary, exported.name))
    box.accept()


def test_export_errors_name_the_chosen_file_and_why(qtbot, tmp_path, session):
    profile = Profile("web", free_port(), "127.0.0.1", 80)
    session.controller.add_profile(profile)
    missing = tmp_path / "missing" / "out.json"
    assert not session.window.export_flow.export_to(missing, [profile.id])
    box = session.window.messages.current
    assert box.windowTitle() == "Export failed"
    assert box.text() == f"Could not write {missing}: the folder {missing.parent} does not exist"
    box.accept()
    assert not session.window.export_flow.export_to(tmp_path, [profile.id])
    box = session.window.messages.current
    assert box.text() == (
        f"Could not write {tmp_path}: it is a folder; give the name of a file to write"
    )
    box.accept()


def test_delete_asks_first(qtbot, isolated_config_dir, make_session):
    profile = Profile("web", free_port(), "127.0.0.1", 80)
    _save_profiles(isolated_config_dir, profile)
    session = make_session()
    window = session.window
    window.table.select_ids([profile.id])
    window.action("delete").trigger()
    box = window.messages.current
    assert box is not None and "web" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert [p.id for p in session.controller.profiles()] == [profile.id]

    window.action("delete").trigger()
    with qtbot.waitSignal(session.controller.profilesChanged, timeout=5000):
        window.messages.current.button(QMessageBox.StandardButton.Yes).click()
    assert session.controller.profiles() == []
    assert window.empty_hint.isVisible()


def test_search_filters_by_any_text_and_sorting_works(qtbot, isolated_config_dir, make_session):
    _save_profiles(
        isolated_config_dir,
        Profile("web", free_port(), "127.0.0.1", 80, group="dev"),
        Profile("db", free_port(), "127.0.0.1", 5432, group="prod"),
        Profile("cache", free_port(), "localhost", 6379, group="dev"),
    )
    window = make_session().window
    qtbot.keyClicks(window.search, "prod")
    assert window.table.filter_proxy.rowCount() == 1
    window.search.clear()
    qtbot.keyClicks(window.search, ":6379")
    assert window.table.filter_proxy.index(0, Column.NAME).data() == "cache"
    window.search.clear()
    window.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    names = [window.table.filter_proxy.index(row, Column.NAME).data() for row in range(3)]
    assert names == ["cache", "db", "web"]


def test_drop_connection_from_the_details_pane(
    qtbot, isolated_config_dir, make_session, echo_server
):
    profile = Profile("echo", free_port(), "127.0.0.1", echo_server.port, autostart=True)
    _save_profiles(isolated_config_dir, profile)
    session = make_session()  # autostart is on by default
    _wait_state(qtbot, session, profile.id, TunnelState.LISTENING)
    details = session.window.details
    assert details.title.text() == "echo"
    tab_bar = details.tabs.tabBar()
    connections_tab = tab_bar.tabRect(details.tabs.indexOf(details.connections_page)).center()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=connections_tab)
    assert details.tabs.currentWidget() is details.connections_page
    with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=10) as client:
        client.sendall(b"ping")
        assert client.recv(4) == b"ping"
        qtbot.waitUntil(lambda: details.connections_model.rowCount() == 1, timeout=10_000)
        details.connections_view.selectRow(0)
        assert details.drop_button.isEnabled()
        qtbot.mouseClick(details.drop_button, Qt.MouseButton.LeftButton)
        assert closed_by_peer(client)
    qtbot.waitUntil(lambda: details.connections_model.rowCount() == 0, timeout=10_000)


def test_quitting_with_live_connections_is_clean_and_fast(
    qtbot, isolated_config_dir, make_session, echo_server
):
    profile = Profile("echo", free_port(), "127.0.0.1", echo_server.port, autostart=True)
    _save_profiles(isolated_config_dir, profile)
    session = make_session()
    _wait_state(qtbot, session, profile.id, TunnelState.LISTENING)
    clients = [
        socket.create_connection(("127.0.0.1", profile.listen_port), timeout=10) for _ in range(200)
    ]
    try:
        qtbot.waitUntil(
            lambda: (
                (s := session.controller.running_stats(profile.id)) is not None
                and s.active_connections == 200
            ),
            timeout=20_000,
        )
        began = time.monotonic()
        session.shutdown()
        assert time.monotonic() - began < 5.0  # 2 s budget, slack for a busy machine
        assert all(closed_by_peer(client) for client in clients[:10])
        assert not session.window.isVisible()
        assert not session.worker.is_running
    finally:
        for client in clients:
            client.close()


def test_startup_notices_are_shown(qtbot, isolated_config_dir, make_session):
    (isolated_config_dir / "profiles.json").write_text("{ not json")
    (isolated_config_dir / "settings.json").write_text("[]")
    window = make_session().window
    notices = window.notices.label.text()
    assert "could not be read" in notices and "settings" in notices
    assert window.notices.isVisible()
    window.notices.dismiss()
    assert not window.notices.isVisible()


def test_newer_profiles_file_opens_read_only_and_is_never_written(
    qtbot, tmp_path, isolated_config_dir, make_session
):
    path = isolated_config_dir / "profiles.json"
    path.write_text('{"format": "tunnelgui-profiles", "version": 99, "profiles": []}\n')
    before = path.read_bytes()
    session = make_session()
    window = session.window
    assert session.controller.read_only
    assert "newer TunnelGUI" in window.notices.label.text()
    assert not window.notices.dismiss_button.isVisible()
    for name in ("add", "import", "edit", "delete", "duplicate"):
        assert not window.action(name).isEnabled(), name
    other = tmp_path / "other.json"
    other.write_text('{"format": "tunnelgui-profiles", "version": 2, "profiles": []}\n')
    assert window.import_flow.import_from(other) is None
    window.messages.current.accept()
    assert path.read_bytes() == before


def test_settings_dialog_saves_next_to_the_profiles(qtbot, isolated_config_dir, session):
    window = session.window
    window.action("settings").trigger()
    dialog = window.settings_dialog
    assert dialog.isVisible() and dialog.autostart.isChecked()
    dialog.autostart.setChecked(False)
    dialog.notifications.setChecked(False)
    dialog.accept()
    saved = json.loads((isolated_config_dir / "settings.json").read_text())
    assert saved["start_autostart_tunnels"] is False and saved["notifications"] is False
    assert session.settings.notifications() is False


def test_window_layout_is_remembered_between_runs(qtbot, isolated_config_dir, make_session):
    first = make_session()
    first.window.resize(720, 520)
    first.window.splitter.setSizes([200, 400])
    first.window.table.setColumnWidth(0, 234)
    sizes = first.window.splitter.sizes()
    first.shutdown()
    saved = json.loads((isolated_config_dir / "settings.json").read_text())
    assert saved["window_geometry"] and saved["table_header"]

    second = make_session()
    assert second.window.size().toTuple() == (720, 520)
    assert second.window.splitter.sizes() == sizes
    assert second.window.table.columnWidth(0) == 234


def test_damaged_layout_values_keep_the_defaults(qtbot, isolated_config_dir, make_session):
    (isolated_config_dir / "settings.json").write_text(
        '{"window_geometry": "not base64 at all", "table_header": 7, "notifications": true}'
    )
    session = make_session()
    assert session.window.isVisible()
    assert "table_header should be text" in session.window.notices.label.text()


def test_autostart_setting_off_leaves_tunnels_stopped(qtbot, isolated_config_dir, make_session):
    profile = Profile("web", free_port(), "127.0.0.1", free_port(), autostart=True)
    _save_profiles(isolated_config_dir, profile)
    (isolated_config_dir / "settings.json").write_text('{"start_autostart_tunnels": false}')
    session = make_session()
    assert session.controller.status(profile.id).state is TunnelState.STOPPED


def test_edit_running_tunnel_restarts_it_on_the_new_target(
    qtbot, isolated_config_dir, make_session, echo_server
):
    profile = Profile("web", free_port(), "127.0.0.1", free_port(), autostart=True)
    _save_profiles(isolated_config_dir, profile)
    session = make_session()
    window = session.window
    _wait_state(qtbot, session, profile.id, TunnelState.LISTENING)
    window.table.select_ids([profile.id])
    center = window.table.visualRect(window.table.filter_proxy.index(0, Column.NAME)).center()
    # Qt 6's test double-click has no press before it; item views need one to accept it.
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    editor = window.editor_flow.editor
    assert editor is not None
    # Its own listener holds the port: that is not reported as a conflict.
    assert not editor.port_in_use_box.isVisible()
    editor.target_port_spin.setValue(echo_server.port)
    with qtbot.waitSignal(
        session.controller.statusChanged,
        timeout=10_000,
        check_params_cb=lambda pid: session.controller.status(pid).state is TunnelState.LISTENING,
    ):
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert session.controller.profile(profile.id).target_port == echo_server.port
    assert exchange(profile.listen_port, b"moved") == b"moved"


def test_duplicate_selects_the_copy(qtbot, isolated_config_dir, make_session):
    profile = Profile("web", free_port(), "127.0.0.1", 80, group="dev")
    _save_profiles(isolated_config_dir, profile)
    window = make_session().window
    window.table.select_ids([profile.id])
    window.action("duplicate").trigger()
    (copy_id,) = window.table.selected_ids()
    assert copy_id != profile.id
    assert _cell(window, copy_id, Column.NAME) == "web (copy)"


def test_keyboard_shortcuts_work_on_the_table(qtbot, isolated_config_dir, make_session):
    profile = Profile("web", free_port(), "127.0.0.1", 80)
    _save_profiles(isolated_config_dir, profile)
    window = make_session().window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.table.setFocus()
    window.table.select_ids([profile.id])
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    box = window.messages.current
    assert box is not None and box.objectName() == "confirmDeleteBox"
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    editor = window.editor_flow.editor
    assert editor is not None and editor.name_edit.text() == "web"
    editor.reject()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor_flow.editor
    assert editor is not None and editor.windowTitle() == "New tunnel"
    editor.reject()
    # Typing in the search box never deletes a profile.
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Delete)
    assert window.messages.current is None


def test_unexpected_errors_show_a_short_message_not_a_traceback(qtbot, session, caplog):
    from tunnelgui.ui.error_hook import ErrorReporter

    reporter = ErrorReporter()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as error:
        reporter.handle(type(error), error, error.__traceback__)
    box = reporter.box
    assert box is not None and box.isVisible()
    assert "RuntimeError: boom in a slot" in box.informativeText()
    assert "Traceback" not in box.informativeText() + box.text()
    assert "boom in a slot" in caplog.text
    # A second error while the box is open is logged, not stacked on screen.
    reporter.handle(ValueError, ValueError("again"), None)
    assert reporter.reported[-1] == "ValueError: again"
    assert "boom in a slot" in box.informativeText()
    box.accept()
    reporter.handle(ValueError, ValueError("later"), None)
    assert box.isVisible() and "ValueError: later" in box.informativeText()
    box.accept()


def test_renaming_a_running_tunnel_keeps_its_connections(
    qtbot, isolated_config_dir, make_session, echo_server
):
    profile = Profile("web", free_port(), "127.0.0.1", echo_server.port, autostart=True)
    _save_profiles(isolated_config_dir, profile)
    session = make_session()
    _wait_state(qtbot, session, profile.id, TunnelState.LISTENING)
    states = []
    session.controller.statusChanged.connect(
        lambda pid: states.append(session.controller.status(pid).state)
    )
    with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=10) as client:
        client.sendall(b"one")
        assert client.recv(3) == b"one"
        session.controller.update_profile(replace(profile, name="web (renamed)", notes="n"))
        with qtbot.waitSignal(session.controller.statsUpdated, timeout=5000):
            pass
        client.sendall(b"two")
        assert client.recv(3) == b"two"
    assert TunnelState.STARTING not in states
    assert _cell(session.window, profile.id, Column.NAME) == "web (renamed)"


class _HidesOnClose(QObject):
    """What a tray does with close-to-tray: the window's close event is refused."""

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Close:
            event.ignore()
            return True
        return False


def test_quit_action_quits_even_when_closing_the_window_hides_it(qapp, session):
    window = session.window
    hider = _HidesOnClose()
    window.installEventFilter(hider)
    QTimer.singleShot(0, window.action("quit").trigger)
    # If Quit only asked the windows to close, the loop would run until this fallback. It is
    # stopped afterwards: left running, it would end some later test's event loop.
    fallback = QTimer()
    fallback.setSingleShot(True)
    fallback.timeout.connect(lambda: qapp.exit(99))
    fallback.start(10_000)
    try:
        assert qapp.exec() == 0
    finally:
        fallback.stop()
        window.removeEventFilter(hider)
