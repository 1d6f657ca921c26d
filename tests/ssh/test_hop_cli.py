"""`forward --via`, `profiles add --via` and `run --ssh-config` through a real sshd."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import psutil

from tests.cli.test_forward_cli import ROOT, Forwarder, tunnelgui
from tests.engine.servers import (
    TcpServer,
    connect,
    echo,
    recv_exactly,
    reserved_port,
    wait_until,
)


def ssh_descendants(pid: int) -> list[int]:
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [child.pid for child in children if child.name() == "ssh"]


def pid_alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_forward_via_relays_and_sigterm_ends_ssh_within_two_seconds(ssh_world):
    with (
        TcpServer(echo) as server,
        Forwarder(
            "0",
            f"127.0.0.1:{server.port}",
            "--via",
            "bastion",
            "--ssh-config",
            str(ssh_world.config),
        ) as forwarder,
    ):
        match = forwarder.start_line()
        assert match.group(3) == f"127.0.0.1:{server.port} via bastion"
        port = int(match.group(2))
        wait_until(lambda: any("is ready" in line for line in forwarder.stderr_lines),
                   what="the hop is ready")  # fmt: skip
        [ssh_pid] = ssh_descendants(forwarder.proc.pid)
        with connect(port) as client:
            client.sendall(b"through ssh")
            assert recv_exactly(client, 11) == b"through ssh"
        code, took = forwarder.stop(signal.SIGTERM)
        assert code == 0
        wait_until(lambda: not pid_alive(ssh_pid), timeout=2.0, what="ssh ended with us")
        assert took < 2.0


def test_forward_via_a_wrong_key_prints_ssh_reason(ssh_world):
    ssh_world.sshd.authorized.write_text("")
    with Forwarder(
        "0", "127.0.0.1:9", "--via", "bastion", "--ssh-config", str(ssh_world.config)
    ) as forwarder:
        forwarder.start_line()
        wait_until(
            lambda: any("Permission denied (publickey)" in line for line in forwarder.stderr_lines),
            what="ssh's reason on stderr",
        )
        assert any("Not retrying" in line for line in forwarder.stderr_lines)
        forwarder.stop(signal.SIGTERM)


def test_an_option_as_a_destination_is_refused(tmp_path):
    done = subprocess.run(
        tunnelgui("forward", "0", "db:5432", "--via", "-oProxyCommand=touch x"),
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "must not start with '-'" in done.stderr
    assert "Traceback" not in done.stderr


def test_profiles_add_via_saves_the_hop_and_run_uses_one_ssh_for_two_tunnels(ssh_world, tmp_path):
    config = tmp_path / "cfg"
    with reserved_port() as first, reserved_port() as second:
        listen_ports = [first.getsockname()[1], second.getsockname()[1]]
    with TcpServer(echo) as server:
        for name, listen_port in zip(("db", "web"), listen_ports, strict=True):
            add = subprocess.run(
                tunnelgui("profiles", "--config-dir", str(config), "add", name, str(listen_port),
                          f"127.0.0.1:{server.port}", "--via", "bastion"),
                cwd=ROOT, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert add.returncode == 0, add.stderr
            assert f"127.0.0.1:{server.port} via bastion" in add.stdout
        saved = json.loads((config / "profiles.json").read_text())["profiles"][0]
        assert saved["via"] == "bastion" and "ssh_config" not in saved
        run = subprocess.Popen(
            [sys.executable, "-m", "tunnelgui", "run", "--config-dir", str(config),
             "--ssh-config", str(ssh_world.config)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            line = run.stdout.readline()
            assert "via bastion" in line, line
            for listen_port in listen_ports:
                wait_until(lambda port=listen_port: _echoes(port), what="traffic through the hop")
            # Both tunnels go through the one master (a -O forward helper may be on its way out).
            wait_until(lambda: len(ssh_descendants(run.pid)) == 1, what="one ssh for the hop")
            [ssh_pid] = ssh_descendants(run.pid)
            started = time.monotonic()
            run.send_signal(signal.SIGTERM)
            assert run.wait(10) == 0
            wait_until(lambda: not pid_alive(ssh_pid), timeout=2.0, what="ssh ended")
            assert time.monotonic() - started < 2.0
            assert not ssh_descendants(run.pid)
        finally:
            if run.poll() is None:
                run.kill()
                run.wait(10)
            run.stdout.close()
            run.stderr.close()


def _echoes(port: int) -> bool:
    try:
        with connect(port) as client:
            client.sendall(b"hop")
            return recv_exactly(client, 3) == b"hop"
    except OSError:
        return False
