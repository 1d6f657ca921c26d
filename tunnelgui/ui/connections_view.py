"""The open connections of one tunnel: a table model updated in place each tick, and its view."""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from tunnelgui.engine.states import ConnectionState
from tunnelgui.engine.stats import ConnectionStats
from tunnelgui.engine.units import format_bytes, format_duration
from tunnelgui.ui.list_table_model import Index, ListTableModel

# Thousands of rows updated four times a second would cost more than the whole relay; nobody
# reads past a few hundred anyway. The pane says how many are not shown.
MAX_CONNECTIONS_SHOWN = 300

# The engine's words for a connection's state, as the table shows them.
STATE_LABELS: dict[ConnectionState, str] = {
    ConnectionState.CONNECTING: QT_TRANSLATE_NOOP("ConnectionsModel", "connecting"),
    ConnectionState.OPEN: QT_TRANSLATE_NOOP("ConnectionsModel", "open"),
    ConnectionState.CLOSING: QT_TRANSLATE_NOOP("ConnectionsModel", "closing"),
    ConnectionState.CLOSED: QT_TRANSLATE_NOOP("ConnectionsModel", "closed"),
}


def state_label(state: ConnectionState) -> str:
    text = STATE_LABELS.get(state, str(state.value))
    return QCoreApplication.translate("ConnectionsModel", text)


class ConnectionsModel(ListTableModel):
    """Rows in connection order (oldest first); rows are inserted/removed, never reset, so the
    selection survives updates."""

    HEADERS = (
        QT_TRANSLATE_NOOP("ConnectionsModel", "Client"),
        QT_TRANSLATE_NOOP("ConnectionsModel", "Age"),
        QT_TRANSLATE_NOOP("ConnectionsModel", "State"),
        QT_TRANSLATE_NOOP("ConnectionsModel", "To target"),
        QT_TRANSLATE_NOOP("ConnectionsModel", "To client"),
    )
    RIGHT_ALIGNED = frozenset({1, 3, 4})

    def __init__(self, parent: QWidget | None = None, limit: int = MAX_CONNECTIONS_SHOWN) -> None:
        super().__init__(parent)
        self.limit = limit
        self._rows: list[ConnectionStats] = []
        self._total = 0
        self._now = time.time()

    @property
    def total(self) -> int:
        """How many connections the tunnel has, including those beyond the limit."""
        return self._total

    def conn_id_at(self, row: int) -> int:
        return self._rows[row].conn_id

    def set_connections(self, connections: Sequence[ConnectionStats], now: float) -> None:
        """Replace the rows with the latest connections, touching only what changed."""
        self._now = now
        self._total = len(connections)
        latest = sorted(connections, key=lambda conn: conn.conn_id)[: self.limit]
        keep = {conn.conn_id for conn in latest}
        # Remove closed connections bottom-up, in contiguous blocks.
        row = len(self._rows) - 1
        while row >= 0:
            if self._rows[row].conn_id in keep:
                row -= 1
                continue
            last = row
            while row - 1 >= 0 and self._rows[row - 1].conn_id not in keep:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._rows[row : last + 1]
            self.endRemoveRows()
            row -= 1
        known = {conn.conn_id for conn in self._rows}
        by_id = {conn.conn_id: conn for conn in latest}
        self._rows = [by_id[conn.conn_id] for conn in self._rows]
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1)
            )
        new = [conn for conn in latest if conn.conn_id not in known]
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        conn = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return conn.peer
            if column == 1:
                return format_duration(self._now - conn.started_at)
            if column == 2:
                return state_label(conn.state)
            if column == 3:
                return format_bytes(conn.bytes_to_target)
            return format_bytes(conn.bytes_to_client)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(
                "{0}, connection #{1}, {2}\n{3:,} bytes to target, {4:,} to client"
            ).format(
                conn.peer,
                conn.conn_id,
                state_label(conn.state),
                conn.bytes_to_target,
                conn.bytes_to_client,
            )
        return None


class ConnectionsView(QTableView):
    def __init__(self, model: ConnectionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionsView")
        self.setAccessibleName(self.tr("Open connections"))
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab moves on to the next widget; arrows move here
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        # Fixed widths from sample texts: ResizeToContents would measure every row every tick.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in (
            (1, "23 h 59 min"),
            (2, state_label(ConnectionState.CONNECTING)),
            (3, "999 MiB"),
            (4, "999 MiB"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        header.setHighlightSections(False)

    def selected_conn_ids(self) -> list[int]:
        model = self.model()
        assert isinstance(model, ConnectionsModel)
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [model.conn_id_at(row) for row in rows]
