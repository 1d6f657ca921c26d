"""`tunnelgui run` says what a person needs to know: exposed ports, and clashes between its own
tunnels named as such (not as "another program")."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from tests.engine.servers import TcpServer, connect, echo, recv_exactly
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import Profile

ROOT = Path(__file__).resolve().parents[2]
WAIT = 30.0


def free_port() -> int:
    with TcpServer(echo) as probe:  # a port the OS just handed out, free again once closed
        return probe.port


def test_run_names_its_own_tunnel_in_a_port_clash_and_warns_when_exposed(tmp_path):
    port = free_port()
    with TcpServer(echo) as target:
        first = Profile("bastion", port, "127.0.0.1", target.port, listen_host="0.0.0.0")
        second = Profile("staging", port, "127.0.0.1", target.port)
        profiles_file = tmp_path / "team.json"
        profiles_file.write_text(dump_text([first, second]))
        runner = subprocess.Popen(
            [sys.executable, "-m", "tunnelgui", "run", "--file", str(profiles_file)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert "bastion: listening on 0.0.0.0:" in runner.stdout.readline()
            assert "Running 1 of 2 tunnels" in runner.stdout.readline()
            with connect(port) as client:  # the first one relays, over loopback
                client.sendall(b"ok")
                assert recv_exactly(client, 2) == b"ok"
            runner.send_signal(signal.SIGTERM)
            _, err = runner.communicate(timeout=WAIT)
        finally:
            if runner.poll() is None:
                runner.kill()
                runner.communicate(timeout=WAIT)
    assert runner.returncode == 0
    lines = err.splitlines()
    assert any("warning" in line and "other machines can connect" in line for line in lines)
    clash = [line for line in lines if "'staging' did not start" in line]
    assert clash and "already used by the tunnel 'bastion'" in clash[0], lines
    assert "another program" not in err
    assert json.loads(profiles_file.read_text())["profiles"][1]["name"] == "staging"
