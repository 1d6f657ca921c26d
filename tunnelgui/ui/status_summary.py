"""StatusSummary: the status bar's running count, failures, open connections and total rates."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from tunnelgui.engine.units import format_rate
from tunnelgui.ui.controller import TunnelController
from tunnelgui.wording import DOWN, TO_CLIENTS, TO_TARGETS, UP, counted


def summary_text(controller: TunnelController) -> str:
    """One line, e.g. "2 of 5 tunnels running · 1 target unreachable · 1 failed ·
    3 connections · ↑ 1.2 KB/s to targets ↓ 40 B/s to clients"."""
    # Counted once per change of state, and only running tunnels per tick: cheap whatever the
    # number of profiles.
    counts = controller.counts()
    running = controller.running_tunnel_stats().values()
    connections = sum(stats.active_connections for stats in running)
    to_target, to_client = controller.total_rates()
    parts = [f"{counts.running} of {counted(counts.total, 'tunnel')} running"]
    # "Running" alone would hide what does not work: a listening tunnel whose target (or SSH
    # hop) is down, or one still waiting for its address, is counted apart.
    if counts.target_down:
        parts.append(f"{counted(counts.target_down, 'target')} unreachable")
    if counts.waiting:
        parts.append(f"{counts.waiting} waiting for a network address")
    if counts.failed:
        parts.append(f"{counts.failed} failed")
    parts.append(counted(connections, "connection"))
    parts.append(
        f"{UP} {format_rate(to_target)} {TO_TARGETS}   {DOWN} {format_rate(to_client)} {TO_CLIENTS}"
    )
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
