"""How a tunnel with an SSH hop reads in the state column, tray and CLI."""

from __future__ import annotations

import pytest

from tunnelgui.engine.states import HopState, TargetHealth, TunnelState
from tunnelgui.tunnel_status import TunnelStatus, count_tunnels

LISTENING = TunnelState.LISTENING


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (TunnelStatus(LISTENING, hop=HopState.CONNECTING), "listening, connecting to SSH"),
        (TunnelStatus(LISTENING, hop=HopState.READY), "listening, SSH ready"),
        (
            TunnelStatus(LISTENING, hop=HopState.READY, target=TargetHealth.UP),
            "listening, target up",
        ),
        (
            TunnelStatus(LISTENING, hop=HopState.READY, target=TargetHealth.DOWN),
            "listening, target unreachable from the SSH server",
        ),
        (
            TunnelStatus(
                LISTENING, hop=HopState.FAILED, hop_error="Permission denied (publickey)."
            ),
            "listening, SSH failed: Permission denied (publickey).",
        ),
        (
            TunnelStatus(LISTENING, hop=HopState.RECONNECTING, hop_error="Connection refused"),
            "listening, SSH failed: Connection refused; reconnecting",
        ),
        (TunnelStatus(LISTENING, target=TargetHealth.DOWN), "listening, target unreachable"),
    ],
)
def test_each_step_reads_differently(status, text):
    assert status.describe() == text


def test_a_hop_that_is_down_counts_as_an_unreachable_target():
    counts = count_tunnels(
        [TunnelStatus(LISTENING, hop=HopState.FAILED), TunnelStatus(LISTENING, hop=HopState.READY)]
    )
    assert (counts.running, counts.target_down) == (2, 1)
