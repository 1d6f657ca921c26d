"""What the tray's tooltip says about all tunnels at once (no widgets: Qt only translates)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from tunnelgui.engine.units import format_rate
from tunnelgui.i18n import _
from tunnelgui.tunnel_status import TunnelCounts
from tunnelgui.wording import DOWN, TO_CLIENTS, TO_TARGETS, UP

APP_TITLE = "TunnelGUI"


class TraySummary(QObject):
    """The tooltip's translation context (Qt's lupdate reads plurals only from a class's tr)."""


def tooltip_text(counts: TunnelCounts, rates: tuple[float, float]) -> str:
    """Plain text (tray hosts differ in rich-text support), one fact per line."""
    if counts.total == 0:
        return f"{APP_TITLE}\n" + TraySummary.tr("No tunnels yet")
    running = TraySummary.tr("{0} of %n tunnel(s) running", "", counts.total)
    lines = [APP_TITLE, running.format(counts.running)]
    if counts.failed:
        lines.append(TraySummary.tr("{0} failed").format(counts.failed))
    if counts.target_down:
        lines.append(TraySummary.tr("%n target(s) unreachable", "", counts.target_down))
    if counts.waiting:
        lines.append(TraySummary.tr("%n waiting for their network address", "", counts.waiting))
    if counts.running:
        to_targets, to_clients = rates
        # The directions' names come from tunnelgui.wording (gettext), shared with the CLI.
        lines.append(f"{UP} {format_rate(to_targets)} {_(TO_TARGETS)}")
        lines.append(f"{DOWN} {format_rate(to_clients)} {_(TO_CLIENTS)}")
    return "\n".join(lines)
