"""ConditionsTab: the details pane's Conditions tab for the selected tunnel.

Every finished change (a switch, a direction, a number confirmed, a preset) is saved to the
profile and applied to the running tunnel's open connections at once, without a restart
(controller.set_conditions). A change that cannot be saved is not applied either, and the tab
says why: what the table's "shaped" badge shows is always what the tunnel does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tunnelgui.engine.conditions import active
from tunnelgui.profiles.problems import ValidationError
from tunnelgui.profiles.store import StoreError
from tunnelgui.ui.color_scheme import error_color
from tunnelgui.ui.conditions_editor import ConditionsEditor
from tunnelgui.ui.controller import ReadOnlyError, TunnelController
from tunnelgui.ui.naming import name_widget
from tunnelgui.ui.shaping import shaped_color


class ConditionsTab(QWidget):
    """Follows one profile (set_profile); titleChanged carries the tab's new title."""

    titleChanged = Signal(str)

    def __init__(self, controller: TunnelController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "conditionsPage", self.tr("Network conditions of the selected tunnel"))
        self._controller = controller
        self._profile_id: str | None = None
        self._failure = ""  # why the last change was not saved, until the next one
        self.editor = ConditionsEditor("detailsConditionsEditor", live=True)
        self.note = name_widget(QLabel(), "conditionsNote", self.tr("Conditions state"))
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.note)
        self.editor.committed.connect(self._on_committed)
        self.editor.edited.connect(self._show_title)
        controller.statusChanged.connect(self._on_status)
        controller.profilesChanged.connect(self._on_profiles_changed)

    def set_profile(self, profile_id: str | None) -> None:
        self._profile_id = profile_id
        self._failure = ""
        profile = self._controller.profile(profile_id) if profile_id else None
        self.editor.set_conditions(profile.conditions if profile else ())
        self._refresh_note()

    # -- updates --------------------------------------------------------------------------------

    @Slot()
    def _on_committed(self) -> None:
        conditions = self.editor.conditions()
        if self._profile_id is None or conditions is None:
            return
        try:
            self._controller.set_conditions(self._profile_id, conditions)
        except ValidationError as error:
            self._failure = "; ".join(p.message for p in error.problems if p.severity == "error")
        except (StoreError, ReadOnlyError, OSError) as error:
            self._failure = str(error)
        else:
            self._failure = ""
        self._refresh_note()

    @Slot()
    def _on_profiles_changed(self) -> None:
        # Our own save comes back here too: rebuild the rows only when the saved conditions
        # differ from those last handed on (an edit in the editor, an import), so a number
        # being typed, and its focus, survive another profile's change.
        profile = self._controller.profile(self._profile_id) if self._profile_id else None
        if profile is None:
            if self._profile_id is not None:
                self.set_profile(None)
            return
        if not self._failure and profile.conditions != self.editor.committed_conditions():
            self.editor.set_conditions(profile.conditions)
        self._refresh_note()

    @Slot(str)
    def _on_status(self, profile_id: str) -> None:
        if profile_id == self._profile_id:
            self._refresh_note()

    def _refresh_note(self) -> None:
        self._show_title()
        profile = self._controller.profile(self._profile_id) if self._profile_id else None
        writable = not self._controller.read_only
        self.editor.setEnabled(profile is not None and writable)
        if self._failure:
            # Shown even when the profile has gone meanwhile (removed by another program).
            text = self.tr("\u2716 Not saved and not applied: {0}").format(self._failure)
            self._set_note(text, color=error_color())
            return
        if profile is None:
            self.note.setText("")
            return
        if not writable:
            reason = self._controller.read_only_reason
            self._set_note(self.tr("Conditions cannot be changed: {0}").format(reason))
            return
        running = self._controller.status(profile.id).running
        if running and active(profile.conditions):
            text = self.tr(
                "\u223f Shaping this tunnel's traffic now; changes apply at once to its open "
                "connections and are saved with the profile."
            )
            self._set_note(text, color=shaped_color().name())
        elif running:
            self._set_note(
                self.tr("Traffic passes as it is. Conditions switched on apply at once.")
            )
        else:
            self._set_note(self.tr("Not running: the conditions apply when the tunnel starts."))

    def _set_note(self, text: str, color: str = "") -> None:
        self.note.setText(text)
        self.note.setStyleSheet(f"color: {color};" if color else "")

    @Slot()
    def _show_title(self) -> None:
        self.titleChanged.emit(self.editor.tab_title())
