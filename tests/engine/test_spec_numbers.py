"""A spec with absurd numbers is refused with a sentence, never an OverflowError."""

from __future__ import annotations

import pytest

from tunnelgui.engine import TunnelStartError
from tunnelgui.engine.spec import HealthPolicy, TunnelSpec

HUGE = 10**400


@pytest.mark.parametrize(
    "changes",
    [
        {"connect_timeout": HUGE},
        {"idle_timeout": HUGE},
        {"connect_timeout": float("inf")},
        {"idle_timeout": float("nan")},
        {"max_connections": -HUGE},
        {"health": HealthPolicy(backoff=(HUGE,))},
    ],
    ids=["connect", "idle", "connect-inf", "idle-nan", "max-connections", "backoff"],
)
def test_absurd_numbers_are_a_start_error(plain_engine, changes):
    spec = TunnelSpec(
        tunnel_id="t", listen_host="127.0.0.1", listen_port=0, target_host="127.0.0.1",
        target_port=9, **changes,
    )  # fmt: skip
    with pytest.raises(TunnelStartError, match="cannot start") as caught:
        plain_engine.start_tunnel(spec)
    assert len(str(caught.value)) < 300
