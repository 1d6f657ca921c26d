"""The "shaped" badge: how the table, the tray and the details pane show that a running tunnel's
traffic goes through network conditions (a 2-second latency left on must never go unnoticed)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen

from tunnelgui.engine.conditions import active
from tunnelgui.profiles.condition_text import describe_condition
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TunnelStatus
from tunnelgui.ui.color_scheme import Shade, is_dark
from tunnelgui.ui.icon_painter import painted_icon
from tunnelgui.ui.status_icons import StatusKey, key_icon, status_icon, status_key

SHAPED_WORD = QT_TRANSLATE_NOOP("Shaping", "shaped")
# Purple: no other state uses it. The wave on the badge is white on the deep purple, dark on the
# pale one; both read on the light and the dark palette (tests/ui/test_color_scheme.py).
SHAPED_SHADE = Shade("#8e44ad", "#c39bd3")
WAVE_SHADE = Shade("#ffffff", "#1e1e1e")


def shaped_color(dark: bool | None = None) -> QColor:
    """The shaped badge's and the State column's purple for the scheme shown now."""
    return SHAPED_SHADE.on(is_dark() if dark is None else dark)


def _shaped_word() -> str:
    return QCoreApplication.translate("Shaping", SHAPED_WORD)


def is_shaped(profile: Profile, status: TunnelStatus) -> bool:
    """A running tunnel with at least one condition switched on."""
    return status.running and active(profile.conditions)


def state_text(profile: Profile, status: TunnelStatus) -> str:
    """The state column's text: "listening, target up · shaped"."""
    text = status.describe()
    return f"{text} \u00b7 {_shaped_word()}" if is_shaped(profile, status) else text


def shaped_lines(profile: Profile) -> list[str]:
    """The conditions switched on, for a tooltip: a heading and one line each."""
    on = [describe_condition(c) for c in profile.conditions if c.enabled]
    if not on:
        return []
    heading = QCoreApplication.translate("Shaping", "Shaped by network conditions:")
    return [heading, *(f"  \u2022 {line}" for line in on)]


def shaped_names(
    profiles: Iterable[Profile], status_of: Callable[[str], TunnelStatus]
) -> list[str]:
    """Names of the running, shaped tunnels."""
    return [p.name for p in profiles if is_shaped(p, status_of(p.id))]


def tray_tooltip_line(names: list[str]) -> str:
    """The tray tooltip's line about shaped tunnels ("" when none is)."""
    if not names:
        return ""
    if len(names) == 1:
        text = QCoreApplication.translate("Shaping", "\u223f {0} is shaped (network conditions on)")
        return text.format(names[0])
    text = QCoreApplication.translate(
        "Shaping", "\u223f {0} tunnels shaped (network conditions on)"
    )
    return text.format(len(names))


def shaped_entry(
    text: str, tooltip: str, profile: Profile, status: TunnelStatus
) -> tuple[str, str]:
    """A tray menu entry's text and tooltip, marked when its tunnel is shaped. (No icon: on a
    checkable entry Qt draws an icon instead of the check mark that says "running".)"""
    if not is_shaped(profile, status):
        return text, tooltip
    joiner = " \u00b7 " if " \u2014 " in text else " \u2014 "
    lines = "\n".join(shaped_lines(profile))
    return f"{text}{joiner}{_shaped_word()}", f"{tooltip}\n{lines}"


def state_icon(profile: Profile, status: TunnelStatus, dark: bool | None = None) -> QIcon:
    """The status dot, with a purple wave badge while the tunnel is shaped."""
    dark = is_dark() if dark is None else dark
    if is_shaped(profile, status):
        return _shaped_dot(status_key(status), dark)
    return status_icon(status, dark)


@cache
def _shaped_dot(key: StatusKey, dark: bool) -> QIcon:
    def paint(painter: QPainter, size: int) -> None:
        badge = size * 0.55
        rect = QRectF(size - badge, size - badge, badge, badge)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SHAPED_SHADE.on(dark))
        painter.drawEllipse(rect)
        # A small sine wave: traffic that no longer flows straight.
        wave = QPainterPath()
        left, right = rect.left() + badge * 0.2, rect.right() - badge * 0.2
        middle, height = rect.center().y(), badge * 0.18
        wave.moveTo(QPointF(left, middle))
        quarter = (right - left) / 4
        wave.cubicTo(
            QPointF(left + quarter, middle - 2 * height),
            QPointF(left + quarter, middle - 2 * height),
            QPointF(left + 2 * quarter, middle),
        )
        wave.cubicTo(
            QPointF(left + 3 * quarter, middle + 2 * height),
            QPointF(left + 3 * quarter, middle + 2 * height),
            QPointF(right, middle),
        )
        painter.setPen(QPen(WAVE_SHADE.on(dark), max(1.0, size / 14)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(wave)

    return painted_icon(paint, under=key_icon(key, dark))
