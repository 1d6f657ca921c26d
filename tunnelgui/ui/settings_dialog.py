"""SettingsDialog: the app settings as check boxes, the language, and whether TunnelGUI starts
at login."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Slot
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
from tunnelgui.ui.naming import name_dialog_buttons, name_widget

# Each language by its own name, so a person who cannot read the current one still finds theirs.
LANGUAGE_NAMES = (("en", "English"), ("zh_CN", "\u7b80\u4f53\u4e2d\u6587"))


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
        self.setAccessibleName(self.tr("Settings"))
        self.setWindowTitle(self.tr("Settings"))
        self._original = settings

        self.autostart = self._check_box(
            "autostartCheck",
            self.tr("Start tunnels marked \u201cstart automatically\u201d when TunnelGUI opens"),
            settings.start_autostart_tunnels,
        )
        self.close_to_tray = self._check_box(
            "closeToTrayCheck",
            self.tr("Closing the window keeps tunnels running in the system tray"),
            settings.close_to_tray,
        )
        self.start_minimized = self._check_box(
            "startMinimizedCheck",
            self.tr("Start hidden in the system tray"),
            settings.start_minimized,
        )
        self.notifications = self._check_box(
            "notificationsCheck",
            self.tr("Notify when a tunnel fails or its target goes down or comes back"),
            settings.notifications,
        )

        self.launch_at_login = self._check_box(
            "launchAtLoginCheck",
            self.tr("Start TunnelGUI in the system tray when I log in"),
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
        choices = self._language_form(settings.language)
        choices.addRow(self.tr("&Colours:"), self.color_scheme)
        layout.addLayout(choices)
        if not QSystemTrayIcon.isSystemTrayAvailable():
            note = QLabel(
                self.tr(
                    "This desktop has no system tray: closing the window quits TunnelGUI, and "
                    "\u201cstart minimized\u201d starts it as a minimized window."
                )
            )
            note.setObjectName("noTrayNote")
            note.setAccessibleName(self.tr("No system tray"))
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        name_dialog_buttons(buttons, "settingsButtons", self.tr("OK or cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(8)
        layout.addWidget(buttons)

    def _language_form(self, language: str) -> QFormLayout:
        self.language_combo = name_widget(QComboBox(self), "languageCombo", self.tr("Language"))
        self.language_combo.addItem(self.tr("System default"), "")
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        index = self.language_combo.findData(language)
        self.language_combo.setCurrentIndex(max(index, 0))
        self._language_at_start = self.language_combo.currentData()
        self.language_note = name_widget(
            QLabel(self.tr("TunnelGUI will use this language after a restart.")),
            "languageRestartNote",
            self.tr("Language after restart"),
        )
        self.language_note.setWordWrap(True)
        self.language_note.setEnabled(False)
        self.language_note.hide()
        self.language_combo.currentIndexChanged.connect(self._on_language_changed)
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language_combo)
        form.addRow("", self.language_note)
        return form

    @Slot()
    def _on_language_changed(self) -> None:
        # Widgets took their text when they were built: a new language shows from the next start.
        self.language_note.setVisible(self.language_combo.currentData() != self._language_at_start)

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
            language=self.language_combo.currentData(),
        )
