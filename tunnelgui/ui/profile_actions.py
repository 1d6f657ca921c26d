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
    read_import_file,
)
from tunnelgui.profiles.import_clashes import find_clashes
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.problems import ValidationError
from tunnelgui.profiles.sshconfig import read_host_aliases
from tunnelgui.profiles.store import StoreError
from tunnelgui.ui.controller import ReadOnlyError, TunnelController
from tunnelgui.ui.file_dialogs import ask_export_path, ask_import_path
from tunnelgui.ui.import_clash_dialog import ImportClashDialog
from tunnelgui.ui.profile_editor import ProfileEditor
from tunnelgui.ui.restart_question import RestartQuestion
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
        self,
        controller: TunnelController,
        messages: WindowMessages,
        window: QWidget,
        ssh_config: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(controller, messages, window)
        self.editor: ProfileEditor | None = None
        self._ssh_config = ssh_config  # the app's ssh client config setting, read when used

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
            ssh_hosts=read_host_aliases(self.ssh_config_for(profile)),
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if profile is not None:
            editor.before_save = RestartQuestion(self._controller, editor)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()

    def ssh_config_for(self, profile: Profile | None) -> Path:
        """The client config ssh reads for this profile's hop, so the picker offers its Host
        aliases: the profile's own, else the app's setting, else the user's default."""
        chosen = (profile.ssh_config if profile is not None else "") or self._ssh_config()
        return Path(chosen) if chosen else paths.user_ssh_config()  # ssh expands no "~" in -F

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
                self._controller.update_profile(profile, restart=editor.restart_now)
        except ValidationError as error:
            self._messages.show(
                self.tr("Profile not saved"),
                self.tr("The profile was not saved:")
                + "\n"
                + "\n".join(p.message for p in error.problems if p.severity == "error"),
            )
            return
        except (StoreError, ReadOnlyError, OSError) as error:
            self._messages.show(self.tr("Profile not saved"), str(error))
            return
        self.selectRequested.emit([profile.id])
        if editor.restart_now:
            self.statusMessage.emit(
                self.tr("Saved \u201c{0}\u201d.").format(profile.name), STATUS_SAVED_MS
            )
        else:
            self.statusMessage.emit(
                self.tr("Saved \u201c{0}\u201d; the change applies when it next starts.").format(
                    profile.name
                ),
                STATUS_EXPORTED_MS,
            )


class DuplicateProfileFlow(_Flow):
    """A copy on the next free port, selected at once."""

    selectRequested = Signal(list)

    def duplicate(self, profile_id: str | None) -> None:
        if profile_id is None:
            return
        try:
            copy = self._controller.duplicate_profile(profile_id)
        except (StoreError, ReadOnlyError, ValidationError, OSError) as error:
            self._messages.show(self.tr("Could not duplicate"), str(error))
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
            question = self.tr("Delete the tunnel \u201c{0}\u201d?").format(names[0])
        else:
            question = self.tr("Delete {0} tunnels?").format(len(names))
        detail = self.tr("Running tunnels are stopped first. ") if running else ""
        detail += self.tr("This cannot be undone; export them first to keep a copy.")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete tunnels"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setObjectName("confirmDeleteBox")
        box.setInformativeText(detail)
        if len(names) > 1:
            box.setDetailedText("\n".join(names))
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
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
            self._messages.show(self.tr("Could not delete"), str(error))


