"""Small round status icons for tunnel states, drawn once and cached."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus

COLORS = {
    "stopped": QColor(150, 150, 150),
    "starting": QColor(52, 152, 219),
    "stopping": QColor(127, 140, 141),
    "up": QColor(39, 174, 96),
    "listening": QColor(39, 174, 96),
    "target-down": QColor(230, 126, 34),
    "failed": QColor(192, 57, 43),
}


def status_key(status: TunnelStatus) -> str:
    if status.state is TunnelState.LISTENING:
        if status.target is TargetHealth.DOWN:
            return "target-down"
        return "up" if status.target is TargetHealth.UP else "listening"
    return status.state.value


@cache
def _dot(key: str) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = COLORS[key]
        inset = size * 0.22
        rect = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
        if key == "stopped":
            painter.setPen(QPen(color, max(1.5, size / 10)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        elif key == "listening":
            # Listening but target health not known yet: a ring around a smaller dot.
            painter.setPen(QPen(color, max(1.2, size / 12)))
            painter.setBrush(color.lighter(150))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
        painter.drawEllipse(rect)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def status_icon(status: TunnelStatus) -> QIcon:
    return _dot(status_key(status))
