"""The profile flows behind the window's actions: edit, duplicate, delete, import and export.

Each flow is a small object that owns its dialogs and tells the window what to do next through
signals (`selectRequested` with the ids to select, `statusMessage` with a passing note); which
profiles a flow works on is the window's to say.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from tunnelgui import paths
from tunnelgui.profiles.exchange import (
    ImportRefused,
    ImportSummary,
    export_error_reason,
    import_summary_lines,
)
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.sshconfig import read_host_aliases
from tunnelgui.profiles.store import StoreError
from tunnelgui.profiles.validation import ValidationError
from tunnelgui.ui.controller import ReadOnlyError, TunnelController
from tunnelgui.ui.file_dialogs import ask_export_path, ask_import_path
from tunnelgui.ui.profile_editor import ProfileEditor
from tunnelgui.ui.window_messages import WindowMessages

STATUS_SAVED_MS = 4000
STATUS_EXPORTED_MS = 6000


class _Flow(QObject):
    def __init__(
        self, controller: TunnelController, messages: WindowMessages, window: QWidget
    ) -> None:
        super().__init__(window)
        self._controller = controller
        self._messages = messages
        self._window = window


class EditProfileFlow(_Flow):
    """Add or edit: one editor at a time; on Save the profile is stored (a running tunnel
    restarts when what it relays changed) and selected."""

    selectRequested = Signal(list)
    statusMessage = Signal(str, int)

    def __init__(
        self, controller: TunnelController, messages: WindowMessages, window: QWidget
    ) -> None:
        super().__init__(controller, messages, window)
        self.editor: ProfileEditor | None = None

    @Slot()
    def add(self) -> None:
        if not self._controller.read_only:
            self._open_editor(None)

    def edit(self, profile_id: str | None) -> None:
        profile = self._controller.profile(profile_id) if profile_id else None
        if profile is not None and not self._controller.read_only:
            self._open_editor(profile)

    def _open_editor(self, profile: Profile | None) -> None:
        if self.editor is not None:
            self.editor.raise_()
            self.editor.activateWindow()
            return
        own = None
        if profile is not None and self._controller.status(profile.id).running:
            own = (profile.listen_host, profile.listen_port)
        editor = ProfileEditor(
            profile,
            self._controller.profiles(),
            self._window,
            own_listener=own,
            ssh_hosts=read_host_aliases(paths.user_ssh_config()),
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()

    @Slot(int)
    def _on_editor_finished(self, result: int) -> None:
        editor, self.editor = self.editor, None
        if editor is None or result != ProfileEditor.DialogCode.Accepted:
            return
        profile = editor.profile()
        try:
            if self._controller.profile(profile.id) is None:
                self._controller.add_profile(profile)
            else:
                self._controller.update_profile(profile)
        except ValidationError as error:
            self._messages.show(
                "Profile not saved",
                "The profile was not saved:\n"
                + "\n".join(p.message for p in error.problems if p.severity == "error"),
            )
            return
        except (StoreError, ReadOnlyError, OSError) as error:
            self._messages.show("Profile not saved", str(error))
            return
        self.selectRequested.emit([profile.id])
        self.statusMessage.emit(f"Saved \u201c{profile.name}\u201d.", STATUS_SAVED_MS)


class DuplicateProfileFlow(_Flow):
    """A copy on the next free port, selected at once."""

    selectRequested = Signal(list)

    def duplicate(self, profile_id: str | None) -> None:
        if profile_id is None:
            return
        try:
            copy = self._controller.duplicate_profile(profile_id)
        except (StoreError, ReadOnlyError, ValidationError, OSError) as error:
            self._messages.show("Could not duplicate", str(error))
            return
        self.selectRequested.emit([copy.id])


class DeleteProfilesFlow(_Flow):
    """Asks first (naming the tunnels, saying running ones stop), then deletes."""

    def __init__(
        self, controller: TunnelController, messages: WindowMessages, window: QWidget
    ) -> None:
        super().__init__(controller, messages, window)
        self._pending: list[str] = []

    def ask(self, profile_ids: list[str]) -> None:
        if not profile_ids or self._controller.read_only:
            return
        wanted = set(profile_ids)
        names = [p.name for p in self._controller.profiles() if p.id in wanted]
        running = [pid for pid in profile_ids if self._controller.status(pid).running]
        if len(names) == 1:
            question = f"Delete the tunnel \u201c{names[0]}\u201d?"
        else:
            question = f"Delete {len(names)} tunnels?"
        detail = "Running tunnels are stopped first. " if running else ""
        detail += "This cannot be undone; export them first to keep a copy."
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete tunnels",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setObjectName("confirmDeleteBox")
        box.setInformativeText(detail)
        if len(names) > 1:
            box.setDetailedText("\n".join(names))
        box.button(QMessageBox.StandardButton.Yes).setText("Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(self._on_answered)
        self._pending = list(profile_ids)
        self._messages.open(box)

    @Slot(int)
    def _on_answered(self, result: int) -> None:
        ids, self._pending = self._pending, []
        if result != QMessageBox.StandardButton.Yes:
            return
        try:
            self._controller.remove_profiles(ids)
        except (StoreError, ReadOnlyError, OSError) as error:
            self._messages.show("Could not delete", str(error))


class ImportFlow(_Flow):
    """Asks for a file, imports it and says what happened (or why nothing was imported)."""

    def __init__(
        self, controller: TunnelController, messages: WindowMessages, window: QWidget
    ) -> None:
        super().__init__(controller, messages, window)
        # Replaceable for tests and embedding: returns a path, or None when cancelled.
        self.ask_path: Callable[[], Path | None] = self._ask_path

    @Slot()
    def run(self) -> None:
        path = self.ask_path()
        if path is not None:
            self.import_from(path)

    def import_from(self, path: Path) -> ImportSummary | None:
        """Import and tell the user what happened; the reason when the file was refused."""
        try:
            summary = self._controller.import_file(path)
        except ImportRefused as error:
            box = self._messages.show(
                "Import refused",
                f"Nothing was imported; your profiles are unchanged.\n\n{error}",
                icon=QMessageBox.Icon.Warning,
            )
            if len(error.problems) > 1:
                box.setDetailedText("\n".join(error.problems))
            return None
        except (StoreError, ReadOnlyError, OSError) as error:
            self._messages.show(
                "Import failed",
                f"Nothing was imported; your profiles are unchanged.\n\n{error}",
                icon=QMessageBox.Icon.Warning,
            )
            return None
        text = "\n".join(import_summary_lines(summary, path.name))
        self._messages.show("Import finished", text, icon=QMessageBox.Icon.Information)
        return summary

    def _ask_path(self) -> Path | None:
        return ask_import_path(self._window)


class ExportFlow(_Flow):
    """Asks where to write, exports, and says where it went (or why it could not)."""

    statusMessage = Signal(str, int)

    def __init__(
        self, controller: TunnelController, messages: WindowMessages, window: QWidget
    ) -> None:
        super().__init__(controller, messages, window)
        # Replaceable for tests and embedding: returns a path, or None when cancelled.
        self.ask_path: Callable[[], Path | None] = self._ask_path

    def run(self, profile_ids: list[str]) -> None:
        path = self.ask_path()
        if path is not None:
            self.export_to(path, profile_ids)

    def export_to(self, path: Path, profile_ids: list[str]) -> bool:
        try:
            self._controller.export_profiles(path, profile_ids)
        except (StoreError, OSError, ValueError) as error:
            reason = export_error_reason(path, error) if isinstance(error, OSError) else error
            self._messages.show("Export failed", f"Could not write {path}: {reason}")
            return False
        count = len(profile_ids)
        self.statusMessage.emit(
            f"Exported {count} profile{'s' * (count != 1)} to {path}.", STATUS_EXPORTED_MS
        )
        return True

    def _ask_path(self) -> Path | None:
        return ask_export_path(self._window)

