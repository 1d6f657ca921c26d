"""painted_icon: one QIcon drawn by a function at the sizes rows, menus and badges use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

# Table rows and menus at 1x and 1.5x, and 2x screens: Qt picks the nearest.
ICON_SIZES = (16, 24, 32)


def painted_icon(paint: Callable[[QPainter, int], None], under: QIcon | None = None) -> QIcon:
    """An icon whose pixmap of each size is `paint(painter, size)` on a transparent square, or
    on `under`'s pixmap of that size (a badge drawn over a state dot)."""
    icon = QIcon()
    for size in ICON_SIZES:
        if under is not None:
            pixmap = under.pixmap(size, size)
        else:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            paint(painter, size)
        finally:
            painter.end()
        icon.addPixmap(pixmap)
    return icon
