"""A tunnel whose listen address is not on this machine waits for it (with the spec's consent)
and binds once it appears, on its own timer or at once when told the network changed. The test
adds and removes a TEST-NET address on the loopback interface; no traffic goes to it."""

from __future__ import annotations

import errno

import pytest

from tests.conftest import EXTRA_ADDRESS as ADDRESS
from tests.engine.servers import TcpServer, echo, spec_for, tunnel_stats, wait_until
from tunnelgui.engine import EventKind, HealthPolicy, TargetHealth, TunnelStartError
from tunnelgui.engine.listen import bind_failure


def test_without_consent_a_missing_address_fails_the_start(plain_engine):
    with pytest.raises(TunnelStartError, match="not an address of this machine") as raised:
        plain_engine.start_tunnel(spec_for(80, listen_host=ADDRESS))
    assert raised.value.address_missing


def test_a_tunnel_waits_for_its_address_and_binds_when_the_network_changes(
    plain_engine, extra_address
):
    with TcpServer(echo) as server:
        spec = spec_for(
            server.port,
            listen_host=ADDRESS,
            listen_port=0,
            wait_for_listen_address=True,
            health=HealthPolicy(backoff=(60.0,)),
        )
        stats = plain_engine.start_tunnel(spec)
        assert stats.waiting_for == ADDRESS
        assert tunnel_stats(plain_engine, spec.tunnel_id).waiting_for == ADDRESS
        kinds = [e.kind for e in plain_engine.events_since(0)]
        assert EventKind.TUNNEL_WAITING in kinds and EventKind.TUNNEL_FAILED not in kinds
        extra_address()
        plain_engine.network_changed()  # at once, not on the next retry
        now = tunnel_stats(plain_engine, spec.tunnel_id)
        assert now.waiting_for == "" and now.listen_address.startswith(f"{ADDRESS}:")
        bound = bind_failure(ADDRESS, now.listen_port)
        assert bound is not None and bound.errno == errno.EADDRINUSE  # our listener holds it
        wait_until(lambda: tunnel_stats(plain_engine, spec.tunnel_id).target_status
                   is TargetHealth.UP)  # fmt: skip


def test_a_waiting_tunnel_binds_on_its_own_and_stops_cleanly(plain_engine, extra_address):
    spec = spec_for(80, listen_host=ADDRESS, listen_port=0, wait_for_listen_address=True)
    plain_engine.start_tunnel(spec)
    extra_address()
    wait_until(lambda: tunnel_stats(plain_engine, spec.tunnel_id).waiting_for == "", timeout=6)
    plain_engine.stop_tunnel(spec.tunnel_id)
    assert spec.tunnel_id not in plain_engine.snapshot().tunnels


def test_stopping_a_waiting_tunnel_ends_the_wait(plain_engine):
    spec = spec_for(80, listen_host=ADDRESS, listen_port=0, wait_for_listen_address=True)
    if bind_failure(ADDRESS, 0) is None:
        pytest.skip(f"{ADDRESS} is an address of this machine")
    plain_engine.start_tunnel(spec)
    with pytest.raises(TunnelStartError, match="already running"):
        plain_engine.start_tunnel(spec)
    plain_engine.stop_tunnel(spec.tunnel_id)
    assert plain_engine.snapshot().tunnels == {}
    messages = [e.message for e in plain_engine.events_since(0)]
    assert messages[-1] == f"Tunnel {spec.tunnel_id!r} stopped waiting for {ADDRESS}."


def test_a_network_change_probes_a_down_target_at_once(plain_engine):
    from tests.engine.servers import reserved_port

    holder = reserved_port()
    port = holder.getsockname()[1]
    spec = spec_for(port, health=HealthPolicy(backoff=(60.0,)))
    plain_engine.start_tunnel(spec)
    try:
        wait_until(
            lambda: tunnel_stats(plain_engine, spec.tunnel_id).target_status is TargetHealth.DOWN
        )
        holder.listen(8)  # back, but the next backoff probe is a minute away
        plain_engine.network_changed()
        wait_until(
            lambda: tunnel_stats(plain_engine, spec.tunnel_id).target_status is TargetHealth.UP,
            timeout=3,
        )
    finally:
        holder.close()
