"""Saving an edit that restarts a running tunnel asks first when connections would be cut."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.loopback import EchoServer, free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TunnelState


def _echo(client: socket.socket, payload: bytes) -> bytes:
    client.sendall(payload)
    got = b""
    while len(got) < len(payload):
        chunk = client.recv(len(payload) - len(got))
        if not chunk:
            break
        got += chunk
    return got


def _closed(client: socket.socket) -> bool:
    try:
        client.sendall(b"x")
        return client.recv(1) == b""
    except OSError:
        return True


@pytest.fixture
def running(qtbot, session, echo_server):
    """A running tunnel to the echo server, one client connected through it."""
    controller = session.controller
    profile = Profile("db", free_port(), "127.0.0.1", echo_server.port)
    controller.add_profile(profile)
    controller.start([profile.id])
    qtbot.waitUntil(
        lambda: controller.status(profile.id).state is TunnelState.LISTENING, timeout=10_000
    )
    client = socket.create_connection(("127.0.0.1", profile.listen_port), timeout=5)
    assert _echo(client, b"hello") == b"hello"
    qtbot.waitUntil(lambda: controller.open_connections(profile.id) == 1, timeout=10_000)
    yield profile, client
    client.close()


def _edit(qtbot, session, profile, new_port: int):
    window = session.window
    window.editor_flow.edit(profile.id)
    editor = window.editor_flow.editor
    editor.target_port_spin.setValue(new_port)
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    return editor


def _received_by(server: socket.socket, payload: bytes) -> bool:
    """Did a connection to `server` bring `payload`? (The health probe connects first.)"""
    server.settimeout(5)
    for _ in range(3):
        conn, _ = server.accept()
        with conn:
            conn.settimeout(5)
            if conn.recv(len(payload)) == payload:
                return True
    return False


def test_apply_at_next_start_keeps_the_connection(qtbot, session, running):
    profile, client = running
    with socket.create_server(("127.0.0.1", 0)) as new_target:
        editor = _edit(qtbot, session, profile, new_target.getsockname()[1])
        box = editor.findChild(QMessageBox, "restartQuestionBox")
        assert box is not None and box.isVisible()
        assert box.text() == "Saving restarts \u201cdb\u201d: its 1 open connection will be closed."
        assert box.defaultButton().objectName() == "applyLaterButton"
        with qtbot.waitSignal(session.controller.profilesChanged, timeout=5000):
            box.defaultButton().click()
        assert session.window.editor_flow.editor is None
        assert session.controller.profile(profile.id).target_port == new_target.getsockname()[1]
        assert "applies when it next starts" in session.window.statusBar().currentMessage()
        # Still running, the same connection through the old settings.
        assert session.controller.status(profile.id).running
        assert _echo(client, b"still here") == b"still here"
        # The next start uses the saved change.
        session.controller.stop([profile.id])
        qtbot.waitUntil(lambda: not session.controller.status(profile.id).running, timeout=10_000)
        session.controller.start([profile.id])
        qtbot.waitUntil(
            lambda: session.controller.status(profile.id).state is TunnelState.LISTENING,
            timeout=10_000,
        )
        with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=5) as again:
            again.sendall(b"new")
            assert _received_by(new_target, b"new")


def test_restart_now_closes_the_connection(qtbot, session, running):
    profile, client = running
    other = EchoServer()
    try:
        editor = _edit(qtbot, session, profile, other.port)
        box = editor.findChild(QMessageBox, "restartQuestionBox")
        with qtbot.waitSignal(session.controller.profilesChanged, timeout=5000):
            box.findChild(type(box.defaultButton()), "restartNowButton").click()
        assert session.controller.profile(profile.id).target_port == other.port
        qtbot.waitUntil(lambda: _closed(client), timeout=10_000)
    finally:
        other.close()


def test_cancel_goes_back_to_the_editor_with_the_edit(qtbot, session, running):
    profile, client = running
    editor = _edit(qtbot, session, profile, 9)
    box = editor.findChild(QMessageBox, "restartQuestionBox")
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert session.window.editor_flow.editor is editor and editor.isVisible()
    assert editor.target_port_spin.value() == 9
    assert session.controller.profile(profile.id) == profile
    assert _echo(client, b"ok") == b"ok"
    editor.reject()


def test_an_edit_that_restarts_nothing_asks_nothing(qtbot, session, running):
    profile, client = running
    window = session.window
    window.editor_flow.edit(profile.id)
    editor = window.editor_flow.editor
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "database")
    with qtbot.waitSignal(session.controller.profilesChanged, timeout=5000):
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.findChild(QMessageBox, "restartQuestionBox") is None
    assert session.controller.profile(profile.id) == replace(profile, name="database")
    assert _echo(client, b"same") == b"same"
