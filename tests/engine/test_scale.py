"""A tunnel holds 5,000 concurrent connections (forwarder in a subprocess, to share out fds)."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.engine.servers import SelectorEchoServer
from tunnelgui.engine.limits import raise_open_files_limit

ROOT = Path(__file__).resolve().parents[2]
CONNECTIONS = 5000


@pytest.mark.slow
def test_five_thousand_concurrent_connections():
    # Here: 5,000 clients + 5,000 server sockets; the forwarder holds the other 10,000.
    if raise_open_files_limit() < 2 * CONNECTIONS + 200:
        pytest.skip("the open-files limit is too low for this test")
    lines: list[str] = []
    with SelectorEchoServer() as server:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tunnelgui",
                "forward",
                "--quiet",
                "--stats-interval",
                "0.25",
                "0",
                f"127.0.0.1:{server.port}",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        reader = threading.Thread(
            target=lambda: lines.extend(line.rstrip("\n") for line in proc.stderr), daemon=True
        )
        reader.start()
        clients: list[socket.socket] = []
        try:
            port = _listen_port(lines)
            for _ in range(CONNECTIONS):
                client = socket.socket()
                clients.append(client)
                client.settimeout(60)
                client.connect(("127.0.0.1", port))
            for index, client in enumerate(clients):
                client.sendall(index.to_bytes(4, "big"))
            for index, client in enumerate(clients):
                assert _recv4(client) == index.to_bytes(4, "big"), f"connection {index}"
            _wait_for_line(lines, f"{CONNECTIONS} active, {CONNECTIONS} total, 0 failed")
            # Ctrl+C with every connection open: all are closed and the process ends promptly.
            started = time.monotonic()
            proc.send_signal(signal.SIGINT)
            assert proc.wait(30) == 0
            assert time.monotonic() - started < 2.0
            for index in (0, CONNECTIONS // 2, CONNECTIONS - 1):
                assert clients[index].recv(1) == b""
        finally:
            for client in clients:
                client.close()
            if proc.poll() is None:
                proc.kill()
                proc.wait(30)
            reader.join(30)
            proc.stderr.close()


def _recv4(sock: socket.socket) -> bytes:
    data = b""
    while len(data) < 4:
        chunk = sock.recv(4 - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _listen_port(lines: list[str]) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for line in list(lines):
            match = re.match(r"127\.0\.0\.1:(\d+) -> ", line)
            if match:
                return int(match.group(1))
        time.sleep(0.05)
    raise AssertionError(f"no status line from the forwarder: {lines}")


def _wait_for_line(lines: list[str], fragment: str) -> None:
    deadline = time.monotonic() + 60
    while not any(fragment in line for line in list(lines)):
        assert time.monotonic() < deadline, f"no line with {fragment!r}; last: {lines[-3:]}"
        time.sleep(0.05)
