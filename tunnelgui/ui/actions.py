"""The main window's actions: text, icon, shortcut and tip of each, built in one place."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from tunnelgui.resource_paths import ACTION_ICONS
from tunnelgui.ui.icons import action_icon

# (name, text, theme icon, fallback standard icon, shortcut, tip); text and tip are marked for
# translation here and translated when the actions are built. The shipped artwork
# (tunnelgui/ui/icons.py) wins for the actions it has, so the toolbar looks the same everywhere.
# Shortcuts are kept as StandardKey or text: building a QKeySequence before the QApplication
# exists crashes Qt, and this table is made at import time.
ActionSpec = tuple[str, str, str, QStyle.StandardPixmap, QKeySequence.StandardKey | str | None, str]
ACTIONS: tuple[ActionSpec, ...] = (
    ("add", QT_TRANSLATE_NOOP("Actions", "&Add…"),
     "list-add", QStyle.StandardPixmap.SP_FileDialogNewFolder, QKeySequence.StandardKey.New,
     QT_TRANSLATE_NOOP("Actions", "Add a new tunnel")),
    ("edit", QT_TRANSLATE_NOOP("Actions", "&Edit…"),
     "document-properties", QStyle.StandardPixmap.SP_FileDialogDetailedView, "Return",
     QT_TRANSLATE_NOOP("Actions", "Edit the selected tunnel")),
    ("duplicate", QT_TRANSLATE_NOOP("Actions", "D&uplicate"),
     "edit-copy", QStyle.StandardPixmap.SP_FileDialogContentsView, "Ctrl+D",
     QT_TRANSLATE_NOOP("Actions", "Copy the selected tunnel onto the next free port")),
    ("delete", QT_TRANSLATE_NOOP("Actions", "&Delete…"),
     "edit-delete", QStyle.StandardPixmap.SP_TrashIcon, QKeySequence.StandardKey.Delete,
     QT_TRANSLATE_NOOP("Actions", "Delete the selected tunnels")),
    ("start", QT_TRANSLATE_NOOP("Actions", "&Start"),
     "media-playback-start", QStyle.StandardPixmap.SP_MediaPlay, "F5",
     QT_TRANSLATE_NOOP("Actions", "Start the selected tunnels")),
    ("stop", QT_TRANSLATE_NOOP("Actions", "S&top"),
     "media-playback-stop", QStyle.StandardPixmap.SP_MediaStop, "Shift+F5",
     QT_TRANSLATE_NOOP("Actions", "Stop the selected tunnels")),
    ("start_all", QT_TRANSLATE_NOOP("Actions", "Start a&ll"),
     "media-seek-forward", QStyle.StandardPixmap.SP_MediaSeekForward, "Ctrl+F5",
     QT_TRANSLATE_NOOP("Actions", "Start every tunnel")),
    ("stop_all", QT_TRANSLATE_NOOP("Actions", "Stop all"),
     "process-stop", QStyle.StandardPixmap.SP_BrowserStop, "Ctrl+Shift+F5",
     QT_TRANSLATE_NOOP("Actions", "Stop every tunnel")),
    ("check_now", QT_TRANSLATE_NOOP("Actions", "&Check now"),
     "view-refresh", QStyle.StandardPixmap.SP_BrowserReload, "Ctrl+R",
     QT_TRANSLATE_NOOP("Actions", "Check the targets of the selected running tunnels now")),
    ("import", QT_TRANSLATE_NOOP("Actions", "&Import…"),
     "document-open", QStyle.StandardPixmap.SP_DialogOpenButton, "Ctrl+I",
     QT_TRANSLATE_NOOP("Actions", "Import profiles from a file")),
    ("export", QT_TRANSLATE_NOOP("Actions", "E&xport…"),
     "document-save-as", QStyle.StandardPixmap.SP_DialogSaveButton, "Ctrl+E",
     QT_TRANSLATE_NOOP("Actions", "Export every profile to a file")),
    ("export_selected", QT_TRANSLATE_NOOP("Actions", "Export se&lected…"),
     "document-save-as", QStyle.StandardPixmap.SP_DialogSaveButton, "Ctrl+Shift+E",
     QT_TRANSLATE_NOOP("Actions", "Export only the selected profiles to a file")),
    ("settings", QT_TRANSLATE_NOOP("Actions", "Se&ttings…"),
     "preferences-system", QStyle.StandardPixmap.SP_FileDialogInfoView,
     QKeySequence.StandardKey.Preferences,
     QT_TRANSLATE_NOOP("Actions", "Change TunnelGUI's settings")),
    ("quit", QT_TRANSLATE_NOOP("Actions", "&Quit"),
     "application-exit", QStyle.StandardPixmap.SP_DialogCloseButton, QKeySequence.StandardKey.Quit,
     QT_TRANSLATE_NOOP("Actions", "Stop all tunnels and quit")),
    ("find", QT_TRANSLATE_NOOP("Actions", "&Find…"),
     "edit-find", QStyle.StandardPixmap.SP_FileDialogContentsView, QKeySequence.StandardKey.Find,
     QT_TRANSLATE_NOOP("Actions", "Filter the tunnels by any text")),
    ("about", QT_TRANSLATE_NOOP("Actions", "&About TunnelGUI"),
     "help-about", QStyle.StandardPixmap.SP_MessageBoxInformation, None,
     QT_TRANSLATE_NOOP("Actions", "About TunnelGUI")),
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
        text = QCoreApplication.translate("Actions", text)
        tip = QCoreApplication.translate("Actions", tip)
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
