"""The editor refuses look-alike and unsavable text as it is typed, naming the character."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tunnelgui.ui.profile_editor import ProfileEditor


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying `text`, as a keyboard layout or an input method delivers them
    (QTest.keyClicks handles Latin-1 only)."""
    for char in text:
        press = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char
        )
        QApplication.sendEvent(widget, press)


@pytest.mark.parametrize(
    ("char", "code"), [("\u202e", "U+202E"), ("\u200b", "U+200B"), ("\u2028", "U+2028")]
)
def test_a_name_with_an_invisible_character_is_refused_with_the_character_named(qtbot, char, code):
    editor = ProfileEditor(None, [])
    qtbot.addWidget(editor)
    editor.show()
    type_text(editor.name_edit, f"d{char}b")
    assert char in editor.name_edit.text()
    qtbot.keyClicks(editor.target_host_edit, "localhost")
    message = editor.findChild(QLabel, "nameMessage")
    qtbot.waitUntil(lambda: code in message.text(), timeout=5000)
    assert not editor.ok_button.isEnabled()
