"""ProfileEditor: the dialog to add or edit a profile, validating every field as the user types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tunnelgui.engine.listen import next_free_port
from tunnelgui.i18n import _
from tunnelgui.profiles.model import Profile, ProfileOptions, option_fields
from tunnelgui.profiles.problems import Problem
from tunnelgui.profiles.validation import validate_profile
from tunnelgui.ui.color_scheme import error_color, warning_color
from tunnelgui.ui.conditions_editor import ConditionsEditor
from tunnelgui.ui.form_buddies import set_form_buddies
from tunnelgui.ui.naming import name_dialog_buttons, name_widget
from tunnelgui.ui.option_inputs import OptionInput, option_input
from tunnelgui.ui.port_input import FIRST_PORT, LAST_PORT, PortSpinBox
from tunnelgui.ui.port_usage import check_port

LISTEN_HOST_CHOICES = ("127.0.0.1", "::1", "0.0.0.0", "::")
FIELDS = (
    "name",
    "group",
    "listen_host",
    "listen_port",
    "target_host",
    "target_port",
    "via",
    *(f"options.{name}" for name, _ in option_fields()),
    "notes",
)


def _object_name(field: str) -> str:
    """ "options.idle_timeout" -> "idleTimeoutMessage": names tests and screen readers can use."""
    words = field.removeprefix("options.").split("_")
    return words[0] + "".join(word.title() for word in words[1:]) + "Message"


class ProfileEditor(QDialog):
    """Add (profile=None) or edit a profile. `others` are the other saved profiles, for name and
    port clashes. OK stays disabled while any field has an error."""

    def __init__(
        self,
        profile: Profile | None,
        others: Sequence[Profile],
        parent: QWidget | None = None,
        *,
        own_listener: tuple[str, int] | None = None,
        ssh_hosts: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileEditor")
        self.setAccessibleName(self.tr("Profile editor"))
        self.setWindowTitle(self.tr("Edit tunnel") if profile else self.tr("New tunnel"))
        self._others = [other for other in others if profile is None or other.id != profile.id]
        # The running listener of the profile being edited holds its own port: not a conflict.
        self._own_listener = own_listener
        self._original = profile or Profile(
            name="",
            listen_port=self._suggested_listen_port(),
            target_host="",
            target_port=80,
        )
        self._is_new = profile is None
        self._touched: set[str] = set() if self._is_new else set(FIELDS)
        # Fields the user changed. The others are saved exactly as they were: a widget may show
        # a value its own way (a group name without its outer spaces, notes with \r\n as \n).
        self._edited: set[str] = set()
        self._free_port: int | None = None
        self._messages: dict[str, QLabel] = {}
        self._ssh_hosts = list(ssh_hosts)  # Host aliases of the ssh config, for the picker
        # Called on Save with the editor: True when it opened a question and will call
        # finish_save() itself (see ui/restart_question.py).
        self.before_save: Callable[[ProfileEditor], bool] | None = None
        self.restart_now = True

        self._build()
        self._load(self._original)
        self._port_timer = QTimer(self)
        self._port_timer.setSingleShot(True)
        self._port_timer.setInterval(250)
        self._port_timer.timeout.connect(self._check_port)
        self._connect_changes()
        self._validate()
        self._check_port()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.name_edit = name_widget(QLineEdit(), "nameEdit", self.tr("Name"))
        self.name_edit.setPlaceholderText(self.tr("e.g. staging database"))
        self.group_combo = name_widget(QComboBox(), "groupCombo", self.tr("Group"))
        self.group_combo.setEditable(True)
        groups = sorted({other.group for other in self._others if other.group}, key=str.casefold)
        self.group_combo.addItems(["", *groups])
        self.group_combo.lineEdit().setPlaceholderText(self.tr("optional, e.g. staging"))

        self.listen_host_combo = name_widget(QComboBox(), "listenHostCombo", self.tr("Listen host"))
        self.listen_host_combo.setEditable(True)
        self.listen_host_combo.addItems(LISTEN_HOST_CHOICES)
        self.listen_host_combo.setToolTip(
            self.tr(
                "127.0.0.1 or ::1: only this machine can connect. "
                "0.0.0.0 or ::: every machine that can reach this one can connect."
            )
        )
        self.listen_port_spin = self._port_spin("listenPortSpin", self.tr("Listen port"))
        self.target_host_edit = name_widget(QLineEdit(), "targetHostEdit", self.tr("Target host"))
        self.target_host_edit.setPlaceholderText(
            self.tr("host name or IP, e.g. db.internal or 10.0.0.5")
        )
        self.target_port_spin = self._port_spin("targetPortSpin", self.tr("Target port"))
        self.via_combo = name_widget(QComboBox(), "viaCombo", self.tr("Via SSH server"))
        self.via_combo.setEditable(True)
        self.via_combo.addItems(["", *self._ssh_hosts])
        self.via_combo.lineEdit().setPlaceholderText(
            self.tr("optional: an SSH server, e.g. bastion or user@host:22")
        )
        self.via_combo.setToolTip(
            self.tr(
                "Reach the target through this SSH server with your own ssh (its config, keys "
                "and agent): the target host is then resolved and connected from that server. "
                "Jump hosts go first, comma-separated: jump1,bastion. Empty: connect directly."
            )
        )

        self.option_inputs: dict[str, OptionInput] = {
            name: option_input(name, declared) for name, declared in option_fields()
        }
        self.autostart_check = name_widget(
            QCheckBox(self.tr("Start automatically when TunnelGUI opens")),
            "autostartCheck",
            self.tr("Autostart"),
        )
        self.notes_edit = name_widget(QPlainTextEdit(), "notesEdit", self.tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)

        self.port_in_use_label = name_widget(QLabel(), "portInUseLabel", self.tr("Port in use"))
        self.port_in_use_label.setWordWrap(True)
        self.port_in_use_label.setStyleSheet(f"color: {warning_color()};")
        self.use_free_port_button = name_widget(
            QPushButton(), "useFreePortButton", self.tr("Use free port")
        )
        self.use_free_port_button.clicked.connect(self._use_free_port)
        port_row = QHBoxLayout()
        port_row.setContentsMargins(0, 0, 0, 0)
        port_row.addWidget(self.port_in_use_label, 1)
        port_row.addWidget(self.use_free_port_button, 0, Qt.AlignmentFlag.AlignTop)
        self.port_in_use_box = QWidget()
        self.port_in_use_box.setObjectName("portInUseBox")
        self.port_in_use_box.setLayout(port_row)
        self.port_in_use_box.hide()

        general = QFormLayout()
        general.addRow(self.tr("&Name:"), self._with_messages(self.name_edit, "name"))
        general.addRow(self.tr("&Group:"), self._with_messages(self.group_combo, "group"))
        listen = self._host_port_row(self.listen_host_combo, self.listen_port_spin)
        listen_box = self._with_messages(listen, "listen_host", "listen_port")
        listen_box.layout().addWidget(self.port_in_use_box)
        general.addRow(self.tr("&Listen on:"), listen_box)
        target = self._host_port_row(self.target_host_edit, self.target_port_spin)
        general.addRow(
            self.tr("&Forward to:"), self._with_messages(target, "target_host", "target_port")
        )
        general.addRow(self.tr("&Via SSH:"), self._with_messages(self.via_combo, "via"))
        general.addRow("", self.autostart_check)

        limits = QGroupBox(self.tr("Connections"))
        name_widget(limits, "limitsGroup", self.tr("Connection limits"))
        limits_form = QFormLayout(limits)
        for name, declared in option_fields():
            field_box = self._with_messages(self.option_inputs[name], f"options.{name}")
            limits_form.addRow(self.tr("{0}:").format(_(declared.editor_label)), field_box)

        notes_form = QFormLayout()
        notes_form.addRow(self.tr("N&otes:"), self._with_messages(self.notes_edit, "notes"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save"))
        name_dialog_buttons(self.buttons, "editorButtons", self.tr("Save or cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        general_page = QWidget()
        general_page.setObjectName("editorGeneralPage")
        page_layout = QVBoxLayout(general_page)
        page_layout.addLayout(general)
        page_layout.addWidget(limits)
        page_layout.addLayout(notes_form)
        self.conditions_editor = ConditionsEditor("editorConditionsEditor", two_line_rows=True)
        self.tabs = name_widget(QTabWidget(), "editorTabs", self.tr("Profile editor tabs"))
        self.tabs.addTab(general_page, self.tr("Tunnel"))
        self.tabs.addTab(self.conditions_editor, self.tr("Conditions"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        set_form_buddies(self)

    def _port_spin(self, name: str, accessible: str) -> QSpinBox:
        spin = name_widget(PortSpinBox(), name, accessible)
        spin.setMinimumWidth(self.fontMetrics().horizontalAdvance("65535") + 48)
        return spin

    def _host_port_row(self, host: QWidget, port: QSpinBox) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(host, 1)
        layout.addWidget(QLabel(self.tr("port")))
        layout.addWidget(port)
        return row

    def _with_messages(self, field_widget: QWidget, *fields: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field_widget)
        for field in fields:
            label = QLabel()
            label.setObjectName(_object_name(field))
            label.setAccessibleName(
                self.tr("Problem with {0}").format(field.removeprefix("options."))
            )
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.hide()
            layout.addWidget(label)
            self._messages[field] = label
        return box

    # -- values ---------------------------------------------------------------------------------

    def _load(self, profile: Profile) -> None:
        self.name_edit.setText(profile.name)
        self.group_combo.setCurrentText(profile.group)
        self.listen_host_combo.setCurrentText(profile.listen_host)
        self.listen_port_spin.setValue(profile.listen_port)
        self.target_host_edit.setText(profile.target_host)
        self.target_port_spin.setValue(profile.target_port)
        self.via_combo.setCurrentText(profile.via)
        self.autostart_check.setChecked(profile.autostart)
        for name, field_input in self.option_inputs.items():
            field_input.set_option_value(getattr(profile.options, name))
        self.notes_edit.setPlainText(profile.notes)
        self.conditions_editor.set_conditions(profile.conditions)

    def profile(self) -> Profile:
        """The profile as the fields say now (same id when editing); fields the user has not
        changed keep the value they were opened with, exactly."""
        shown = {
            "name": self.name_edit.text(),
            "group": self.group_combo.currentText().strip(),
            "listen_host": self.listen_host_combo.currentText().strip(),
            "listen_port": self.listen_port_spin.value(),
            "target_host": self.target_host_edit.text().strip(),
            "target_port": self.target_port_spin.value(),
            "via": self.via_combo.currentText().strip(),
            "autostart": self.autostart_check.isChecked(),
            "notes": self.notes_edit.toPlainText(),
        }
        options = {name: value.option_value() for name, value in self.option_inputs.items()}
        original = self._original
        for key in shown:
            if key not in self._edited:
                shown[key] = getattr(original, key)
        for name in options:
            if f"options.{name}" not in self._edited:
                options[name] = getattr(original.options, name)
        conditions = original.conditions
        if "conditions" in self._edited:
            conditions = self.conditions_editor.conditions() or original.conditions
        return replace(original, **shown, options=ProfileOptions(**options), conditions=conditions)

    def _suggested_listen_port(self) -> int:
        taken = {other.listen_port for other in self._others}
        port = 8080
        while port in taken and port < 65535:
            port += 1
        return port

    # -- validation -----------------------------------------------------------------------------

    def _connect_changes(self) -> None:
        def touch(field: str) -> Callable[..., None]:
            # A closure per field; these connections never cross threads.
            return lambda *_: self._on_edited(field)

        self.name_edit.textEdited.connect(touch("name"))
        self.group_combo.editTextChanged.connect(touch("group"))
        self.listen_host_combo.editTextChanged.connect(touch("listen_host"))
        self.listen_port_spin.valueChanged.connect(touch("listen_port"))
        self.target_host_edit.textEdited.connect(touch("target_host"))
        self.target_port_spin.valueChanged.connect(touch("target_port"))
        self.via_combo.editTextChanged.connect(touch("via"))
        for name, field_input in self.option_inputs.items():
            field_input.value_changed.connect(touch(f"options.{name}"))
        self.notes_edit.textChanged.connect(touch("notes"))
        self.autostart_check.toggled.connect(touch("autostart"))
        self.conditions_editor.edited.connect(touch("conditions"))

    def _on_edited(self, field: str) -> None:
        self._touched.add(field)
        self._edited.add(field)
        self._validate()
        if field in ("listen_host", "listen_port"):
            self._port_timer.start()

    def _validate(self) -> None:
        problems = validate_profile(self.profile(), self._others)
        by_field: dict[str, list[Problem]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem)
        for field, label in self._messages.items():
            shown = [
                problem
                for problem in by_field.get(field, [])
                # Errors in fields not touched yet (an empty name in a new profile) would greet
                # the user with red text; OK is disabled anyway. Warnings always show.
                if field in self._touched or problem.severity == "warning"
            ]
            if not shown:
                label.hide()
                continue
            errors = [p for p in shown if p.severity == "error"]
            color = error_color() if errors else warning_color()
            marker = "\u2716" if errors else "\u26a0"
            label.setText("\n".join(f"{marker} {problem.message}" for problem in shown))
            label.setStyleSheet(f"color: {color};")
            label.show()
        conditions_ok = self.conditions_editor.conditions() is not None
        self.tabs.setTabText(
            self.tabs.indexOf(self.conditions_editor), self.conditions_editor.tab_title()
        )
        self.ok_button.setEnabled(
            conditions_ok and not any(p.severity == "error" for p in problems)
        )

    @Slot()
    def _check_port(self) -> None:
        host = self.listen_host_combo.currentText().strip()
        port = self.listen_port_spin.value()
        usage = None
        # An out-of-range port has its own message; nothing can listen on it.
        if (host, port) != self._own_listener and FIRST_PORT <= port <= LAST_PORT:
            usage = check_port(host, port)
        if usage is None:
            self.port_in_use_box.hide()
            return
        self._free_port = next_free_port(host, port)
        text = usage.describe() + " " + self.tr("The tunnel will not start while it is.")
        self.port_in_use_label.setText(f"\u26a0 {text}")
        if self._free_port is not None:
            self.use_free_port_button.setText(self.tr("Use port {0}").format(self._free_port))
            self.use_free_port_button.show()
        else:
            self.use_free_port_button.hide()
        self.port_in_use_box.show()

    @Slot()
    def _use_free_port(self) -> None:
        if self._free_port is not None:
            self.listen_port_spin.setValue(self._free_port)
            self._port_timer.stop()
            self._check_port()

    def accept(self) -> None:
        self._touched.update(FIELDS)
        self._validate()
        if not self.ok_button.isEnabled():
            return
        # A question before saving (restart a running tunnel?) answers with finish_save().
        if self.before_save is not None and self.before_save(self):
            return
        super().accept()

    def finish_save(self, restart_now: bool) -> None:
        """Close as saved; `restart_now` says whether a running tunnel restarts with it."""
        self.restart_now = restart_now
        super().accept()
