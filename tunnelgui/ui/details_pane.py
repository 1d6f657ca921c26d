"""DetailsPane: the selected tunnel's live traffic chart, open connections and event log."""

from __future__ import annotations

import time

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tunnelgui.engine.events import EngineEvent
from tunnelgui.engine.units import format_bytes
from tunnelgui.i18n import _
from tunnelgui.tunnel_status import TunnelStatus
from tunnelgui.ui.conditions_tab import ConditionsTab
from tunnelgui.ui.connections_view import ConnectionsModel, ConnectionsView
from tunnelgui.ui.controller import TunnelController
from tunnelgui.ui.event_log import EventLogModel, EventLogView
from tunnelgui.ui.shaping import state_text
from tunnelgui.ui.traffic_chart import TrafficChart
from tunnelgui.wording import DOWN, TO_CLIENT, TO_TARGET, UP


class DetailsPane(QWidget):
    """Follows one profile (set_profile); updates from the controller's coalesced signals only."""

    dropRequested = Signal(str, list)  # profile id, connection ids

    def __init__(self, controller: TunnelController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPane")
        self.setAccessibleName(self.tr("Tunnel details"))
        self._controller = controller
        self._profile_id: str | None = None

        self.title = QLabel()
        self.title.setObjectName("detailsTitle")
        self.title.setAccessibleName(self.tr("Selected tunnel"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("detailsSummary")
        self.summary.setAccessibleName(self.tr("Selected tunnel summary"))

        self.chart = TrafficChart()
        self.connections_model = ConnectionsModel(self)
        self.connections_view = ConnectionsView(self.connections_model)
        self.connections_note = QLabel()
        self.connections_note.setObjectName("connectionsNote")
        self.connections_note.setAccessibleName(self.tr("Connections shown"))
        self.drop_button = QPushButton(self.tr("Drop connection"))
        self.drop_button.setObjectName("dropConnectionButton")
        self.drop_button.setAccessibleName(self.tr("Drop connection"))
        self.drop_button.setToolTip(self.tr("Close the selected connections at once"))
        self.drop_button.setEnabled(False)
        self.drop_button.clicked.connect(self._drop_selected)
        self.connections_view.selectionModel().selectionChanged.connect(self._update_drop_button)
        self.event_model = EventLogModel(self)
        self.event_view = EventLogView(self.event_model)

        connections_page = QWidget()
        connections_page.setObjectName("connectionsPage")
        page_layout = QVBoxLayout(connections_page)
        page_layout.setContentsMargins(0, 6, 0, 0)
        page_layout.addWidget(self.connections_view)
        row = QHBoxLayout()
        row.addWidget(self.connections_note, 1)
        row.addWidget(self.drop_button)
        page_layout.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailsTabs")
        self.tabs.setAccessibleName(self.tr("Tunnel details tabs"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.chart, self.tr("Traffic"))
        self.tabs.addTab(connections_page, self.tr("Connections"))
        self.tabs.addTab(self.event_view, self.tr("Events"))
        self.conditions_tab = ConditionsTab(controller)
        self.tabs.addTab(self.conditions_tab, self.conditions_tab.editor.tab_title())
        self.conditions_tab.titleChanged.connect(self._on_conditions_title)
        self.connections_page = connections_page
        self.tabs.currentChanged.connect(self._on_tab_changed)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

        self._on_tab_changed(self.tabs.currentIndex())
        controller.statsUpdated.connect(self._on_stats)
        controller.eventsAppended.connect(self._on_events)
        controller.statusChanged.connect(self._on_status)
        controller.profilesChanged.connect(self._refresh_header)
        self.set_profile(None)

    def set_profile(self, profile_id: str | None) -> None:
        if profile_id == self._profile_id and profile_id is not None:
            return
        self._profile_id = profile_id
        self.connections_model.set_connections([], time.time())
        self.event_model.set_events(self._controller.events(profile_id) if profile_id else [])
        self.setEnabled(profile_id is not None)
        self.conditions_tab.set_profile(profile_id)
        self._refresh_header()
        self._refresh_traffic()

    # -- updates --------------------------------------------------------------------------------

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        # Per-connection rows cost the relay loop time on every snapshot: ask for them only
        # while someone looks at them.
        self._controller.set_connections_wanted(self.tabs.widget(index) is self.connections_page)

    @Slot()
    def _refresh_header(self) -> None:
        profile = self._controller.profile(self._profile_id) if self._profile_id else None
        if profile is None:
            self.title.setText(self.tr("No tunnel selected"))
            self.summary.setText(
                self.tr("Select a tunnel to see its traffic, connections and events.")
            )
            return
        self.title.setText(profile.name)
        status = self._controller.status(profile.id)
        self.summary.setText(
            f"{profile.listen_address} \u2192 {profile.target_label}   \u00b7   "
            f"{state_text(profile, status)}"
        )

    @Slot(str)
    def _on_conditions_title(self, title: str) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.conditions_tab), title)

    @Slot(str)
    def _on_status(self, profile_id: str) -> None:
        if profile_id == self._profile_id:
            self._refresh_header()
            self._refresh_traffic()

    @Slot()
    def _on_stats(self) -> None:
        self._refresh_traffic()

    def _refresh_traffic(self) -> None:
        profile_id = self._profile_id
        history = self._controller.history
        now = history.latest_time or 0.0
        samples = history.samples(profile_id) if profile_id else ()
        status = self._controller.status(profile_id) if profile_id else TunnelStatus()
        self.chart.set_placeholder(
            self.tr("No traffic yet")
            if status.running
            else self.tr("Not running \u2013 start it to see traffic")
        )
        self.chart.set_samples(samples, now)
        stats = self._controller.running_stats(profile_id) if profile_id else None
        connections = stats.connections if stats else ()
        self.connections_model.set_connections(connections, time.time())
        total = stats.active_connections if stats else 0
        shown = self.connections_model.rowCount()
        if stats is None:
            note = self.tr("Not running.")
        elif total == 0:
            note = self.tr("No open connections.")
        elif 0 < shown < total:
            note = self.tr("Showing the {0} oldest of {1} open connections.").format(shown, total)
        elif total == 1:
            note = self.tr("1 open connection.")
        else:
            note = self.tr("{0} open connections.").format(total)
        if stats is not None:
            since = stats.total_connections
            # Separate sentences for one and many: English needs both without a catalog.
            if since == 1:
                started = self.tr("Since start: 1 connection")
            else:
                started = self.tr("Since start: {0} connections").format(since)
            note += "  " + self.tr("{0}, {1} {2} {3}, {4} {5} {6}").format(
                started,
                UP,
                format_bytes(stats.bytes_to_target),
                _(TO_TARGET),
                DOWN,
                format_bytes(stats.bytes_to_client),
                _(TO_CLIENT),
            )
            discarded = stats.discarded_to_target + stats.discarded_to_client
            if discarded:
                note += self.tr(", {0} discarded on reset").format(format_bytes(discarded))
            if stats.failed_connections or stats.rejected_connections:
                note += self.tr(", {0} failed, {1} rejected").format(
                    stats.failed_connections, stats.rejected_connections
                )
            note += self.tr(".")
        self.connections_note.setText(note)
        self._update_drop_button()

    @Slot(object)
    def _on_events(self, events: list[EngineEvent]) -> None:
        if self._profile_id is None:
            return
        mine = [event for event in events if event.tunnel_id == self._profile_id]
        if mine:
            self.event_model.append(mine)

    @Slot()
    def _update_drop_button(self) -> None:
        self.drop_button.setEnabled(bool(self.connections_view.selected_conn_ids()))

    @Slot()
    def _drop_selected(self) -> None:
        conn_ids = self.connections_view.selected_conn_ids()
        if self._profile_id and conn_ids:
            self.dropRequested.emit(self._profile_id, conn_ids)
