"""The relay benchmark's forwarders (haproxy, nginx, rinetd, the app) and its congestion-control
passes (no timing)."""

from __future__ import annotations

import socket
from pathlib import Path

import psutil
import pytest

from benchmarks import congestion, relay_bench
from benchmarks.forwarders import HAProxy, TunnelGUIApp, haproxy_config
from benchmarks.stream_relays import NginxStream, Rinetd


@pytest.mark.skipif(not HAProxy.available(), reason="haproxy is not installed")
@pytest.mark.parametrize("splice", [False, True])
def test_haproxy_relays_and_is_gone_after_the_measurement(splice):
    server = socket.create_server(("127.0.0.1", 0))
    forwarder = HAProxy(splice)
    try:
        with forwarder.running(server.getsockname()[1]) as run:
            pid = run.process.pid
            with socket.create_connection(("127.0.0.1", run.port), timeout=10) as client:
                server.settimeout(10)
                accepted, _ = server.accept()
                with accepted:
                    client.sendall(b"ping")
                    assert accepted.recv(4) == b"ping"
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        folder = Path(forwarder._folder.name)
        assert any(folder.glob("*.cfg"))
    finally:
        forwarder.close()
        server.close()
    assert not folder.exists()


def test_haproxy_config_fits_the_open_files_limit():
    plain = haproxy_config(1000, 2000, splice=False)
    spliced = haproxy_config(1000, 2000, splice=True)
    assert "bind 127.0.0.1:1000" in plain and "server target 127.0.0.1:2000" in plain
    assert "splice" not in plain
    assert "option splice-auto" in spliced and "maxpipes 256" in spliced


def test_a_congestion_pass_restores_the_default_even_when_it_fails(tmp_path, monkeypatch):
    sysctl = tmp_path / "tcp_congestion_control"
    sysctl.write_text("bbr\n")
    monkeypatch.setattr(congestion, "SYSCTL", sysctl)
    with pytest.raises(KeyboardInterrupt), congestion.system_default_set_to("cubic"):
        assert congestion.system_default() == "cubic"
        raise KeyboardInterrupt
    assert congestion.system_default() == "bbr"


def test_passes_follow_the_choice(monkeypatch):
    monkeypatch.setattr(congestion, "system_default", lambda: "bbr")
    monkeypatch.setattr(congestion, "can_set", lambda name: True)
    args = relay_bench.parse_args(["--congestion", "both"])
    assert relay_bench.congestion_passes(args) == [None, "cubic"]
    args.congestion = "auto"
    assert relay_bench.congestion_passes(args) == [None, "cubic"]
    monkeypatch.setattr(congestion, "can_set", lambda name: False)
    assert relay_bench.congestion_passes(args) == [None]
    monkeypatch.setattr(congestion, "system_default", lambda: "cubic")
    args.congestion = "both"
    assert relay_bench.congestion_passes(args) == [None]  # cubic already: one pass


def test_compare_needs_a_name_and_a_checkout(capsys):
    with pytest.raises(SystemExit):
        relay_bench.parse_args(["--compare", "nowhere"])
    assert "expected NAME=DIR" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        relay_bench.parse_args(["--compare", "base=/nonexistent-checkout"])
    assert "no tunnelgui package there" in capsys.readouterr().err


def _relay_once_then_gone(forwarder) -> None:
    """One byte each way through the forwarder; after its block every process it ran is gone."""
    server = socket.create_server(("127.0.0.1", 0))
    try:
        with forwarder.running(server.getsockname()[1]) as run:
            tree = run.tree()
            with socket.create_connection(("127.0.0.1", run.port), timeout=20) as client:
                client.sendall(b"ping")
                server.settimeout(20)
                for _attempt in range(5):  # the app's health probe connects and closes first
                    accepted, _ = server.accept()
                    accepted.settimeout(20)
                    data = accepted.recv(4)
                    if data:
                        break
                    accepted.close()
                with accepted:
                    assert data == b"ping"
                    accepted.sendall(b"pong")
                    client.settimeout(20)
                    assert client.recv(4) == b"pong"
        for proc in tree:
            assert not psutil.pid_exists(proc.pid) or proc.status() == psutil.STATUS_ZOMBIE
        folder = Path(forwarder._folder.name)
        assert folder.exists()
    finally:
        forwarder.close()
        server.close()
    assert not folder.exists()  # its config files went with close()


@pytest.mark.skipif(not NginxStream.available(), reason="nginx's stream module is not installed")
def test_nginx_stream_relays_and_is_gone_after_the_measurement():
    _relay_once_then_gone(NginxStream())


@pytest.mark.skipif(not Rinetd.available(), reason="rinetd is not installed")
def test_rinetd_relays_and_is_gone_after_the_measurement():
    _relay_once_then_gone(Rinetd())


@pytest.mark.slow
def test_the_app_relays_through_its_autostart_profile_and_is_gone_after():
    _relay_once_then_gone(TunnelGUIApp(Path(__file__).resolve().parents[1]))
