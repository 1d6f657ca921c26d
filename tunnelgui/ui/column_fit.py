"""ColumnFitter: the tunnels table's column widths follow the table's width, and when space is
short the numbers give way first and the State column keeps its words."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QHeaderView, QTableView

PADDING = 16  # the cell's margins, and the sort arrow in a header


class ColumnFitter(QObject):
    """Sets each column's width when the table calls fit() (on each resize of its viewport;
    an event filter on the viewport would outlive the fitter at exit and crash Qt).

    `preferred` is each column's width in average characters when there is room. With more
    room, `stretch` gets it all. With less, the columns of `give_way` shrink first, in that
    order, down to their `minimum` characters (or their header's width when none is given),
    and `keep` never shrinks below its preferred width, which fits `keep_fits` beside an icon
    (the table scrolls sideways instead).
    A column the user sizes keeps its width from then on (and across runs: WindowLayout saves
    `user_sized` with the header's state).
    """

    def __init__(
        self,
        table: QTableView,
        preferred: Mapping[int, int],
        minimum: Mapping[int, int],
        *,
        stretch: int,
        give_way: Sequence[int],
        keep: int,
        keep_fits: str = "",
    ) -> None:
        super().__init__(table)
        self._table = table
        self._header = table.horizontalHeader()
        self._preferred = dict(preferred)
        self._minimum = dict(minimum)
        self._stretch = stretch
        self._give_way = list(give_way)
        self._keep = keep
        self._keep_fits = keep_fits
        self._fitting = False
        self.user_sized: set[int] = set()
        self._header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._header.setStretchLastSection(False)
        self._header.sectionResized.connect(self._on_section_resized)

    def preferred_width(self, column: int) -> int:
        metrics = self._table.fontMetrics()
        width = self._preferred[column] * metrics.averageCharWidth() + PADDING
        if column == self._keep and self._keep_fits:
            # The text it must show in full, beside the cell's icon.
            icon = self._table.iconSize().width() if self._table.iconSize().isValid() else 16
            width = max(width, metrics.horizontalAdvance(self._keep_fits) + icon + 2 * PADDING)
        return width

    def minimum_width(self, column: int) -> int:
        if column == self._keep:
            return self.preferred_width(column)
        if column in self._minimum:
            chars = self._minimum[column]
            return chars * self._table.fontMetrics().averageCharWidth() + PADDING
        title = str(self._table.model().headerData(column, Qt.Orientation.Horizontal) or "")
        header_width = self._header.fontMetrics().horizontalAdvance(title) + PADDING
        floor = max(header_width, self._header.minimumSectionSize())
        return min(self.preferred_width(column), floor)

    @Slot()
    def fit(self) -> None:
        available = self._table.viewport().width()
        if available <= 0:
            return
        widths = {
            column: self._header.sectionSize(column)
            if column in self.user_sized
            else self.preferred_width(column)
            for column in self._preferred
        }
        excess = sum(widths.values()) - available
        if excess < 0 and self._stretch not in self.user_sized:
            widths[self._stretch] -= excess  # the room left goes to one column
        for column in self._give_way:
            if excess <= 0:
                break
            if column in self.user_sized:
                continue
            give = min(excess, widths[column] - self.minimum_width(column))
            if give > 0:
                widths[column] -= give
                excess -= give
        self._fitting = True
        try:
            # A layout saved by an older version may hold a stretched column: none is.
            self._header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            for column, width in widths.items():
                if self._header.sectionSize(column) != width:
                    self._header.resizeSection(column, width)
        finally:
            self._fitting = False

    @contextmanager
    def restoring(self, user_sized: Iterable[int]) -> Iterator[None]:
        """Around a restore of the header's saved state: its widths are not the user's wishes,
        except for the columns in `user_sized` (as saved with it); a fit follows."""
        self._fitting = True
        try:
            yield
        finally:
            self._fitting = False
        self.user_sized = {c for c in user_sized if c in self._preferred}
        self.fit()

    @Slot(int, int, int)
    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        # A width the user set (a drag on the header) is kept from then on; our own fits and
        # layout restores do not count.
        if not self._fitting:
            self.user_sized.add(column)
