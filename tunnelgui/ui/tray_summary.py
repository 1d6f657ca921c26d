"""What the tray's tooltip says about all tunnels at once (no Qt)."""

from __future__ import annotations

from tunnelgui.engine.units import format_rate
from tunnelgui.tunnel_status import TunnelCounts
from tunnelgui.wording import DOWN, TO_CLIENTS, TO_TARGETS, UP

APP_TITLE = "TunnelGUI"


def tooltip_text(counts: TunnelCounts, rates: tuple[float, float]) -> str:
    """Plain text (tray hosts differ in rich-text support), one fact per line."""
    if counts.total == 0:
        return f"{APP_TITLE}\nNo tunnels yet"
    noun = "tunnel" if counts.total == 1 else "tunnels"
    lines = [APP_TITLE, f"{counts.running} of {counts.total} {noun} running"]
    if counts.failed:
        lines.append(f"{counts.failed} failed")
    if counts.target_down:
        target_noun = "target" if counts.target_down == 1 else "targets"
        lines.append(f"{counts.target_down} {target_noun} unreachable")
    if counts.waiting:
        whose = "its" if counts.waiting == 1 else "their"
        lines.append(f"{counts.waiting} waiting for {whose} network address")
    if counts.running:
        to_targets, to_clients = rates
        lines.append(f"{UP} {format_rate(to_targets)} {TO_TARGETS}")
        lines.append(f"{DOWN} {format_rate(to_clients)} {TO_CLIENTS}")
    return "\n".join(lines)
