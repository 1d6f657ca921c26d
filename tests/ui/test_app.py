"""`tunnelgui` (the GUI) as a real process: opens, relays, and quits cleanly on a signal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.loopback import closed_by_peer, free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore

ROOT = Path(__file__).resolve().parents[2]


def _connect_when_listening(port: int, process: subprocess.Popen, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the app did not listen on {port} within {timeout} s")


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_app_process_relays_and_quits_cleanly_on_sigterm(tmp_path, echo_server):
    config = tmp_path / "app-config"
    profile = Profile("echo", free_port(), "127.0.0.1", echo_server.port, autostart=True)
    ProfileStore.open(config / "profiles.json").add(profile)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tunnelgui", "--config-dir", str(config)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with _connect_when_listening(profile.listen_port, process) as client:
            client.sendall(b"through the app")
            assert client.recv(100) == b"through the app"
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=20)
            assert closed_by_peer(client)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert (config / "profiles.json").exists()
