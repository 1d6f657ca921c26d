"""TunnelTableView: the tunnels table, selected by profile id, keeping its selection on reloads."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from tunnelgui.ui.column_fit import ColumnFitter
from tunnelgui.ui.controller import TunnelController
from tunnelgui.ui.profile_table import (
    PROFILE_ID_ROLE,
    Column,
    ProfileFilterProxy,
    ProfileTableModel,
)

# Column widths in average character widths: wide enough for typical values, never the data's.
COLUMN_CHARS = {
    Column.NAME: 18,
    Column.GROUP: 10,
    Column.LISTEN: 18,  # with room for the "reachable from other machines" globe
    Column.TARGET: 32,  # "db.internal:5432 via bastion"
    Column.STATE: 30,  # "listening, target unreachable" beside its dot
    Column.ACTIVE: 6,
    Column.TOTAL: 6,
    Column.TO_TARGET: 9,
    Column.TO_CLIENT: 9,
    Column.RATE_TO_TARGET: 11,
    Column.RATE_TO_CLIENT: 11,
}
# How narrow the text columns may get when the window is (the numbers: their header's width).
MINIMUM_CHARS = {Column.NAME: 10, Column.GROUP: 6, Column.LISTEN: 12, Column.TARGET: 14}
# The State column always has room for this (longer reasons are in its tooltip).
STATE_FITS = "listening, target unreachable"
# When the window is narrow these shrink first, in this order; State keeps its width.
GIVE_WAY = (
    Column.RATE_TO_CLIENT,
    Column.RATE_TO_TARGET,
    Column.TO_CLIENT,
    Column.TO_TARGET,
    Column.TOTAL,
    Column.ACTIVE,
    Column.GROUP,
    Column.TARGET,
    Column.LISTEN,
    Column.NAME,
)


class TunnelTableView(QTableView):
    """One row per profile (ProfileTableModel behind a filter proxy); the rest of the window
    asks it which ids are selected and hears `selectedIdsChanged` when that may have changed
    (a new selection, a new current row, or a selection put back after a reload)."""

    selectedIdsChanged = Signal()

    def __init__(self, controller: TunnelController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column_fitter: ColumnFitter | None = None
        self.setObjectName("profileTable")
        self.setAccessibleName(self.tr("Tunnels"))
        self.profile_model = ProfileTableModel(controller, self)
        self.filter_proxy = ProfileFilterProxy(self)
        self.filter_proxy.setSourceModel(self.profile_model)
        self.setModel(self.filter_proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the user's own order until asked
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        # Tab leaves the table for the next widget (the details tabs); arrows move inside it.
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._size_columns()
        self.selectionModel().selectionChanged.connect(self.selectedIdsChanged)
        self.selectionModel().currentRowChanged.connect(self.selectedIdsChanged)
        self._remembered: list[str] = []
        self.profile_model.modelAboutToBeReset.connect(self._remember_selection)
        self.profile_model.modelReset.connect(self._restore_selection)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.column_fitter is not None:
            self.column_fitter.fit()
        return super().viewportEvent(event)

    def _size_columns(self) -> None:
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        self.column_fitter = ColumnFitter(
            self,
            COLUMN_CHARS,
            MINIMUM_CHARS,
            stretch=Column.STATE,
            give_way=GIVE_WAY,
            keep=Column.STATE,
            keep_fits=STATE_FITS,
        )
        self.column_fitter.fit()

    # -- selection ------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.filter_proxy.index(row, 0).data(PROFILE_ID_ROLE) for row in rows]

    def current_id(self) -> str | None:
        """The profile an edit or the details pane is about: the current row when it is
        selected, else the only selected one, else None."""
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row()):
            selected = self.selected_ids()
            return selected[0] if len(selected) == 1 else None
        return index.siblingAtColumn(0).data(PROFILE_ID_ROLE)

    @Slot(list)
    def select_ids(self, profile_ids: list[str]) -> None:
        selection = self.selectionModel()
        selection.clearSelection()
        first: QModelIndex | None = None
        for profile_id in profile_ids:
            row = self.profile_model.row_of(profile_id)
            if row < 0:
                continue
            index = self.filter_proxy.mapFromSource(self.profile_model.index(row, 0))
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
            self.scrollTo(first)
        self.selectedIdsChanged.emit()

    def set_filter_text(self, text: str) -> None:
        """Show only the rows with `text` in any column (case-insensitive)."""
        self.filter_proxy.setFilterFixedString(text)

    def is_empty(self) -> bool:
        """No profiles at all (not merely none matching the filter)."""
        return self.profile_model.rowCount() == 0

    @Slot()
    def _remember_selection(self) -> None:
        self._remembered = self.selected_ids()

    @Slot()
    def _restore_selection(self) -> None:
        self.select_ids(self._remembered)
