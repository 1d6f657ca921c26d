"""The window and the editor without a mouse: Tab through everything, Alt keys, Esc in search."""

from __future__ import annotations

import re
import socket

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTabBar

from tests.ui.loopback import free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TunnelState
from tunnelgui.ui.profile_editor import ProfileEditor


def _focused():
    return QApplication.focusWidget()


def _show(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5000)


def _tab_until(qtbot, wanted, limit: int = 40) -> list:
    seen = []
    for _ in range(limit):
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
        seen.append(_focused())
        if wanted(_focused()):
            return seen
    raise AssertionError(
        "never reached; Tab visited: " + ", ".join(w.objectName() or type(w).__name__ for w in seen)
    )


def test_tab_walks_the_whole_window_and_reaches_drop_connection(qtbot, session, echo_server):
    controller, window = session.controller, session.window
    profile = Profile("echo", free_port(), "127.0.0.1", echo_server.port)
    controller.add_profile(profile)
    _show(qtbot, window)
    controller.start([profile.id])
    qtbot.waitUntil(
        lambda: controller.status(profile.id).state is TunnelState.LISTENING, timeout=10_000
    )
    client = socket.create_connection(("127.0.0.1", profile.listen_port), timeout=5)
    try:
        client.sendall(b"ping")
        assert client.recv(4) == b"ping"
        window.table.selectRow(0)
        window.details.tabs.setCurrentWidget(window.details.connections_page)
        qtbot.waitUntil(lambda: window.details.connections_model.rowCount() == 1, timeout=10_000)

        window.table.setFocus(Qt.FocusReason.OtherFocusReason)
        window.table.selectRow(0)
        assert _focused() is window.table
        # Arrows stay in the table; Tab leaves it for the details.
        qtbot.keyClick(window.table, Qt.Key.Key_Right)
        assert _focused() is window.table
        _tab_until(qtbot, lambda w: isinstance(w, QTabBar))
        _tab_until(qtbot, lambda w: w is window.details.connections_view)
        qtbot.keyClick(window.details.connections_view, Qt.Key.Key_Down)
        qtbot.keyClick(window.details.connections_view, Qt.Key.Key_Space)
        assert window.details.drop_button.isEnabled()
        _tab_until(qtbot, lambda w: w is window.details.drop_button)
        # ...and on round the window, through the search box, back to the table.
        visited = _tab_until(qtbot, lambda w: w is window.table)
        assert window.search in visited
    finally:
        client.close()


def _mnemonic(label: QLabel) -> str | None:
    match = re.search(r"&([^&])", label.text().replace("&&", ""))
    return match.group(1).lower() if match else None


def test_every_underlined_letter_in_the_editor_moves_focus_to_its_input(qtbot):
    editor = ProfileEditor(Profile("web", free_port(), "127.0.0.1", 80), [])
    qtbot.addWidget(editor)
    _show(qtbot, editor)
    labels = [label for label in editor.findChildren(QLabel) if _mnemonic(label)]
    letters = [_mnemonic(label) for label in labels]
    assert len(labels) >= 12 and len(set(letters)) == len(letters), letters
    for label in labels:
        editor.name_edit.setFocus()
        key = getattr(Qt.Key, f"Key_{_mnemonic(label).upper()}")
        qtbot.keyClick(_focused(), key, Qt.KeyboardModifier.AltModifier)
        buddy = label.buddy()
        assert buddy is not None and buddy.focusPolicy() & Qt.FocusPolicy.TabFocus, label.text()
        assert _focused() is buddy or buddy.isAncestorOf(_focused()), label.text()
        assert editor.name_edit.text() == "web", label.text()
    by_text = {label.text(): label.buddy() for label in labels}
    assert by_text["&Listen on:"] is editor.listen_host_combo
    assert by_text["&Forward to:"] is editor.target_host_edit
    assert by_text["Connect &timeout:"] is editor.option_inputs["connect_timeout"]


def test_esc_clears_the_search_and_no_match_says_so(qtbot, session):
    controller, window = session.controller, session.window
    controller.add_profile(Profile("web", free_port(), "127.0.0.1", 80))
    _show(qtbot, window)
    window.focus_search()
    qtbot.keyClicks(window.search, "nothing-like-this")
    assert window.table.model().rowCount() == 0
    assert window.no_match_hint.isVisible()
    assert "No tunnels match \u201cnothing-like-this\u201d" in window.no_match_hint.text()
    assert not window.empty_hint.isVisible()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.table.model().rowCount() == 1
    assert not window.no_match_hint.isVisible()
    # A filter that matches shows no hint.
    qtbot.keyClicks(window.search, "we")
    assert window.table.model().rowCount() == 1 and not window.no_match_hint.isVisible()
