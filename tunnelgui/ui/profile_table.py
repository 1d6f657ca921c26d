"""The profile table: a model over the controller's profiles and latest stats, plus its proxy."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)

from tunnelgui.engine.stats import TunnelStats
from tunnelgui.engine.units import format_bytes, format_rate
from tunnelgui.profiles.model import Profile
from tunnelgui.traffic_history import Rates
from tunnelgui.tunnel_status import TunnelState, TunnelStatus
from tunnelgui.ui.controller import TunnelController
from tunnelgui.ui.shaping import (
    is_shaped,
    shaped_color,
    shaped_lines,
    state_icon,
    state_text,
)
from tunnelgui.ui.tunnel_marks import EXPOSED, badge_icon, badges, tunnel_icon
from tunnelgui.wording import DOWN, UP

SORT_ROLE = Qt.ItemDataRole.UserRole
PROFILE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
_NO_NUMBERS = (0, 0, 0, 0, 0.0, 0.0)  # a tunnel that is not running


class Column(IntEnum):
    NAME = 0
    GROUP = 1
    LISTEN = 2
    TARGET = 3
    STATE = 4
    ACTIVE = 5
    TOTAL = 6
    TO_TARGET = 7
    TO_CLIENT = 8
    RATE_TO_TARGET = 9
    RATE_TO_CLIENT = 10


# (title, tooltip), marked for translation here and translated when shown.
HEADERS = {
    Column.NAME: (
        QT_TRANSLATE_NOOP("ProfileTable", "Name"),
        QT_TRANSLATE_NOOP("ProfileTable", "The profile's name"),
    ),
    Column.GROUP: (
        QT_TRANSLATE_NOOP("ProfileTable", "Group"),
        QT_TRANSLATE_NOOP("ProfileTable", "Group of related profiles"),
    ),
    Column.LISTEN: (
        QT_TRANSLATE_NOOP("ProfileTable", "Listen"),
        QT_TRANSLATE_NOOP("ProfileTable", "Address TunnelGUI listens on"),
    ),
    Column.TARGET: (
        QT_TRANSLATE_NOOP("ProfileTable", "Target"),
        QT_TRANSLATE_NOOP("ProfileTable", "Where connections are forwarded to"),
    ),
    Column.STATE: (
        QT_TRANSLATE_NOOP("ProfileTable", "State"),
        QT_TRANSLATE_NOOP(
            "ProfileTable", "Tunnel state; while listening, whether the target answers"
        ),
    ),
    Column.ACTIVE: (
        QT_TRANSLATE_NOOP("ProfileTable", "Active"),
        QT_TRANSLATE_NOOP("ProfileTable", "Open connections now"),
    ),
    Column.TOTAL: (
        QT_TRANSLATE_NOOP("ProfileTable", "Total"),
        QT_TRANSLATE_NOOP("ProfileTable", "Connections since the tunnel started"),
    ),
    Column.TO_TARGET: (
        QT_TRANSLATE_NOOP("ProfileTable", "To target"),
        QT_TRANSLATE_NOOP("ProfileTable", "Bytes relayed from clients to the target"),
    ),
    Column.TO_CLIENT: (
        QT_TRANSLATE_NOOP("ProfileTable", "To client"),
        QT_TRANSLATE_NOOP("ProfileTable", "Bytes relayed from the target back to clients"),
    ),
    Column.RATE_TO_TARGET: (
        QT_TRANSLATE_NOOP("ProfileTable", "Rate"),
        QT_TRANSLATE_NOOP("ProfileTable", "Current rate from clients to the target"),
    ),
    Column.RATE_TO_CLIENT: (
        QT_TRANSLATE_NOOP("ProfileTable", "Rate"),
        QT_TRANSLATE_NOOP("ProfileTable", "Current rate from the target back to clients"),
    ),
}
# The direction's arrow before the title of the columns that have one.
ARROWS = {
    Column.TO_TARGET: UP,
    Column.TO_CLIENT: DOWN,
    Column.RATE_TO_TARGET: UP,
    Column.RATE_TO_CLIENT: DOWN,
}


def header_title(column: Column) -> str:
    """The column's title as shown, in the window's language: "↑ To target"."""
    title = QCoreApplication.translate("ProfileTable", HEADERS[column][0])
    arrow = ARROWS.get(column)
    return f"{arrow} {title}" if arrow else title


NUMERIC = frozenset(
    {
        Column.ACTIVE,
        Column.TOTAL,
        Column.TO_TARGET,
        Column.TO_CLIENT,
        Column.RATE_TO_TARGET,
        Column.RATE_TO_CLIENT,
    }
)
_STATE_ORDER = {
    TunnelState.FAILED: 0,
    TunnelState.LISTENING: 1,
    TunnelState.STARTING: 2,
    TunnelState.STOPPING: 3,
    TunnelState.STOPPED: 4,
}


def _numbers(stats: TunnelStats, rate: Rates) -> tuple[float, ...]:
    return (
        stats.active_connections,
        stats.total_connections,
        stats.bytes_to_target,
        stats.bytes_to_client,
        # Rounded so a rate jittering by a few bytes does not repaint the row.
        round(rate.to_target / 64),
        round(rate.to_client / 64),
    )


class ProfileTableModel(QAbstractTableModel):
    """One row per profile, in the store's order. Stats ticks update only rows whose numbers
    changed (dataChanged); profile edits reset the model."""

    def __init__(self, controller: TunnelController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._profiles: list[Profile] = controller.profiles()
        self._rows: dict[str, int] = {p.id: row for row, p in enumerate(self._profiles)}
        self._numbers: dict[str, tuple[float, ...]] = {}
        self._shown: set[str] = set()  # profiles whose numbers are not all zero
        controller.profilesChanged.connect(self.reload)
        controller.statusChanged.connect(self._on_status)
        controller.statsUpdated.connect(self._on_stats)

    # -- updates --------------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        self.beginResetModel()
        self._profiles = self._controller.profiles()
        self._rows = {p.id: row for row, p in enumerate(self._profiles)}
        self._numbers = {p.id: self._numbers_for(p.id) for p in self._profiles}
        self._shown = {pid for pid, numbers in self._numbers.items() if numbers != _NO_NUMBERS}
        self.endResetModel()

    @Slot(str)
    def _on_status(self, profile_id: str) -> None:
        row = self._rows.get(profile_id)
        if row is None:
            return
        numbers = self._numbers[profile_id] = self._numbers_for(profile_id)
        if numbers != _NO_NUMBERS:
            self._shown.add(profile_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    @Slot()
    def _on_stats(self) -> None:
        # Only running tunnels have numbers that a tick can change, and rows that showed some
        # (a tunnel that stopped goes back to blanks): the rest of the profiles cost nothing.
        controller = self._controller
        running = controller.running_tunnel_stats()
        numbers_of = self._numbers
        for profile_id in running.keys() | self._shown:
            row = self._rows.get(profile_id)
            if row is None:
                continue
            stats = running.get(profile_id)
            numbers = _NO_NUMBERS if stats is None else _numbers(stats, controller.rate(profile_id))
            if numbers != numbers_of.get(profile_id, _NO_NUMBERS):
                numbers_of[profile_id] = numbers
                self.dataChanged.emit(
                    self.index(row, Column.ACTIVE), self.index(row, Column.RATE_TO_CLIENT)
                )
        self._shown = {
            profile_id
            for profile_id in running.keys() | self._shown
            if numbers_of.get(profile_id, _NO_NUMBERS) != _NO_NUMBERS
        }

    def _numbers_for(self, profile_id: str) -> tuple[float, ...]:
        """Active, total, bytes to target and to client, rates; all zero while not running."""
        stats = self._controller.running_stats(profile_id)
        if stats is None:
            return _NO_NUMBERS
        return _numbers(stats, self._controller.rate(profile_id))

    # -- access ---------------------------------------------------------------------------------

    def row_of(self, profile_id: str) -> int:
        return self._rows.get(profile_id, -1)

    # -- Qt model -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._profiles)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return header_title(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate("ProfileTable", HEADERS[column][1])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        profile = self._profiles[index.row()]
        column = Column(index.column())
        if role == PROFILE_ID_ROLE:
            return profile.id
        status = self._controller.status(profile.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(profile, status, column)
        if role == SORT_ROLE:
            return self._sort_key(profile, status, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(profile, status, column)
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.STATE:
            return shaped_color() if is_shaped(profile, status) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(profile, status, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, profile: Profile, status: TunnelStatus, column: Column) -> str:
        if column is Column.NAME:
            return profile.name
        if column is Column.GROUP:
            return profile.group
        if column is Column.LISTEN:
            return profile.listen_address
        if column is Column.TARGET:
            return profile.target_label
        if column is Column.STATE:
            return state_text(profile, status)
        stats = self._controller.running_stats(profile.id)
        if stats is None:
            return ""
        if column is Column.ACTIVE:
            return str(stats.active_connections)
        if column is Column.TOTAL:
            return str(stats.total_connections)
        if column is Column.TO_TARGET:
            return format_bytes(stats.bytes_to_target)
        if column is Column.TO_CLIENT:
            return format_bytes(stats.bytes_to_client)
        rate = self._controller.rate(profile.id)
        if column is Column.RATE_TO_TARGET:
            return format_rate(rate.to_target)
        return format_rate(rate.to_client)

    def _sort_key(self, profile: Profile, status: TunnelStatus, column: Column) -> object:
        if column is Column.STATE:
            return _STATE_ORDER[status.state]
        if column is Column.LISTEN:
            return profile.listen_port
        if column is Column.TARGET:
            return profile.target_label.casefold()
        if column in NUMERIC:
            return float(self._numbers.get(profile.id, (0,) * 6)[column - Column.ACTIVE])
        return self._display(profile, status, column).casefold()

    def _decoration(self, profile: Profile, status: TunnelStatus, column: Column) -> object:
        if column is Column.STATE:
            if is_shaped(profile, status):
                return state_icon(profile, status)
            return tunnel_icon(status)
        if column is Column.LISTEN:
            stats = self._controller.running_stats(profile.id)
            if any(b.name == EXPOSED for b in badges(profile, stats)):
                return badge_icon(EXPOSED)
        return None

    def _tooltip(self, profile: Profile, status: TunnelStatus, column: Column) -> str | None:
        if column is Column.LISTEN:
            lines = [b.tooltip for b in badges(profile, self._controller.running_stats(profile.id))]
            return "\n".join([profile.listen_address, *lines]) if lines else None
        if column is Column.STATE:
            lines = [status.describe()]
            if status.target_error:
                target = self.tr("Target: {0}")
                lines.append(target.format(status.target_error))
            if is_shaped(profile, status):
                lines.extend(shaped_lines(profile))
            return "\n".join(lines)
        if column is Column.NAME and profile.notes:
            return profile.notes
        if column in (Column.TO_TARGET, Column.TO_CLIENT):
            stats = self._controller.running_stats(profile.id)
            if stats is not None:
                value = (
                    stats.bytes_to_target if column is Column.TO_TARGET else stats.bytes_to_client
                )
                text = self.tr("{0} byte(s)", "", value)
                return text.format(f"{value:,}")
        return None


class ProfileFilterProxy(QSortFilterProxyModel):
    """Sorts by the model's sort keys; the search box matches any column's text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
