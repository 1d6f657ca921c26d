"""What a tunnel's table row and tray entry show about it at a glance: its state icon and its
badges (a mark with a tooltip line, such as "reachable from other machines").

One place answers "which marks does this tunnel get" for the table and the tray, so a new
badge is one more entry in `badges()` (and its icon in `_BADGE_PAINTERS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPen

from tunnelgui.engine.addresses import exposure_warning
from tunnelgui.engine.stats import TunnelStats
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TunnelStatus
from tunnelgui.ui.color_scheme import Shade, is_dark
from tunnelgui.ui.icon_painter import painted_icon
from tunnelgui.ui.status_icons import status_icon

REACHABLE = QT_TRANSLATE_NOOP("TunnelMarks", "Reachable from other machines")
EXPOSED = "exposed"
GLOBE_SHADE = Shade("#2471a3", "#5dade2")  # reads on light and dark bases (3:1 or more)


@dataclass(frozen=True, slots=True)
class Badge:
    name: str  # a key for icons and tests: "exposed"
    tooltip: str  # one line for the row's or the entry's tooltip


def tunnel_icon(status: TunnelStatus) -> QIcon:
    """The tunnel's state mark (a coloured dot), the same in the table and the tray menu."""
    return status_icon(status)


def listen_exposure(profile: Profile, stats: TunnelStats | None = None) -> str:
    """Why other machines can connect to this tunnel, or "" when only this machine can. A
    running tunnel is judged by the address its socket is bound to (a name or "0" in the
    profile binds whatever it means), a stopped one by the profile's host."""
    host = stats.listen_host if stats is not None and stats.listen_host else profile.listen_host
    return exposure_warning(host)


def badges(profile: Profile, stats: TunnelStats | None = None) -> list[Badge]:
    """The badges this tunnel gets, in the order they are shown."""
    found = []
    exposure = listen_exposure(profile, stats)
    if exposure:
        reachable = QCoreApplication.translate("TunnelMarks", REACHABLE)
        found.append(Badge(EXPOSED, f"{reachable}: {exposure.rstrip('.')}."))
    return found


def badge_icon(name: str, dark: bool | None = None) -> QIcon:
    """The badge's icon for the scheme shown now (or the one asked for)."""
    return _badge_icon(name, is_dark() if dark is None else dark)


def _paint_globe(painter: QPainter, size: int, dark: bool) -> None:
    """A small globe: other machines, the network."""
    color = GLOBE_SHADE.on(dark)
    pen = QPen(color, max(1.2, size / 14))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = size * 0.14
    rect = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
    painter.drawEllipse(rect)
    painter.drawEllipse(rect.adjusted(rect.width() * 0.3, 0, -rect.width() * 0.3, 0))
    middle = rect.center().y()
    painter.drawLine(QPointF(rect.left(), middle), QPointF(rect.right(), middle))


_BADGE_PAINTERS: dict[str, Callable[[QPainter, int, bool], None]] = {EXPOSED: _paint_globe}


@cache
def _badge_icon(name: str, dark: bool) -> QIcon:
    paint = _BADGE_PAINTERS[name]
    return painted_icon(lambda painter, size: paint(painter, size, dark))
