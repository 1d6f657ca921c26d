"""Small round status icons for tunnel states, drawn once and cached."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus

# A listening tunnel's dot shows its target's health once known; others show their state.
StatusKey = TunnelState | TargetHealth

COLORS: dict[StatusKey, QColor] = {
    TunnelState.STOPPED: QColor(150, 150, 150),
    TunnelState.STARTING: QColor(52, 152, 219),
    TunnelState.STOPPING: QColor(127, 140, 141),
    TargetHealth.UP: QColor(39, 174, 96),
    TunnelState.LISTENING: QColor(39, 174, 96),
    TargetHealth.DOWN: QColor(230, 126, 34),
    TunnelState.FAILED: QColor(192, 57, 43),
}


def status_key(status: TunnelStatus) -> StatusKey:
    if status.state is TunnelState.LISTENING and status.target is not TargetHealth.UNKNOWN:
        return status.target
    return status.state


@cache
def _dot(key: StatusKey) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = COLORS[key]
        inset = size * 0.22
        rect = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
        if key is TunnelState.STOPPED:
            painter.setPen(QPen(color, max(1.5, size / 10)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        elif key is TunnelState.LISTENING:
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


def key_icon(key: StatusKey) -> QIcon:
    """The dot for one key of status_key() (badges draw over it)."""
    return _dot(key)
