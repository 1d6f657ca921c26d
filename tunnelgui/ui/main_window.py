"""MainWindow: the profile table, its actions, the details pane and the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tunnelgui import __version__
from tunnelgui.engine.units import format_rate
from tunnelgui.profiles.exchange import (
    ImportRefused,
    ImportSummary,
    export_error_reason,
    import_summary_lines,
)
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import StoreError
from tunnelgui.profiles.validation import ValidationError
from tunnelgui.settings import SettingsFile
from tunnelgui.tunnel_status import TunnelStatus, count_tunnels
from tunnelgui.ui.actions import build_actions
from tunnelgui.ui.controller import ReadOnlyError, TunnelController
from tunnelgui.ui.details_pane import DetailsPane
from tunnelgui.ui.naming import name_menus, name_toolbar_buttons, name_widget
from tunnelgui.ui.notice_bar import NoticeBar
from tunnelgui.ui.profile_editor import ProfileEditor
from tunnelgui.ui.profile_table import (
    PROFILE_ID_ROLE,
    Column,
    ProfileFilterProxy,
    ProfileTableModel,
)
from tunnelgui.ui.settings_dialog import SettingsDialog
from tunnelgui.ui.window_layout import restore_layout
from tunnelgui.worker import TrafficUpdate

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1200, 760)
# Column widths in average character widths: wide enough for typical values, never the data's.
COLUMN_CHARS = {
    Column.NAME: 18,
    Column.GROUP: 10,
    Column.LISTEN: 16,
    Column.TARGET: 26,
    Column.STATE: 24,
    Column.ACTIVE: 6,
    Column.TOTAL: 6,
    Column.TO_TARGET: 9,
    Column.TO_CLIENT: 9,
    Column.RATE_TO_TARGET: 11,
    Column.RATE_TO_CLIENT: 11,
}
EXPORT_FILTER = "TunnelGUI profiles (*.json);;All files (*)"

# Shortcuts that must not fire while typing in the search box: bound to the table only.
_TABLE_ONLY = frozenset({"edit", "delete"})


class MainWindow(QMainWindow):
    """Everything here reads the controller; nothing keeps tunnel state of its own."""

    def __init__(
        self,
        controller: TunnelController,
        settings: SettingsFile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("TunnelGUI")
        self.setWindowTitle("TunnelGUI")
        self.controller = controller
        self.settings = settings
        # Replaceable for tests and embedding: they return a path, or None when cancelled.
        self.ask_import_path: Callable[[], Path | None] = self._ask_import_path
        self.ask_export_path: Callable[[], Path | None] = self._ask_export_path
        self.editor: ProfileEditor | None = None
        self.message_box: QMessageBox | None = None
        self._pending_delete: list[str] = []

        self.model = ProfileTableModel(controller, self)
        self.proxy = ProfileFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build_actions()
        self._build_table()
        self._build_layout()
        self._build_menus_and_toolbar()
        self._build_status_bar()

        controller.statusChanged.connect(self._on_status_changed)
        controller.statsUpdated.connect(self._on_stats)
        controller.profilesChanged.connect(self._update_actions)
        self.details.dropRequested.connect(self._drop_connections)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self._remembered: list[str] = []

        if controller.read_only:
            self.notices.add(controller.read_only_reason, permanent=True)
        self.resize(DEFAULT_SIZE)
        restore_layout(self, settings)
        self._update_actions()
        self._update_status_bar()
        if self.proxy.rowCount():
            self.table.selectRow(0)

    # -- construction ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = build_actions(self)
        handlers: dict[str, Callable[[], None]] = {
            "add": self.add_profile,
            "edit": self.edit_profile,
            "duplicate": self.duplicate_profile,
            "delete": self.delete_profiles,
            "start": self.start_selected,
            "stop": self.stop_selected,
            "start_all": self.controller.start_all,
            "stop_all": self.controller.stop_all,
            "import": self.import_profiles,
            "export": self.export_profiles,
            "settings": self.open_settings,
            "quit": self.quit_app,
            "find": self.focus_search,
            "about": self.show_about,
        }
        for name, handler in handlers.items():
            self.actions_by_name[name].triggered.connect(handler)

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _build_table(self) -> None:
        table = QTableView()
        table.setObjectName("profileTable")
        table.setAccessibleName("Tunnels")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the user's own order until asked
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_context_menu)
        table.doubleClicked.connect(self._on_double_clicked)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        char = table.fontMetrics().averageCharWidth()
        for column, chars in COLUMN_CHARS.items():
            header.resizeSection(column, chars * char + 16)
        header.setSectionResizeMode(Column.STATE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        for name in _TABLE_ONLY:
            action = self.actions_by_name[name]
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            table.addAction(action)
        self.table = table

    def _build_layout(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setAccessibleName("Filter tunnels")
        self.search.setPlaceholderText("Filter by name, group, address, state\u2026")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(320)
        self.search.textChanged.connect(self._on_search)

        self.notices = NoticeBar()
        self.details = DetailsPane(self.controller)
        self.empty_hint = QLabel(
            "No tunnels yet. Add one with \u201cAdd\u201d (Ctrl+N) or import a profiles file."
        )
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setAccessibleName("No tunnels yet")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setEnabled(False)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(6)
        top_layout.addWidget(self.notices)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty_hint)

        splitter = QSplitter(Qt.Orientation.Vertical)
        name_widget(splitter, "mainSplitter", "Tunnels and details")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 380])
        self.splitter = splitter

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(splitter)
        self.setCentralWidget(central)

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions_by_name
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.setObjectName("fileMenu")
        file_menu.addActions([a["import"], a["export"]])
        file_menu.addSeparator()
        file_menu.addAction(a["settings"])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        tunnel_menu = menu_bar.addMenu("&Tunnel")
        tunnel_menu.setObjectName("tunnelMenu")
        tunnel_menu.addActions([a["add"], a["edit"], a["duplicate"], a["delete"]])
        tunnel_menu.addSeparator()
        tunnel_menu.addActions([a["start"], a["stop"], a["start_all"], a["stop_all"]])
        tunnel_menu.addSeparator()
        tunnel_menu.addAction(a["find"])
        help_menu = menu_bar.addMenu("&Help")
        help_menu.setObjectName("helpMenu")
        help_menu.addAction(a["about"])
        name_menus(menu_bar)

        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("mainToolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([a["add"], a["edit"], a["duplicate"], a["delete"]])
        toolbar.addSeparator()
        toolbar.addActions([a["start"], a["stop"], a["start_all"], a["stop_all"]])
        toolbar.addSeparator()
        toolbar.addActions([a["import"], a["export"]])
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search)
        self.addToolBar(toolbar)
        name_toolbar_buttons(toolbar)
        self.toolbar = toolbar
        self.addAction(a["find"])

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.status_label.setObjectName("statusSummary")
        self.status_label.setAccessibleName("Status summary")
        name_widget(self.statusBar(), "statusBar", "Status bar")
        self.statusBar().addPermanentWidget(self.status_label)

    # -- selection ------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(row, 0).data(PROFILE_ID_ROLE) for row in rows]

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            selected = self.selected_ids()
            return selected[0] if len(selected) == 1 else None
        return index.siblingAtColumn(0).data(PROFILE_ID_ROLE)

    def select_ids(self, profile_ids: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        first: QModelIndex | None = None
        for profile_id in profile_ids:
            row = self.model.row_of(profile_id)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if not index.isValid():
                continue
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.select(index, flags)
            if first is None:
                first = index
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)
        self._on_selection_changed()

    @Slot()
    def _remember_selection(self) -> None:
        self._remembered = self.selected_ids()

    @Slot()
    def _restore_selection(self) -> None:
        self.select_ids(self._remembered)

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_actions()
        self.details.set_profile(self.current_id())

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.details.set_profile(self.current_id())

    @Slot(str)
    def _on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_actions()

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- state updates --------------------------------------------------------------------------

    @Slot(str, object)
    def _on_status_changed(self, profile_id: str, status: TunnelStatus) -> None:
        self._update_actions()
        self._update_status_bar()

    @Slot(object)
    def _on_stats(self, update: TrafficUpdate) -> None:
        self._update_status_bar()

    @Slot()
    def _update_actions(self) -> None:
        a = self.actions_by_name
        writable = not self.controller.read_only
        selected = self.selected_ids()
        statuses = [self.controller.status(profile_id) for profile_id in selected]
        all_statuses = [self.controller.status(p.id) for p in self.controller.profiles()]
        a["add"].setEnabled(writable)
        a["import"].setEnabled(writable)
        a["edit"].setEnabled(writable and len(selected) == 1)
        a["duplicate"].setEnabled(writable and len(selected) == 1)
        a["delete"].setEnabled(writable and bool(selected))
        a["start"].setEnabled(any(not s.running for s in statuses))
        a["stop"].setEnabled(any(s.stoppable for s in statuses))
        a["start_all"].setEnabled(any(not s.running for s in all_statuses))
        a["stop_all"].setEnabled(any(s.stoppable for s in all_statuses))
        a["export"].setEnabled(bool(all_statuses))
        empty = self.model.rowCount() == 0
        self.empty_hint.setVisible(empty)

    def _update_status_bar(self) -> None:
        profiles = self.controller.profiles()
        counts = count_tunnels(self.controller.status(p.id) for p in profiles)
        running = (self.controller.running_stats(p.id) for p in profiles)
        connections = sum(stats.active_connections for stats in running if stats is not None)
        to_target, to_client = self.controller.total_rates()
        parts = [f"{counts.running} of {counts.total} tunnels running"]
        if counts.failed:
            parts.append(f"{counts.failed} failed")
        parts.append(f"{connections} connection{'s' if connections != 1 else ''}")
        parts.append(f"\u2191 {format_rate(to_target)}   \u2193 {format_rate(to_client)}")
        text = "   \u00b7   ".join(parts)
        if text != self.status_label.text():
            self.status_label.setText(text)

    # -- profile actions ------------------------------------------------------------------------

    @Slot()
    def add_profile(self) -> None:
        if self.controller.read_only:
            return
        self._open_editor(None)

    @Slot()
    def edit_profile(self) -> None:
        profile_id = self.current_id()
        profile = self.controller.profile(profile_id) if profile_id else None
        if profile is not None and not self.controller.read_only:
            self._open_editor(profile)

    @Slot(QPoint)
    def _show_context_menu(self, position: QPoint) -> None:
        a = self.actions_by_name
        menu = QMenu(self)
        name_widget(menu, "profileContextMenu", "Tunnel actions")
        if self.selected_ids():
            menu.addActions([a["start"], a["stop"]])
            menu.addSeparator()
            menu.addActions([a["edit"], a["duplicate"], a["delete"]])
            menu.addSeparator()
            menu.addAction(a["export"])
        else:
            menu.addActions([a["add"], a["import"]])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.edit_profile()

    def _open_editor(self, profile: Profile | None) -> None:
        if self.editor is not None:
            self.editor.raise_()
            self.editor.activateWindow()
            return
        own = None
        if profile is not None and self.controller.status(profile.id).running:
            own = (profile.listen_host, profile.listen_port)
        editor = ProfileEditor(profile, self.controller.profiles(), self, own_listener=own)
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
            if self.controller.profile(profile.id) is None:
                self.controller.add_profile(profile)
            else:
                self.controller.update_profile(profile)
        except ValidationError as error:
            self.show_message(
                "Profile not saved",
                "The profile was not saved:\n"
                + "\n".join(p.message for p in error.problems if p.severity == "error"),
            )
            return
        except (StoreError, ReadOnlyError, OSError) as error:
            self.show_message("Profile not saved", str(error))
            return
        self.select_ids([profile.id])
        self.statusBar().showMessage(f"Saved \u201c{profile.name}\u201d.", 4000)

    @Slot()
    def duplicate_profile(self) -> None:
        profile_id = self.current_id()
        if profile_id is None:
            return
        try:
            copy = self.controller.duplicate_profile(profile_id)
        except (StoreError, ReadOnlyError, ValidationError, OSError) as error:
            self.show_message("Could not duplicate", str(error))
            return
        self.select_ids([copy.id])

    @Slot()
    def delete_profiles(self) -> None:
        ids = self.selected_ids()
        if not ids or self.controller.read_only:
            return
        names = [p.name for p in self.controller.profiles() if p.id in set(ids)]
        running = [pid for pid in ids if self.controller.status(pid).running]
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
            self,
        )
        box.setObjectName("confirmDeleteBox")
        box.setInformativeText(detail)
        if len(names) > 1:
            box.setDetailedText("\n".join(names))
        box.button(QMessageBox.StandardButton.Yes).setText("Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_delete_answered)
        self._pending_delete = ids
        self.message_box = box
        box.open()

    @Slot(int)
    def _on_delete_answered(self, result: int) -> None:
        self.message_box = None
        ids, self._pending_delete = self._pending_delete, []
        if result != QMessageBox.StandardButton.Yes:
            return
        try:
            self.controller.remove_profiles(ids)
        except (StoreError, ReadOnlyError, OSError) as error:
            self.show_message("Could not delete", str(error))

    @Slot()
    def start_selected(self) -> None:
        self.controller.start(self.selected_ids())

    @Slot()
    def stop_selected(self) -> None:
        self.controller.stop(self.selected_ids())

    @Slot(str, list)
    def _drop_connections(self, profile_id: str, conn_ids: list[int]) -> None:
        self.controller.drop_connections(profile_id, conn_ids)
        count = len(conn_ids)
        self.statusBar().showMessage(f"Dropping {count} connection{'s' * (count != 1)}.", 3000)

    # -- import / export ------------------------------------------------------------------------

    @Slot()
    def import_profiles(self) -> None:
        path = self.ask_import_path()
        if path is not None:
            self.import_from(path)

    def import_from(self, path: Path) -> ImportSummary | None:
        """Import and tell the user what happened; the reason when the file was refused."""
        try:
            summary = self.controller.import_file(path)
        except ImportRefused as error:
            box = self.show_message(
                "Import refused",
                f"Nothing was imported; your profiles are unchanged.\n\n{error}",
                icon=QMessageBox.Icon.Warning,
            )
            if len(error.problems) > 1:
                box.setDetailedText("\n".join(error.problems))
            return None
        except (StoreError, ReadOnlyError, OSError) as error:
            self.show_message(
                "Import failed",
                f"Nothing was imported; your profiles are unchanged.\n\n{error}",
                icon=QMessageBox.Icon.Warning,
            )
            return None
        text = "\n".join(import_summary_lines(summary, path.name))
        self.show_message("Import finished", text, icon=QMessageBox.Icon.Information)
        return summary

    @Slot()
    def export_profiles(self) -> None:
        path = self.ask_export_path()
        if path is not None:
            self.export_to(path, self.selected_ids() or [p.id for p in self.controller.profiles()])

    def export_to(self, path: Path, profile_ids: list[str]) -> bool:
        try:
            self.controller.export_profiles(path, profile_ids)
        except (StoreError, OSError, ValueError) as error:
            reason = export_error_reason(path, error) if isinstance(error, OSError) else error
            self.show_message("Export failed", f"Could not write {path}: {reason}")
            return False
        count = len(profile_ids)
        self.statusBar().showMessage(
            f"Exported {count} profile{'s' * (count != 1)} to {path}.", 6000
        )
        return True

    def _ask_import_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, "Import profiles", "", EXPORT_FILTER)
        return Path(name) if name else None

    def _ask_export_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export profiles", "tunnelgui-profiles.json", EXPORT_FILTER
        )
        return Path(name) if name else None

    # -- settings, about, quit ------------------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_settings_accepted)
        self.settings_dialog = dialog
        dialog.open()

    @Slot()
    def _on_settings_accepted(self) -> None:
        try:
            self.settings.update(self.settings_dialog.settings())
        except OSError as error:
            self.show_message(
                "Settings not saved",
                f"The settings apply now but could not be saved to {self.settings.path}: "
                f"{error.strerror or error}",
            )

    @Slot()
    def show_about(self) -> None:
        self.show_message(
            "About TunnelGUI",
            f"TunnelGUI {__version__}\n\nTCP port forwarding with live traffic statistics.\n\n"
            f"Profiles: {self.controller.store.path}",
            icon=QMessageBox.Icon.Information,
        )

    @Slot()
    def quit_app(self) -> None:
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and a window that
        # hides to the tray instead would cancel quitting. Shutdown runs on aboutToQuit.
        QApplication.exit(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Without a tray (the tray filters this event when it hides the window instead),
        # closing the window quits: tunnels never keep running invisibly.
        event.accept()

    # -- messages -------------------------------------------------------------------------------

    def show_message(
        self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning
    ) -> QMessageBox:
        """A window-modal message that does not block the event loop (tests can read it)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("messageBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(self._on_message_closed)
        self.message_box = box
        box.open()
        return box

    @Slot()
    def _on_message_closed(self) -> None:
        self.message_box = None
