"""Every widget a person or a test needs to find has an objectName and an accessible name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QScrollBar,
    QSplitter,
    QStatusBar,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QWidget,
)

from tunnelgui.profiles.model import Profile
from tunnelgui.ui.profile_editor import ProfileEditor
from tunnelgui.ui.settings_dialog import SettingsDialog

FINDABLE = (
    QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QPlainTextEdit,
    QTextEdit, QMenu, QMenuBar, QToolBar, QSplitter, QStatusBar, QGroupBox, QTabWidget,
    QDialogButtonBox,
)  # fmt: skip
# Parts Qt builds inside composite widgets (a combo box's line edit, a spin box's editor).
COMPOSITES = (QComboBox, QAbstractSpinBox, QAbstractItemView)


def _qt_internal(widget: QWidget) -> bool:
    if isinstance(widget, QScrollBar | QHeaderView):
        return True
    if widget.metaObject().className() == "QLineEditIconButton":  # a line edit's clear button
        return True
    if isinstance(widget, QMenu) and not widget.title() and isinstance(widget.parent(), QMenuBar):
        return True  # the menu bar's overflow popup
    node: QWidget | None = widget
    while node is not None:
        if node.objectName().startswith("qt_"):
            return True
        node = node.parentWidget()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, COMPOSITES):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if _qt_internal(widget):
            continue
        if not (isinstance(widget, FINDABLE) or type(widget).__module__.startswith("tunnelgui")):
            continue
        if not widget.objectName() or not widget.accessibleName():
            text = getattr(widget, "text", getattr(widget, "title", lambda: ""))()
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} {text!r}")
    return missing


# Popping the context menu up on the offscreen platform draws these complaints.
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
def test_main_window_widgets_are_named(qtbot, isolated_config_dir, make_session):
    session = make_session()
    session.controller.add_profile(Profile("web", 18080, "127.0.0.1", 1, group="dev"))
    window = session.window
    window.table.selectRow(0)
    window._show_context_menu(QPoint(5, 5))
    assert unnamed(window) == []


def test_dialogs_are_named(qtbot, session):
    editor = ProfileEditor(None, [], session.window)
    qtbot.addWidget(editor)
    editor.show()
    settings = SettingsDialog(session.settings.settings, session.window)
    qtbot.addWidget(settings)
    settings.show()
    assert unnamed(editor) == []
    assert unnamed(settings) == []
