"""StatusSummary: the status bar's running count, failures, open connections and total rates."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from tunnelgui.engine.units import format_rate
from tunnelgui.ui.controller import TunnelController


def summary_text(controller: TunnelController) -> str:
    """One line, e.g. 2 of 5 tunnels running · 1 failed · 3 connections · ↑ 1.2 KB/s ↓ 40 B/s."""
    # Counted once per change of state, and only running tunnels per tick: cheap whatever the
    # number of profiles.
    counts = controller.counts()
    running = controller.running_tunnel_stats().values()
    connections = sum(stats.active_connections for stats in running)
    to_target, to_client = controller.total_rates()
    parts = [f"{counts.running} of {counts.total} tunnels running"]
    if counts.failed:
        parts.append(f"{counts.failed} failed")
    parts.append(f"{connections} connection{'s' if connections != 1 else ''}")
    parts.append(f"\u2191 {format_rate(to_target)}   \u2193 {format_rate(to_client)}")
    return "   \u00b7   ".join(parts)


class StatusSummary(QLabel):
    """Follows the controller's coalesced signals; the text is set only when it changes."""

    def __init__(self, controller: TunnelController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusSummary")
        self.setAccessibleName("Status summary")
        self._controller = controller
        controller.statusChanged.connect(self.refresh)
        controller.statsUpdated.connect(self.refresh)
        controller.profilesChanged.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        text = summary_text(self._controller)
        if text != self.text():
            self.setText(text)
