"""The main window's actions: text, icon, shortcut and tip of each, built in one place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from tunnelgui.resource_paths import ACTION_ICONS
from tunnelgui.ui.icons import action_icon

# (name, text, theme icon, fallback standard icon, shortcut, tip); the shipped artwork
# (tunnelgui/ui/icons.py) wins for the actions it has, so the toolbar looks the same everywhere.
# Shortcuts are kept as StandardKey or text: building a QKeySequence before the QApplication
# exists crashes Qt, and this table is made at import time.
ActionSpec = tuple[str, str, str, QStyle.StandardPixmap, QKeySequence.StandardKey | str | None, str]
ACTIONS: tuple[ActionSpec, ...] = (
    ("add", "&Add…", "list-add", QStyle.StandardPixmap.SP_FileDialogNewFolder,
     QKeySequence.StandardKey.New, "Add a new tunnel"),
    ("edit", "&Edit…", "document-properties", QStyle.StandardPixmap.SP_FileDialogDetailedView,
     "Return", "Edit the selected tunnel"),
    ("duplicate", "D&uplicate", "edit-copy", QStyle.StandardPixmap.SP_FileDialogContentsView,
     "Ctrl+D", "Copy the selected tunnel onto the next free port"),
    ("delete", "&Delete…", "edit-delete", QStyle.StandardPixmap.SP_TrashIcon,
     QKeySequence.StandardKey.Delete, "Delete the selected tunnels"),
    ("start", "&Start", "media-playback-start", QStyle.StandardPixmap.SP_MediaPlay,
     "F5", "Start the selected tunnels"),
    ("stop", "S&top", "media-playback-stop", QStyle.StandardPixmap.SP_MediaStop,
     "Shift+F5", "Stop the selected tunnels"),
    ("start_all", "Start a&ll", "media-seek-forward", QStyle.StandardPixmap.SP_MediaSeekForward,
     "Ctrl+F5", "Start every tunnel"),
    ("stop_all", "Stop all", "process-stop", QStyle.StandardPixmap.SP_BrowserStop,
     "Ctrl+Shift+F5", "Stop every tunnel"),
    ("check_now", "&Check now", "view-refresh", QStyle.StandardPixmap.SP_BrowserReload,
     "Ctrl+R", "Check the targets of the selected running tunnels now"),
    ("import", "&Import…", "document-open", QStyle.StandardPixmap.SP_DialogOpenButton,
     "Ctrl+I", "Import profiles from a file"),
    ("export", "E&xport…", "document-save-as", QStyle.StandardPixmap.SP_DialogSaveButton,
     "Ctrl+E", "Export every profile to a file"),
    ("export_selected", "Export se&lected…", "document-save-as",
     QStyle.StandardPixmap.SP_DialogSaveButton, "Ctrl+Shift+E",
     "Export only the selected profiles to a file"),
    ("settings", "Se&ttings…", "preferences-system", QStyle.StandardPixmap.SP_FileDialogInfoView,
     QKeySequence.StandardKey.Preferences, "Change TunnelGUI's settings"),
    ("quit", "&Quit", "application-exit", QStyle.StandardPixmap.SP_DialogCloseButton,
     QKeySequence.StandardKey.Quit, "Stop all tunnels and quit"),
    ("find", "&Find…", "edit-find", QStyle.StandardPixmap.SP_FileDialogContentsView,
     QKeySequence.StandardKey.Find, "Filter the tunnels by any text"),
    ("about", "&About TunnelGUI", "help-about", QStyle.StandardPixmap.SP_MessageBoxInformation,
     None, "About TunnelGUI"),
)  # fmt: skip


def build_actions(window: QWidget) -> dict[str, QAction]:
    """QActions by name ("add", "start_all", ...), owned by `window`, with no handlers yet."""
    actions: dict[str, QAction] = {}
    for name, text, theme, fallback, shortcut, tip in ACTIONS:
        artwork = name.replace("_", "-")
        if artwork in ACTION_ICONS:
            icon = action_icon(artwork)
        else:
            icon = QIcon.fromTheme(theme, window.style().standardIcon(fallback))
        action = QAction(icon, text, window)
        camel = "".join(part.title() for part in name.split("_"))
        action.setObjectName(camel[0].lower() + camel[1:] + "Action")
        action.setStatusTip(tip)
        if shortcut is not None:
            sequence = QKeySequence(shortcut)
            action.setShortcut(sequence)
            keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{tip} ({keys})" if keys else tip
        action.setToolTip(tip)
        actions[name] = action
    # Both Enter keys edit (Return on the main block, Enter on the keypad).
    actions["edit"].setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
    return actions
