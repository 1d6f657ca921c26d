"""SettingsDialog: the app settings as check boxes, and whether TunnelGUI starts at login."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from tunnelgui.settings import Settings
from tunnelgui.ui.naming import name_dialog_buttons


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        launch_at_login: bool | None = None,
    ) -> None:
        """launch_at_login: whether the login entry exists now; None where there is none to
        make (macOS, Windows), which hides the box."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setAccessibleName("Settings")
        self.setWindowTitle("Settings")
        self._original = settings

        self.autostart = self._check_box(
            "autostartCheck",
            "Start tunnels marked \u201cstart automatically\u201d when TunnelGUI opens",
            settings.start_autostart_tunnels,
        )
        self.close_to_tray = self._check_box(
            "closeToTrayCheck",
            "Closing the window keeps tunnels running in the system tray",
            settings.close_to_tray,
        )
        self.start_minimized = self._check_box(
            "startMinimizedCheck", "Start hidden in the system tray", settings.start_minimized
        )
        self.notifications = self._check_box(
            "notificationsCheck",
            "Notify when a tunnel fails or its target goes down or comes back",
            settings.notifications,
        )

        self.launch_at_login = self._check_box(
            "launchAtLoginCheck",
            "Start TunnelGUI in the system tray when I log in",
            bool(launch_at_login),
        )
        self.launch_at_login.setVisible(launch_at_login is not None)

        self.color_scheme = QComboBox(self)
        self.color_scheme.setObjectName("colorSchemeCombo")
        self.color_scheme.setAccessibleName(self.tr("Colours"))
        for text, value in (
            (self.tr("System"), "system"),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self.color_scheme.addItem(text, value)
        chosen = self.color_scheme.findData(settings.color_scheme)
        self.color_scheme.setCurrentIndex(max(0, chosen))  # an unknown value shows "System"

        layout = QVBoxLayout(self)
        boxes = (self.autostart, self.close_to_tray, self.start_minimized, self.notifications)
        for box in (*boxes, self.launch_at_login):
            layout.addWidget(box)
        choices = QFormLayout()
        choices.addRow(self.tr("&Colours:"), self.color_scheme)
        layout.addLayout(choices)
        if not QSystemTrayIcon.isSystemTrayAvailable():
            note = QLabel(
                "This desktop has no system tray: closing the window quits TunnelGUI, and "
                "\u201cstart minimized\u201d starts it as a minimized window."
            )
            note.setObjectName("noTrayNote")
            note.setAccessibleName("No system tray")
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        name_dialog_buttons(buttons, "settingsButtons", "OK or cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(8)
        layout.addWidget(buttons)

    def _check_box(self, name: str, text: str, checked: bool) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(name)
        box.setAccessibleName(text)
        box.setChecked(checked)
        return box

    def settings(self) -> Settings:
        return replace(
            self._original,
            start_autostart_tunnels=self.autostart.isChecked(),
            close_to_tray=self.close_to_tray.isChecked(),
            start_minimized=self.start_minimized.isChecked(),
            notifications=self.notifications.isChecked(),
            color_scheme=self.color_scheme.currentData(),
        )
