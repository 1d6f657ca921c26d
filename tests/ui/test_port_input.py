"""A port typed out of range is kept as typed and explained, never cut to fit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.loopback import free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.ui.profile_editor import ProfileEditor


@pytest.mark.parametrize(
    ("spin", "message", "label"),
    [
        ("listen_port_spin", "listenPortMessage", "Listen port"),
        ("target_port_spin", "targetPortMessage", "Target port"),
    ],
)
def test_typing_70000_shows_an_error_and_keeps_the_digits(qtbot, spin, message, label):
    editor = ProfileEditor(Profile("web", free_port(), "127.0.0.1", 80), [])
    qtbot.addWidget(editor)
    editor.show()
    box = getattr(editor, spin)
    box.selectAll()
    qtbot.keyClicks(box, "70000")
    assert box.text() == "70000" and box.value() == 70000
    problem = editor.findChild(type(editor.port_in_use_label), message)
    assert problem.isVisible()
    assert f"{label} must be between 1 and 65535, not 70000" in problem.text()
    assert not editor.ok_button.isEnabled()
    editor.accept()
    assert editor.result() != ProfileEditor.DialogCode.Accepted

    # Corrected by hand, the error goes and Save comes back.
    box.selectAll()
    qtbot.keyClicks(box, "7000")
    assert box.value() == 7000 and not problem.isVisible()
    assert editor.ok_button.isEnabled()


def test_arrows_stay_within_the_port_range(qtbot):
    editor = ProfileEditor(Profile("web", free_port(), "127.0.0.1", 65535), [])
    qtbot.addWidget(editor)
    editor.show()
    box = editor.target_port_spin
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 65535
    box.setValue(1)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.value() == 1
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 2


def test_letters_are_not_taken(qtbot):
    editor = ProfileEditor(Profile("web", free_port(), "127.0.0.1", 80), [])
    qtbot.addWidget(editor)
    editor.show()
    box = editor.target_port_spin
    box.selectAll()
    qtbot.keyClicks(box, "8a0")
    assert box.value() == 80


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("max_connections", "200000", "Max connections must be a whole number between 0"),
        ("connect_timeout", "5000", "Connect timeout must be more than 0 and at most 3600"),
    ],
)
def test_an_option_typed_over_its_maximum_is_kept_and_explained(qtbot, name, typed, message):
    editor = ProfileEditor(Profile("web", free_port(), "127.0.0.1", 80), [])
    qtbot.addWidget(editor)
    editor.show()
    box = editor.option_inputs[name]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, typed)
    assert box.value() == float(typed)
    words = name.split("_")
    label = editor.findChild(
        type(editor.port_in_use_label), words[0] + words[1].title() + "Message"
    )
    assert label.isVisible() and message in label.text()
    assert not editor.ok_button.isEnabled()
    # The arrows keep to the declared range: up goes nowhere, down comes back to the top.
    top = 100_000 if name == "max_connections" else 3600
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == float(typed)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.value() == top and editor.ok_button.isEnabled()
