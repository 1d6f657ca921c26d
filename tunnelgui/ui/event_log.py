"""The event log of one tunnel: a bounded table model fed in batches, and the view showing it."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Slot
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from tunnelgui.engine.events import EngineEvent, EventKind
from tunnelgui.engine.states import TargetHealth, TunnelState
from tunnelgui.ui.list_table_model import Index, ListTableModel
from tunnelgui.ui.status_icons import state_color

MAX_EVENTS_SHOWN = 1000

EVENT_LABELS: dict[EventKind, str] = {
    EventKind.TUNNEL_STARTED: QT_TRANSLATE_NOOP("EventLogModel", "started"),
    EventKind.TUNNEL_STOPPED: QT_TRANSLATE_NOOP("EventLogModel", "stopped"),
    EventKind.TUNNEL_FAILED: QT_TRANSLATE_NOOP("EventLogModel", "failed"),
    EventKind.CONNECTION_OPENED: QT_TRANSLATE_NOOP("EventLogModel", "connected"),
    EventKind.CONNECTION_CLOSED: QT_TRANSLATE_NOOP("EventLogModel", "closed"),
    EventKind.CONNECTION_REJECTED: QT_TRANSLATE_NOOP("EventLogModel", "rejected"),
    EventKind.CONNECT_FAILED: QT_TRANSLATE_NOOP("EventLogModel", "target failed"),
    EventKind.TARGET_DOWN: QT_TRANSLATE_NOOP("EventLogModel", "target down"),
    EventKind.TARGET_UP: QT_TRANSLATE_NOOP("EventLogModel", "target up"),
    EventKind.TARGET_MOVED: QT_TRANSLATE_NOOP("EventLogModel", "target moved"),
}
PROBLEM_KINDS = frozenset(
    {
        EventKind.TUNNEL_FAILED,
        EventKind.CONNECTION_REJECTED,
        EventKind.CONNECT_FAILED,
        EventKind.TARGET_DOWN,
    }
)
# The same red and green as the state dots in the tunnel table (for the scheme shown now).
PROBLEM_STATE = TunnelState.FAILED
GOOD_STATE = TargetHealth.UP


def event_label(kind: EventKind) -> str:
    """The Event column's word for a kind of event, in the user's language."""
    text = EVENT_LABELS.get(kind)
    return QCoreApplication.translate("EventLogModel", text) if text else str(kind)


class EventLogModel(ListTableModel):
    """Events oldest first; keeps at most `limit` rows, dropping the oldest in one batch."""

    HEADERS = (
        QT_TRANSLATE_NOOP("EventLogModel", "Time"),
        QT_TRANSLATE_NOOP("EventLogModel", "Event"),
        QT_TRANSLATE_NOOP("EventLogModel", "Details"),
    )

    def __init__(self, parent: QWidget | None = None, limit: int = MAX_EVENTS_SHOWN) -> None:
        super().__init__(parent)
        self.limit = limit
        self._rows: list[EngineEvent] = []

    def set_events(self, events: Sequence[EngineEvent]) -> None:
        self.beginResetModel()
        self._rows = list(events)[-self.limit :]
        self.endResetModel()

    def append(self, events: Iterable[EngineEvent]) -> None:
        """Add a batch with one insert (and at most one removal), however many events it has."""
        new = list(events)[-self.limit :]
        if not new:
            return
        overflow = len(self._rows) + len(new) - self.limit
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            del self._rows[:overflow]
            self.endRemoveRows()
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        event = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return time.strftime("%H:%M:%S", time.localtime(event.time))
            if column == 1:
                return event_label(event.kind)
            return event.message
        if role == Qt.ItemDataRole.ToolTipRole:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(event.time))
            return f"{stamp}\n{event.message}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            if event.kind in PROBLEM_KINDS:
                return QBrush(state_color(PROBLEM_STATE))
            if event.kind in (EventKind.TARGET_UP, EventKind.TUNNEL_STARTED):
                return QBrush(state_color(GOOD_STATE))
        return None


class EventLogView(QTableView):
    """Shows an EventLogModel and follows new events while scrolled to the bottom."""

    def __init__(self, model: EventLogModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventLog")
        self.setAccessibleName(self.tr("Tunnel event log"))
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab moves on to the next widget; arrows move here
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        # Fixed widths from sample texts: ResizeToContents would measure every row on each append.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("00:00:00") + 20)
        header.resizeSection(
            1, metrics.horizontalAdvance(event_label(EventKind.CONNECT_FAILED)) + 24
        )
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self._follow = True
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.modelReset.connect(self.scrollToBottom)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Rows added while the tab was hidden could not scroll it; catch up now.
        if self._follow:
            self.scrollToBottom()

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        if self.isVisible():
            self._follow = value >= self.verticalScrollBar().maximum() - 2

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if self._follow:
            self.scrollToBottom()
