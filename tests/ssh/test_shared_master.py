"""Tunnels over the same SSH hop share one ssh master (-O forward and -O cancel per tunnel)."""

from __future__ import annotations

import os

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    echo,
    recv_exactly,
    spec_for,
    tunnel_stats,
    wait_until,
)
from tests.ssh.sshd import ssh_children
from tests.ssh.test_hop import hop_spec, hop_state, start_ready
from tunnelgui.engine import HopState, SshHopTransport
from tunnelgui.engine.errors import TunnelStartError
from tunnelgui.engine.spec import TunnelSpec
from tunnelgui.engine.values import fields


def echoes(port: int, text: bytes) -> bool:
    with connect(port) as client:
        client.sendall(text)
        return recv_exactly(client, len(text)) == text


def one_ssh() -> int:
    """The one ssh child's pid (a -O forward/cancel helper may still be on its way out)."""
    wait_until(lambda: len(ssh_children()) == 1, timeout=5.0, what="exactly one ssh process")
    return ssh_children()[0].pid


def test_three_tunnels_over_one_hop_use_one_ssh_and_the_last_to_stop_ends_it(hop_engine, ssh_world):
    with TcpServer(echo) as first, TcpServer(echo) as second, TcpServer(echo) as third:
        specs = [hop_spec(ssh_world, server.port) for server in (first, second, third)]
        ports = [start_ready(hop_engine, spec) for spec in specs]  # 2 and 3 join a ready master
        master = one_ssh()
        for index, port in enumerate(ports):
            assert echoes(port, f"tunnel {index}".encode())
        # The first tunnel's forward was on the master's command line; cancelling it must
        # leave the others flowing through the same process.
        hop_engine.stop_tunnel(specs[0].tunnel_id)
        assert one_ssh() == master
        assert echoes(ports[1], b"still here")
        assert echoes(ports[2], b"and here")
        hop_engine.stop_tunnel(specs[1].tunnel_id)
        assert one_ssh() == master
        assert echoes(ports[2], b"last one")
        hop_engine.stop_tunnel(specs[2].tunnel_id)
        wait_until(lambda: not ssh_children(), timeout=2.0, what="the master ended")


def test_the_private_folder_is_0700_and_a_stopped_tunnels_socket_is_gone(hop_engine, ssh_world):
    with TcpServer(echo) as first, TcpServer(echo) as second:
        specs = [hop_spec(ssh_world, server.port) for server in (first, second)]
        for spec in specs:
            start_ready(hop_engine, spec)
        [master] = ssh_children()
        folder = os.path.dirname(_control(master.cmdline()))
        assert os.stat(folder).st_mode & 0o777 == 0o700
        sockets = sorted(name for name in os.listdir(folder) if name.startswith("t"))
        assert len(sockets) == 2
        hop_engine.stop_tunnel(specs[1].tunnel_id)
        wait_until(lambda: len(os.listdir(folder)) == 2, what="the cancelled socket removed")
        assert sorted(os.listdir(folder)) == ["master.sock", sockets[0]]
        hop_engine.stop_tunnel(specs[0].tunnel_id)
        wait_until(lambda: not os.path.exists(folder), timeout=2.0, what="the folder removed")


def _control(command: list[str]) -> str:
    [option] = [part for part in command if part.startswith("ControlPath=")]
    return option.split("=", 1)[1]


def test_another_ssh_config_is_another_hop(hop_engine, ssh_world, tmp_path):
    other = tmp_path / "other_config"
    other.write_text(ssh_world.config.read_text())
    with TcpServer(echo) as server:
        start_ready(hop_engine, hop_spec(ssh_world, server.port))
        hop = SshHopTransport(via="bastion", ssh_config=str(other))
        spec = hop_spec(ssh_world, server.port)
        spec = TunnelSpec(**{**_fields(spec), "target_transport": hop, "tunnel_id": "other"})
        start_ready(hop_engine, spec)
        wait_until(lambda: len(ssh_children()) == 2, what="two masters")


def _fields(spec: TunnelSpec) -> dict:
    return {name: getattr(spec, name) for name in fields(spec)}


def test_sshd_killed_brings_every_tunnel_of_the_hop_back_on_one_new_master(hop_engine, ssh_world):
    with TcpServer(echo) as first, TcpServer(echo) as second:
        specs = [hop_spec(ssh_world, server.port) for server in (first, second)]
        ports = [start_ready(hop_engine, spec) for spec in specs]
        hop_engine.stop_tunnel(specs[0].tunnel_id)  # only the second is left: on no command line
        before = one_ssh()
        ssh_world.sshd.stop()
        wait_until(
            lambda: hop_state(hop_engine, specs[1]) is HopState.RECONNECTING,
            what="the hop notices",
        )
        ssh_world.sshd.start()
        wait_until(
            lambda: hop_state(hop_engine, specs[1]) is HopState.READY,
            timeout=20,
            what="the hop is back",
        )
        assert one_ssh() != before
        assert echoes(ports[1], b"after the restart")
        stats = tunnel_stats(hop_engine, specs[1].tunnel_id)
        assert stats.hop_error == ""


def test_a_tunnel_joining_while_the_master_connects_gets_its_forward_when_ready(
    hop_engine, ssh_world
):
    with TcpServer(echo) as first, TcpServer(echo) as second:
        specs = [hop_spec(ssh_world, server.port) for server in (first, second)]
        ports = [hop_engine.start_tunnel(spec).listen_port for spec in specs]  # no wait between
        for spec in specs:
            wait_until(lambda spec=spec: hop_state(hop_engine, spec) is HopState.READY)
        one_ssh()
        assert echoes(ports[0], b"one") and echoes(ports[1], b"two")


def test_where_hops_are_not_supported_a_hop_is_refused_with_what_to_do(hop_engine, monkeypatch):
    from tunnelgui.engine import ssh_process

    monkeypatch.setattr(ssh_process, "HOPS_SUPPORTED", False)  # as on Windows
    spec = spec_for(9, target_transport=SshHopTransport(via="bastion"))
    with pytest.raises(TunnelStartError, match=r"need Linux or macOS.*WSL"):
        hop_engine.start_tunnel(spec)
    assert not ssh_children()


def test_a_tunnel_stopped_while_the_master_connects_leaves_no_forward_behind(hop_engine, ssh_world):
    with TcpServer(echo) as first, TcpServer(echo) as second:
        specs = [hop_spec(ssh_world, server.port) for server in (first, second)]
        hop_engine.start_tunnel(specs[0])
        port = hop_engine.start_tunnel(specs[1]).listen_port
        hop_engine.stop_tunnel(specs[0].tunnel_id)  # its -L is on the connecting master's line
        wait_until(lambda: hop_state(hop_engine, specs[1]) is HopState.READY)
        [master] = ssh_children()
        folder = os.path.dirname(_control(master.cmdline()))
        wait_until(lambda: len(os.listdir(folder)) == 2, what="the departed forward cancelled")
        assert echoes(port, b"the second one")
