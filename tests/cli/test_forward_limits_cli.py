"""`tunnelgui forward` out of file descriptors: clients wait for capacity instead of failing."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.engine.servers import TcpServer, connect, echo, recv_exactly

resource = pytest.importorskip("resource")

ROOT = Path(__file__).resolve().parents[2]
FD_LIMIT = 48
CLIENTS = 40

# Runs the CLI with a small open-files limit (hard too, so the engine cannot raise it).
LAUNCH = (
    "import resource, runpy, sys; "
    f"resource.setrlimit(resource.RLIMIT_NOFILE, ({FD_LIMIT}, {FD_LIMIT})); "
    "sys.argv = ['tunnelgui'] + sys.argv[1:]; "
    "runpy.run_module('tunnelgui', run_name='__main__')"
)


def served(client: socket.socket, byte: bytes, timeout: float) -> bool:
    client.settimeout(timeout)
    try:
        client.sendall(byte)
        return recv_exactly(client, 1) == byte
    except TimeoutError:
        return False


def test_clients_wait_while_out_of_file_descriptors():
    lines: list[str] = []
    with TcpServer(echo) as server:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                LAUNCH,
                "forward",
                "--stats-interval",
                "0.2",
                "--connect-timeout",
                "60",
                "0",
                f"127.0.0.1:{server.port}",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
        reader.start()
        clients: list[socket.socket] = []
        try:
            port = int(proc.stdout.readline().split(":")[1].split()[0])
            clients = [connect(port) for _ in range(CLIENTS)]
            first = [c for c in clients if served(c, b"a", 0.1)]
            waiting = [c for c in clients if c not in first]
            assert first and waiting, "the limit should let some but not all clients in"
            for client in first:
                client.close()
            for client in waiting:
                # They were kept waiting, not closed; each one served and closed makes room.
                client.settimeout(20)
                assert recv_exactly(client, 1) == b"a"
                assert served(client, b"b", 20)
                client.close()
            deadline = time.monotonic() + 30
            while not any(f"0 active, {CLIENTS} total, 0 failed" in line for line in lines):
                if time.monotonic() > deadline:
                    # Show where the forwarder's threads are (faulthandler dumps on SIGABRT).
                    proc.send_signal(signal.SIGABRT)
                    proc.wait(30)
                    reader.join(30)
                    raise AssertionError("".join(lines[-40:]))
                time.sleep(0.05)
            proc.send_signal(signal.SIGINT)
            assert proc.wait(30) == 0
        finally:
            for client in clients:
                client.close()
            if proc.poll() is None:
                proc.kill()
                proc.wait(30)
            reader.join(30)
            proc.stdout.close()
            proc.stderr.close()
