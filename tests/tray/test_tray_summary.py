"""Tunnel counts and tooltip text (no widgets)."""

from __future__ import annotations

import pytest

from tunnelgui.engine.units import format_rate
from tunnelgui.tunnel_status import (
    TargetHealth,
    TunnelCounts,
    TunnelState,
    TunnelStatus,
    count_tunnels,
)
from tunnelgui.ui.tray_summary import tooltip_text

# The texts are counted with Qt's plurals, whose English forms come from the app's catalog.
pytestmark = pytest.mark.usefixtures("english_catalog")

STOPPED = TunnelStatus()
LISTENING = TunnelStatus(TunnelState.LISTENING)
STARTING = TunnelStatus(TunnelState.STARTING)
FAILED = TunnelStatus(TunnelState.FAILED, error="127.0.0.1:8080 is already in use.")
TARGET_DOWN = TunnelStatus(TunnelState.LISTENING, target=TargetHealth.DOWN, target_error="refused")
TARGET_UP = TunnelStatus(TunnelState.LISTENING, target=TargetHealth.UP)


def test_counts_do_not_count_failed_as_running():
    counts = count_tunnels([STOPPED, LISTENING, FAILED, TARGET_DOWN, STARTING])
    assert counts == TunnelCounts(total=5, running=3, failed=1, target_down=1)


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (0, "0 B/s"),
        (0.4, "0 B/s"),
        (512, "512 B/s"),
        (1536, "1.50 KiB/s"),
        (20 * 1024, "20.0 KiB/s"),
        (300 * 1024 * 1024, "300 MiB/s"),
        (5 * 1024**4, "5.00 TiB/s"),
    ],
)
def test_format_rate(rate, text):
    assert format_rate(rate) == text


def test_tooltip_lists_running_failed_and_rates():
    text = tooltip_text(count_tunnels([LISTENING, FAILED, TARGET_DOWN]), (2048.0, 100.0))
    assert text.splitlines() == [
        "TunnelGUI",
        "2 of 3 tunnels running",
        "1 failed",
        "1 target unreachable",
        "\u2191 2.00 KiB/s to targets",
        "\u2193 100 B/s to clients",
    ]


def test_tooltip_without_running_tunnels_has_no_rates():
    assert tooltip_text(count_tunnels([STOPPED]), (0.0, 0.0)) == "TunnelGUI\n0 of 1 tunnel running"
    assert tooltip_text(count_tunnels([]), (0.0, 0.0)) == "TunnelGUI\nNo tunnels yet"


def test_tooltip_says_when_tunnels_wait_for_their_address():
    waiting = TunnelStatus(TunnelState.LISTENING, waiting_for="192.168.1.5")
    assert waiting.describe() == "waiting for 192.168.1.5"
    counts = count_tunnels([waiting, LISTENING])
    assert counts == TunnelCounts(total=2, running=2, waiting=1)
    assert "1 waiting for its network address" in tooltip_text(counts, (0.0, 0.0)).splitlines()
    two = tooltip_text(count_tunnels([waiting, waiting]), (0.0, 0.0))
    assert "2 waiting for their network address" in two.splitlines()