class ImportFlow(_Flow):
    """Asks for a file, imports it and says what happened (or why nothing was imported)."""

    def __init__(
        self, controller: TunnelController, messages: WindowMessages, window: QWidget
    ) -> None:
        super().__init__(controller, messages, window)
        # Replaceable for tests and embedding: returns a path, or None when cancelled.
        self.ask_path: Callable[[], Path | None] = self._ask_path
        self.clash_dialog: ImportClashDialog | None = None  # open while it asks

    @Slot()
    def run(self) -> None:
        path = self.ask_path()
        if path is not None:
            self.import_from(path)

    def import_from(self, path: Path) -> ImportSummary | None:
        """Import and tell the user what happened; the reason when the file was refused. When
        profiles clash with saved ones, a dialog asks first (and None is returned: the import
        happens when it is answered)."""
        if self._controller.read_only:
            return self._import(path, None, None)  # says why nothing can be imported
        try:
            read = read_import_file(path)
        except ImportRefused as error:
            self._refused(error)
            return None
        clashes = find_clashes(self._controller.profiles(), read[0])
        if not clashes:
            return self._import(path, read, None)
        dialog = ImportClashDialog(
            clashes, self._controller.profiles(), read[0], path.name, self._window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._import(path, read, dialog.choices()))
        self.clash_dialog = dialog
        dialog.finished.connect(self._clash_dialog_closed)
        dialog.open()
        return None

    @Slot()
    def _clash_dialog_closed(self) -> None:
        self.clash_dialog = None

    def _import(
        self,
        path: Path,
        read: tuple[list[Profile], list[str]] | None,
        decisions: dict[int, str] | None,
    ) -> ImportSummary | None:
        try:
            summary = self._controller.import_file(path, decisions=decisions, read=read)
        except ImportRefused as error:
            self._refused(error)
            return None
        except (StoreError, ReadOnlyError, OSError) as error:
            self._messages.show(
                self.tr("Import failed"),
                self.tr("Nothing was imported; your profiles are unchanged.\n\n{0}").format(error),
                icon=QMessageBox.Icon.Warning,
            )
            return None
        text = "\n".join(import_summary_lines(summary, path.name))
        self._messages.show(self.tr("Import finished"), text, icon=QMessageBox.Icon.Information)
        return summary

    def _refused(self, error: ImportRefused) -> None:
        box = self._messages.show(
            self.tr("Import refused"),
            self.tr("Nothing was imported; your profiles are unchanged.\n\n{0}").format(error),
            icon=QMessageBox.Icon.Warning,
        )
        if len(error.problems) > 1:
            box.setDetailedText("\n".join(error.problems))

    def _ask_path(self) -> Path | None:
        return ask_import_path(self._window)


class ExportFlow(_Flow):
    """Asks where to write (the dialog's title says how many), exports, and says where it went
    (or why it could not)."""

    statusMessage = Signal(str, int)

    def __init__(
        self, controller: TunnelController, messages: WindowMessages, window: QWidget
    ) -> None:
        super().__init__(controller, messages, window)
        # Replaceable for tests and embedding: given the dialog's title, returns a path, or
        # None when cancelled.
        self.ask_path: Callable[[str], Path | None] = self._ask_path

    def run(self, profile_ids: list[str], *, everything: bool = False) -> None:
        if not profile_ids:
            return
        path = self.ask_path(self._title(len(profile_ids), everything))
        if path is not None:
            self.export_to(path, profile_ids, everything=everything)

    def _title(self, count: int, everything: bool) -> str:
        """ "Export all 5 profiles", "Export the selected profile" ... (a sentence for one and
        one for more: English needs both without a catalog)."""
        if everything:
            if count == 1:
                return self.tr("Export the only profile")
            return self.tr("Export all {0} profiles").format(count)
        if count == 1:
            return self.tr("Export the selected profile")
        return self.tr("Export {0} selected profiles").format(count)

    def export_to(self, path: Path, profile_ids: list[str], *, everything: bool = False) -> bool:
        try:
            self._controller.export_profiles(path, profile_ids)
        except (StoreError, OSError, ValueError) as error:
            reason = export_error_reason(path, error) if isinstance(error, OSError) else error
            self._messages.show(
                self.tr("Export failed"), self.tr("Could not write {0}: {1}").format(path, reason)
            )
            return False
        count = len(profile_ids)
        if everything and count == 1:
            text = self.tr("Exported 1 profile to {1}.")
        elif everything:
            text = self.tr("Exported all {0} profiles to {1}.")
        elif count == 1:
            text = self.tr("Exported 1 selected profile to {1}.")
        else:
            text = self.tr("Exported {0} selected profiles to {1}.")
        self.statusMessage.emit(text.format(count, path), STATUS_EXPORTED_MS)
        return True

    def _ask_path(self, title: str) -> Path | None:
        return ask_export_path(self._window, title)
