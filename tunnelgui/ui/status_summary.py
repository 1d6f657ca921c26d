"""StatusSummary: the status bar's running count, failures, open connections and total rates."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from tunnelgui.engine.units import format_rate
from tunnelgui.i18n import _
from tunnelgui.ui.controller import TunnelController
from tunnelgui.wording import DOWN, TO_CLIENTS, TO_TARGETS, UP


def summary_text(controller: TunnelController) -> str:
    """One line, e.g. "2 of 5 tunnels running · 1 target unreachable · 1 failed ·
    3 connections · ↑ 1.2 KB/s to targets ↓ 40 B/s to clients"."""
    # Counted once per change of state, and only running tunnels per tick: cheap whatever the
    # number of profiles.
    counts = controller.counts()
    running = controller.running_tunnel_stats().values()
    connections = sum(stats.active_connections for stats in running)
    to_target, to_client = controller.total_rates()
    running_text = StatusSummary.tr("{0} of %n tunnel(s) running", "", counts.total)
    parts = [running_text.format(counts.running)]
    # "Running" alone would hide what does not work: a listening tunnel whose target (or SSH
    # hop) is down, or one still waiting for its address, is counted apart.
    if counts.target_down:
        parts.append(StatusSummary.tr("%n target(s) unreachable", "", counts.target_down))
    if counts.waiting:
        parts.append(StatusSummary.tr("{0} waiting for a network address").format(counts.waiting))
    if counts.failed:
        parts.append(StatusSummary.tr("{0} failed").format(counts.failed))
    parts.append(StatusSummary.tr("%n connection(s)", "", connections))
    # The directions' names come from tunnelgui.wording (gettext), shared with the CLI.
    parts.append(
        f"{UP} {format_rate(to_target)} {_(TO_TARGETS)}   "
        f"{DOWN} {format_rate(to_client)} {_(TO_CLIENTS)}"
    )
    return "   \u00b7   ".join(parts)


class StatusSummary(QLabel):
    """Follows the controller's coalesced signals; the text is set only when it changes."""

    def __init__(self, controller: TunnelController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusSummary")
        self.setAccessibleName(self.tr("Status summary"))
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
