"""The application's window icon: a tunnel glyph drawn with QPainter at the common sizes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

_BLUE = QColor(41, 128, 185)


def application_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addPixmap(_draw(size))
    return icon


def _draw(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        margin = size * 0.06
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_BLUE)
        painter.drawRoundedRect(
            QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.2, size * 0.2
        )
        # An arch (the tunnel) with an arrow passing through it.
        pen = QPen(QColor("white"), max(1.5, size * 0.09))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        arch = QPainterPath(QPointF(size * 0.25, size * 0.78))
        arch.lineTo(size * 0.25, size * 0.5)
        arch.arcTo(QRectF(size * 0.25, size * 0.25, size * 0.5, size * 0.5), 180, -180)
        arch.lineTo(size * 0.75, size * 0.78)
        painter.drawPath(arch)
        y = size * 0.62
        painter.drawLine(QPointF(size * 0.38, y), QPointF(size * 0.62, y))
        painter.drawLine(QPointF(size * 0.55, y - size * 0.07), QPointF(size * 0.62, y))
        painter.drawLine(QPointF(size * 0.55, y + size * 0.07), QPointF(size * 0.62, y))
    finally:
        painter.end()
    return pixmap
