"""Every tunnel state has its own look everywhere it is shown (icon, menu text, sort order)."""

from __future__ import annotations

import pytest

from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.ui.profile_table import _STATE_ORDER
from tunnelgui.ui.status_icons import status_icon, status_key
from tunnelgui.ui.tray_menu import entry_text

STATUSES = [TunnelStatus(state) for state in TunnelState] + [
    TunnelStatus(TunnelState.LISTENING, target=health) for health in TargetHealth
]


@pytest.mark.parametrize("status", STATUSES, ids=lambda s: f"{s.state}-{s.target}")
def test_every_status_has_an_icon_and_menu_text(qapp, status):
    assert not status_icon(status).isNull()
    text = entry_text(Profile(name="web", listen_port=1, target_host="h", target_port=2), status)
    assert text.startswith(("web", "\u26a0 web"))


def test_every_state_sorts_and_has_a_distinct_key():
    assert set(_STATE_ORDER) == set(TunnelState)
    assert len(set(_STATE_ORDER.values())) == len(TunnelState)
    keys = {status_key(s) for s in STATUSES}
    assert {
        TunnelState.STOPPING,
        TunnelState.STARTING,
        TunnelState.STOPPED,
        TunnelState.FAILED,
        TargetHealth.UP,
        TargetHealth.DOWN,
    } <= keys
