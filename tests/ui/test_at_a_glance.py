"""What the window and the tray tell at a glance (issue 14): unreachable targets counted, a
listener other machines can reach marked, each tray entry's state shown, the program holding a
port named, and the same words (directions, plurals, copy names) everywhere. Real app: store,
worker, engine and loopback sockets."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.loopback import free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.tunnel_status import TargetHealth, TunnelState
from tunnelgui.ui.profile_table import Column, header_title
from tunnelgui.ui.status_icons import status_icon
from tunnelgui.ui.tray_menu import TrayMenu
from tunnelgui.ui.tunnel_marks import REACHABLE
from tunnelgui.wording import DOWN, TO_CLIENT, TO_TARGET, UP

WAIT_MS = 15_000


def _save(config_dir, *profiles: Profile) -> None:
    store = ProfileStore.open(config_dir / "profiles.json")
    for profile in profiles:
        store.add(profile)


def _index(window, profile_id: str, column: Column):
    model = window.table.profile_model
    return model.index(model.row_of(profile_id), column)


def _wait(qtbot, session, profile_id: str, check) -> None:
    qtbot.waitUntil(lambda: check(session.controller.status(profile_id)), timeout=WAIT_MS)


def test_status_bar_counts_running_tunnels_whose_target_is_unreachable(
    qtbot, isolated_config_dir, make_session, echo_server
):
    up = Profile("web", free_port(), "127.0.0.1", echo_server.port)
    dead = [Profile(f"dead {n}", free_port(), "127.0.0.1", free_port()) for n in range(2)]
    _save(isolated_config_dir, up, *dead)
    session = make_session()
    session.controller.start_all()
    for profile in dead:
        _wait(qtbot, session, profile.id, lambda s: s.target is TargetHealth.DOWN)
    _wait(qtbot, session, up.id, lambda s: s.target is TargetHealth.UP)
    qtbot.waitUntil(
        lambda: "2 targets unreachable" in session.window.status_summary.text(), timeout=WAIT_MS
    )
    assert session.window.status_summary.text().startswith("3 of 3 tunnels running")
    session.controller.stop([dead[0].id])
    _wait(qtbot, session, dead[0].id, lambda s: s.state is TunnelState.STOPPED)
    qtbot.waitUntil(
        lambda: "1 target unreachable" in session.window.status_summary.text(), timeout=WAIT_MS
    )
    assert "2 of 3 tunnels running" in session.window.status_summary.text()


def test_a_listener_other_machines_can_reach_is_marked_in_the_table_and_tray(
    qtbot, isolated_config_dir, make_session, echo_server
):
    local = Profile("local", free_port(), "127.0.0.1", echo_server.port)
    open_to_all = Profile("lan", free_port(), "127.0.0.1", echo_server.port, listen_host="0.0.0.0")
    _save(isolated_config_dir, local, open_to_all)
    session = make_session()
    window = session.window
    listen = Qt.ItemDataRole.DecorationRole
    tip = Qt.ItemDataRole.ToolTipRole
    assert _index(window, local.id, Column.LISTEN).data(listen) is None
    assert _index(window, local.id, Column.LISTEN).data(tip) is None
    assert _index(window, open_to_all.id, Column.LISTEN).data(listen) is not None
    assert REACHABLE in _index(window, open_to_all.id, Column.LISTEN).data(tip)

    session.controller.start([open_to_all.id])
    _wait(qtbot, session, open_to_all.id, lambda s: s.state is TunnelState.LISTENING)
    assert REACHABLE in _index(window, open_to_all.id, Column.LISTEN).data(tip)
    menu = TrayMenu(session.controller, window_visible=lambda: True)
    qtbot.addWidget(menu)
    assert REACHABLE in menu.tunnel_action(open_to_all.id).toolTip()
    assert REACHABLE not in menu.tunnel_action(local.id).toolTip()


@pytest.mark.qt_log_ignore(  # popping a menu up on the offscreen platform
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
def test_each_tray_entry_shows_its_tunnels_state_icon(
    qtbot, isolated_config_dir, make_session, echo_server
):
    up = Profile("web", free_port(), "127.0.0.1", echo_server.port)
    dead = Profile("dead", free_port(), "127.0.0.1", free_port())
    stopped = Profile("idle", free_port(), "127.0.0.1", echo_server.port)
    _save(isolated_config_dir, up, dead, stopped)
    session = make_session()
    session.controller.start([up.id, dead.id])
    _wait(qtbot, session, up.id, lambda s: s.target is TargetHealth.UP)
    _wait(qtbot, session, dead.id, lambda s: s.target is TargetHealth.DOWN)
    menu = TrayMenu(session.controller, window_visible=lambda: True)
    qtbot.addWidget(menu)
    keys = {}
    for profile in (up, dead, stopped):
        action = menu.tunnel_action(profile.id)
        assert not action.icon().isNull() and action.isIconVisibleInMenu()
        expected = status_icon(session.controller.status(profile.id))
        assert action.icon().cacheKey() == expected.cacheKey(), profile.name
        keys[profile.name] = action.icon().cacheKey()
    assert len(set(keys.values())) == 3  # up, down and stopped look different
    # While the menu is open, a state change updates the entry's icon too (the tray connects
    # the controller's coalesced `changed` the same way).
    session.controller.changed.connect(menu.refresh_states)
    with qtbot.waitSignal(menu.aboutToShow, timeout=1000):
        menu.popup(QPoint(0, 0))
    session.controller.stop([up.id])
    _wait(qtbot, session, up.id, lambda s: s.state is TunnelState.STOPPED)
    qtbot.waitUntil(
        lambda: menu.tunnel_action(up.id).icon().cacheKey() == keys["idle"], timeout=WAIT_MS
    )
    menu.hide()


def test_a_start_failure_on_a_port_in_use_names_the_program(
    qtbot, isolated_config_dir, make_session
):
    # Another program (not this process) holds the port.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import socket,sys; s=socket.create_server(('127.0.0.1',0)); "
            "print(s.getsockname()[1], flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(holder.stdout.readline())
        busy = Profile("busy", port, "127.0.0.1", free_port())
        _save(isolated_config_dir, busy)
        session = make_session()
        session.controller.start([busy.id])
        _wait(qtbot, session, busy.id, lambda s: s.state is TunnelState.FAILED)
        error = session.controller.status(busy.id).error
        assert f"(pid {holder.pid})" in error and "another program" not in error, error
        assert f"127.0.0.1:{port} is already in use by " in error
        state_text = _index(session.window, busy.id, Column.STATE).data()
        assert f"pid {holder.pid}" in state_text
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()


def test_directions_have_one_pair_of_names_and_counts_are_plural_only_when_plural(
    qtbot, isolated_config_dir, make_session, echo_server
):
    web = Profile("web", free_port(), "127.0.0.1", echo_server.port)
    _save(isolated_config_dir, web)
    session = make_session()
    window = session.window
    titles = {column: header_title(column) for column in Column}
    assert titles[Column.TO_TARGET] == f"{UP} To target"
    assert titles[Column.TO_CLIENT] == f"{DOWN} To client"
    assert titles[Column.RATE_TO_TARGET].startswith(UP)
    assert titles[Column.RATE_TO_CLIENT].startswith(DOWN)
    assert not any(word in " ".join(titles.values()) for word in ("Sent", "Received"))
    assert window.status_summary.text().startswith("0 of 1 tunnel running")

    window.table.select_ids([web.id])
    session.controller.start([web.id])
    _wait(qtbot, session, web.id, lambda s: s.state is TunnelState.LISTENING)
    with socket.create_connection(("127.0.0.1", web.listen_port), timeout=5) as client:
        client.sendall(b"ping")
        assert client.recv(4) == b"ping"
        # A tick taken while the bytes were on their way already shows the connection: wait
        # for the one that shows its bytes too.
        qtbot.waitUntil(
            lambda: window.details.connections_note.text().startswith("1 open connection.")
            and f"{DOWN} 4 B" in window.details.connections_note.text(),
            timeout=WAIT_MS,
        )
        note = window.details.connections_note.text()
        assert "Since start: 1 connection," in note
        assert f"{UP} 4 B {TO_TARGET}" in note and f"{DOWN} 4 B {TO_CLIENT}" in note
        assert "sent" not in note and "received" not in note
        qtbot.waitUntil(lambda: " 1 connection " in window.status_summary.text(), timeout=WAIT_MS)
        assert window.status_summary.text().startswith("1 of 1 tunnel running")
    assert window.details.chart.describe().startswith(f"{UP} {TO_TARGET} ")


def test_a_copy_of_a_copy_is_numbered(isolated_config_dir):
    store = ProfileStore.open(isolated_config_dir / "profiles.json")
    store.add(Profile("db", free_port(), "127.0.0.1", 5432))
    first = store.duplicate(store.profiles()[0].id)
    second = store.duplicate(first.id)
    third = store.duplicate(second.id)
    assert [first.name, second.name, third.name] == ["db (copy)", "db (copy 2)", "db (copy 3)"]


def test_a_narrow_window_squeezes_the_numbers_not_the_state(
    qtbot, isolated_config_dir, make_session
):
    dead = Profile("dead", free_port(), "127.0.0.1", free_port())
    _save(isolated_config_dir, dead)
    session = make_session()
    window = session.window
    session.controller.start([dead.id])
    _wait(qtbot, session, dead.id, lambda s: s.target is TargetHealth.DOWN)
    table = window.table
    header = table.horizontalHeader()
    text = _index(window, dead.id, Column.STATE).data()
    assert text == "listening, target unreachable"
    # What the cell needs: the dot, the words, the cell's margins.
    needed = table.fontMetrics().horizontalAdvance(text) + table.iconSize().width() + 16
    fitter = table.column_fitter

    window.resize(1000, 700)
    window.show()
    qtbot.waitUntil(lambda: abs(table.viewport().width() - 980) < 60, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: header.sectionSize(Column.STATE) >= needed, timeout=WAIT_MS)
    numbers = (Column.RATE_TO_TARGET, Column.RATE_TO_CLIENT)
    assert all(header.sectionSize(c) < fitter.preferred_width(c) for c in numbers)
    assert sum(header.sectionSize(c) for c in Column) <= table.viewport().width()

    window.resize(1600, 700)  # room to spare: State gets it, numbers get their full width
    qtbot.waitUntil(lambda: table.viewport().width() > 1400, timeout=WAIT_MS)
    assert all(header.sectionSize(c) == fitter.preferred_width(c) for c in numbers)
    assert header.sectionSize(Column.STATE) > fitter.preferred_width(Column.STATE)
