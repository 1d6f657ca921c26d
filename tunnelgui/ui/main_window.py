"""MainWindow: assembles the tunnels table, details pane, menus, toolbar and status bar, and
enables the actions; what an action does lives in the flows of profile_actions.py."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSize, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tunnelgui import __version__
from tunnelgui.desktop_entry import (
    DesktopIntegrationError,
    launches_at_login,
    login_items_supported,
    set_launch_at_login,
)
from tunnelgui.settings import SettingsFile
from tunnelgui.ui.actions import build_actions
from tunnelgui.ui.color_scheme import color_scheme
from tunnelgui.ui.controller import TunnelController
from tunnelgui.ui.details_pane import DetailsPane
from tunnelgui.ui.naming import name_menus, name_toolbar_buttons, name_widget
from tunnelgui.ui.notice_bar import NoticeBar
from tunnelgui.ui.profile_actions import (
    DeleteProfilesFlow,
    DuplicateProfileFlow,
    EditProfileFlow,
    ExportFlow,
    ImportFlow,
)
from tunnelgui.ui.settings_dialog import SettingsDialog
from tunnelgui.ui.status_summary import StatusSummary
from tunnelgui.ui.table_search import NoMatchHint, SearchBox
from tunnelgui.ui.tunnel_table_view import TunnelTableView
from tunnelgui.ui.window_layout import WindowLayout
from tunnelgui.ui.window_messages import WindowMessages

DEFAULT_SIZE = QSize(1200, 760)

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
        self.messages = WindowMessages(self)
        self.editor_flow = EditProfileFlow(
            controller, self.messages, self, ssh_config=lambda: self.settings.settings.ssh_config
        )
        self.duplicate_flow = DuplicateProfileFlow(controller, self.messages, self)
        self.delete_flow = DeleteProfilesFlow(controller, self.messages, self)
        self.import_flow = ImportFlow(controller, self.messages, self)
        self.export_flow = ExportFlow(controller, self.messages, self)

        self._build_actions()
        self._build_table()
        self._build_layout()
        self._build_menus_and_toolbar()
        self._build_status_bar()

        self.editor_flow.selectRequested.connect(self.table.select_ids)
        self.duplicate_flow.selectRequested.connect(self.table.select_ids)
        self.editor_flow.statusMessage.connect(self.statusBar().showMessage)
        self.export_flow.statusMessage.connect(self.statusBar().showMessage)
        controller.statusChanged.connect(self._update_actions)
        controller.profilesChanged.connect(self._update_actions)
        controller.engineFailed.connect(self._on_engine_failed)
        self.details.dropRequested.connect(self._drop_connections)

        if controller.read_only:
            self.notices.add(controller.read_only_reason, permanent=True)
        self.resize(DEFAULT_SIZE)
        self.layout_memory = WindowLayout(
            settings, self, self.splitter, self.table.horizontalHeader(), self.table.column_fitter
        )
        self.layout_memory.restore()
        self._update_actions()
        if self.table.model().rowCount():
            self.table.selectRow(0)

    # -- construction ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = build_actions(self)
        handlers: dict[str, Callable[[], None]] = {
            "add": self.editor_flow.add,
            "edit": self._edit_current,
            "duplicate": self._duplicate_current,
            "delete": self._delete_selected,
            "start": self._start_selected,
            "stop": self._stop_selected,
            "start_all": self.controller.start_all,
            "stop_all": self.controller.stop_all,
            "check_now": self._check_selected,
            "import": self.import_flow.run,
            "export": self._export_all,
            "export_selected": self._export_selected,
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
        table = TunnelTableView(self.controller)
        table.customContextMenuRequested.connect(self._show_context_menu)
        table.doubleClicked.connect(self._edit_current)
        table.selectedIdsChanged.connect(self._on_selection_changed)
        for name in _TABLE_ONLY:
            action = self.actions_by_name[name]
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            table.addAction(action)
        self.table = table

    def _build_layout(self) -> None:
        self.search = SearchBox()
        self.search.setMaximumWidth(320)
        self.search.textChanged.connect(self._on_search)

        self.notices = NoticeBar()
        self.details = DetailsPane(self.controller)
        self.empty_hint = QLabel(
            self.tr(
                "No tunnels yet. Add one with \u201cAdd\u201d (Ctrl+N) or import a profiles file."
            )
        )
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setAccessibleName(self.tr("No tunnels yet"))
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setEnabled(False)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(6)
        top_layout.addWidget(self.notices)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty_hint)
        self.no_match_hint = NoMatchHint(self.table.filter_proxy)
        top_layout.addWidget(self.no_match_hint)

        splitter = QSplitter(Qt.Orientation.Vertical)
        name_widget(splitter, "mainSplitter", self.tr("Tunnels and details"))
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
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.setObjectName("fileMenu")
        file_menu.addActions([a["import"], a["export"], a["export_selected"]])
        file_menu.addSeparator()
        file_menu.addAction(a["settings"])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        tunnel_menu = menu_bar.addMenu(self.tr("&Tunnel"))
        tunnel_menu.setObjectName("tunnelMenu")
        tunnel_menu.addActions([a["add"], a["edit"], a["duplicate"], a["delete"]])
        tunnel_menu.addSeparator()
        tunnel_menu.addActions([a["start"], a["stop"], a["start_all"], a["stop_all"]])
        tunnel_menu.addAction(a["check_now"])
        tunnel_menu.addSeparator()
        tunnel_menu.addAction(a["find"])
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.setObjectName("helpMenu")
        help_menu.addAction(a["about"])
        name_menus(menu_bar)

        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setAccessibleName(self.tr("Main toolbar"))
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
        self.status_summary = StatusSummary(self.controller)
        name_widget(self.statusBar(), "statusBar", self.tr("Status bar"))
        self.statusBar().addPermanentWidget(self.status_summary)

    # -- selection and search -------------------------------------------------------------------

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_actions()
        self.details.set_profile(self.table.current_id())

    @Slot(str)
    def _on_search(self, text: str) -> None:
        self.table.set_filter_text(text)
        self.no_match_hint.set_filter_text(text)
        self._update_actions()

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- action enabling --------------------------------------------------------------------------

    @Slot()
    def _update_actions(self) -> None:
        a = self.actions_by_name
        writable = not self.controller.read_only
        selected = self.table.selected_ids()
        statuses = [self.controller.status(profile_id) for profile_id in selected]
        all_statuses = [self.controller.status(p.id) for p in self.controller.profiles()]
        a["add"].setEnabled(writable)
        a["import"].setEnabled(writable)
        a["edit"].setEnabled(writable and len(selected) == 1)
        a["duplicate"].setEnabled(writable and len(selected) == 1)
        a["delete"].setEnabled(writable and bool(selected))
        a["start"].setEnabled(any(not s.running for s in statuses))
        a["stop"].setEnabled(any(s.stoppable for s in statuses))
        a["check_now"].setEnabled(any(s.running for s in statuses))
        a["start_all"].setEnabled(any(not s.running for s in all_statuses))
        a["stop_all"].setEnabled(any(s.stoppable for s in all_statuses))
        a["export"].setEnabled(bool(all_statuses))
        a["export_selected"].setEnabled(bool(selected))
        self.empty_hint.setVisible(self.table.is_empty())

    # -- what the actions do ----------------------------------------------------------------------

    @Slot()
    def _edit_current(self) -> None:
        self.editor_flow.edit(self.table.current_id())

    @Slot()
    def _duplicate_current(self) -> None:
        self.duplicate_flow.duplicate(self.table.current_id())

    @Slot()
    def _delete_selected(self) -> None:
        self.delete_flow.ask(self.table.selected_ids())

    @Slot()
    def _export_all(self) -> None:
        # Everything, whatever is selected: a row is always selected, and a backup of one
        # profile is not what "Export" promises.
        self.export_flow.run([p.id for p in self.controller.profiles()], everything=True)

    @Slot()
    def _export_selected(self) -> None:
        self.export_flow.run(self.table.selected_ids())

    @Slot()
    def _start_selected(self) -> None:
        self.controller.start(self.table.selected_ids())

    @Slot()
    def _stop_selected(self) -> None:
        self.controller.stop(self.table.selected_ids())

    @Slot()
    def _check_selected(self) -> None:
        self.controller.check_targets(self.table.selected_ids())

    @Slot(QPoint)
    def _show_context_menu(self, position: QPoint) -> None:
        a = self.actions_by_name
        menu = QMenu(self)
        name_widget(menu, "profileContextMenu", self.tr("Tunnel actions"))
        if self.table.selected_ids():
            menu.addActions([a["start"], a["stop"], a["check_now"]])
            menu.addSeparator()
            menu.addActions([a["edit"], a["duplicate"], a["delete"]])
            menu.addSeparator()
            menu.addAction(a["export_selected"])
        else:
            menu.addActions([a["add"], a["import"]])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    @Slot(str, list)
    def _drop_connections(self, profile_id: str, conn_ids: list[int]) -> None:
        self.controller.drop_connections(profile_id, conn_ids)
        count = len(conn_ids)
        self.statusBar().showMessage(self.tr("Dropping %n connection(s).", "", count), 3000)

    @Slot(str)
    def _on_engine_failed(self, message: str) -> None:
        advice = self.tr("Every tunnel has stopped; quit TunnelGUI and start it again to use them.")
        self.notices.add(f"{message.rstrip('.')}. {advice}", permanent=True)

    # -- settings, about, quit ------------------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        at_login = launches_at_login() if login_items_supported() else None
        dialog = SettingsDialog(self.settings.settings, self, launch_at_login=at_login)
        self._launched_at_login = at_login
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_settings_accepted)
        self.settings_dialog = dialog
        dialog.open()

    @Slot()
    def _on_settings_accepted(self) -> None:
        wanted = self.settings_dialog.launch_at_login.isChecked()
        if self._launched_at_login is not None and wanted != self._launched_at_login:
            try:
                set_launch_at_login(wanted)
            except DesktopIntegrationError as error:
                self.messages.show(self.tr("Login entry not changed"), str(error))
        chosen = self.settings_dialog.settings()
        color_scheme().apply(chosen.color_scheme)
        try:
            self.settings.update(chosen)
        except OSError as error:
            self.messages.show(
                self.tr("Settings not saved"),
                self.tr("The settings apply now but could not be saved to {0}: {1}").format(
                    self.settings.path, error.strerror or error
                ),
            )

    @Slot()
    def show_about(self) -> None:
        self.messages.show(
            self.tr("About TunnelGUI"),
            self.tr(
                "TunnelGUI {0}\n\nTCP port forwarding with live traffic statistics.\n\n"
                "Profiles: {1}"
            ).format(__version__, self.controller.store.path),
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
