"""Small round status icons for tunnel states, drawn once per light/dark scheme and cached."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen

from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.ui.color_scheme import Shade, is_dark
from tunnelgui.ui.icon_painter import painted_icon

# A listening tunnel's dot shows its target's health once known; others show their state.
StatusKey = TunnelState | TargetHealth

# Each colour reads (3:1 or more) on the light and on the dark palette's base and window;
# tests/ui/test_color_scheme.py checks every pair.
SHADES: dict[StatusKey, Shade] = {
    TunnelState.STOPPED: Shade("#6d7678", "#a0a8ab"),
    TunnelState.STARTING: Shade("#2471a3", "#5dade2"),
    TunnelState.STOPPING: Shade("#566573", "#95a5a6"),
    TargetHealth.UP: Shade("#1e8449", "#52be80"),
    TunnelState.LISTENING: Shade("#1e8449", "#52be80"),
    TargetHealth.DOWN: Shade("#c0590a", "#f0a04b"),
    TunnelState.FAILED: Shade("#c0392b", "#f1736a"),
}


def state_color(key: StatusKey, dark: bool | None = None) -> QColor:
    """The state's colour for the scheme shown now (or the one asked for)."""
    return SHADES[key].on(is_dark() if dark is None else dark)


def status_key(status: TunnelStatus) -> StatusKey:
    if status.state is TunnelState.LISTENING and status.target is not TargetHealth.UNKNOWN:
        return status.target
    return status.state


@cache
def _dot(key: StatusKey, dark: bool) -> QIcon:
    color = state_color(key, dark)

    def paint(painter: QPainter, size: int) -> None:
        inset = size * 0.22
        rect = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
        if key is TunnelState.STOPPED:
            painter.setPen(QPen(color, max(1.5, size / 10)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        elif key is TunnelState.LISTENING:
            # Listening but target health not known yet: a ring around a paler dot.
            painter.setPen(QPen(color, max(1.2, size / 12)))
            painter.setBrush(color.darker(170) if dark else color.lighter(150))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
        painter.drawEllipse(rect)

    return painted_icon(paint)


def status_icon(status: TunnelStatus, dark: bool | None = None) -> QIcon:
    """The state dot for the scheme shown now (or the one asked for); one cached per scheme."""
    return key_icon(status_key(status), dark)


def key_icon(key: StatusKey, dark: bool | None = None) -> QIcon:
    """The dot for one key of status_key() (badges draw over it)."""
    return _dot(key, is_dark() if dark is None else dark)
