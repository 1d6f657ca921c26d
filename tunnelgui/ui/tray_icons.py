"""Tray state icons drawn with QPainter, until the resources' artwork replaces them."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from tunnelgui.ui.tray_summary import TrayState

# Tray hosts ask for 16..24 px on most panels, larger on HiDPI ones.
_SIZES = (16, 22, 24, 32, 48, 64)

# Saturated fills with a dark outline stay readable on light and dark panels alike.
_FILL = {
    TrayState.IDLE: QColor(0x9A, 0xA0, 0xA6),
    TrayState.ACTIVE: QColor(0x2E, 0xA0, 0x43),
    TrayState.WARNING: QColor(0xE3, 0xA0, 0x08),
    TrayState.ERROR: QColor(0xD9, 0x30, 0x25),
}


@cache
def tray_state_icon(state: TrayState) -> QIcon:
    icon = QIcon()
    for size in _SIZES:
        icon.addPixmap(_draw(state, size))
    return icon


def _draw(state: TrayState, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = max(1.0, size / 16)
        disc = QRectF(outline, outline, size - 2 * outline, size - 2 * outline)
        painter.setPen(QPen(QColor(0x20, 0x20, 0x20), outline))
        painter.setBrush(_FILL[state])
        painter.drawEllipse(disc)
        _draw_glyph(painter, state, disc)
    finally:
        painter.end()
    return pixmap


def _draw_glyph(painter: QPainter, state: TrayState, disc: QRectF) -> None:
    """A mark inside the disc so the states differ by shape too, not only by colour."""
    width = disc.width()
    pen = QPen(Qt.GlobalColor.white, max(1.5, width / 7))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    center = disc.center()
    arm = width * 0.24
    if state is TrayState.IDLE:
        return
    if state is TrayState.ACTIVE:
        # An arrow: traffic flowing through.
        painter.drawLine(
            QPointF(center.x() - arm, center.y()), QPointF(center.x() + arm, center.y())
        )
        painter.drawLine(
            QPointF(center.x() + arm, center.y()),
            QPointF(center.x() + arm * 0.2, center.y() - arm * 0.8),
        )
        painter.drawLine(
            QPointF(center.x() + arm, center.y()),
            QPointF(center.x() + arm * 0.2, center.y() + arm * 0.8),
        )
    elif state is TrayState.WARNING:
        painter.drawLine(
            QPointF(center.x(), center.y() - arm), QPointF(center.x(), center.y() + arm * 0.3)
        )
        painter.drawPoint(QPointF(center.x(), center.y() + arm))
    else:
        painter.drawLine(
            QPointF(center.x() - arm, center.y() - arm), QPointF(center.x() + arm, center.y() + arm)
        )
        painter.drawLine(
            QPointF(center.x() + arm, center.y() - arm), QPointF(center.x() - arm, center.y() + arm)
        )
