"""`tunnelgui run` as a subprocess: real tunnels on loopback, a limit enforced, a failed start."""

from __future__ import annotations

import os
import queue
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tunnelgui.profiles.model import Profile, ProfileOptions
from tunnelgui.profiles.store import ProfileStore

pytest.importorskip("tunnelgui.headless", reason="needs the engine's headless runner")

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20.0  # generous: the machine is shared


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(4096):
            self.request.sendall(data)


class EchoServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def echo_port() -> Iterator[int]:
    server = EchoServer(("127.0.0.1", 0), EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=WAIT)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lines_of(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def wait_for_line(lines: queue.Queue, text: str, seen: list[str]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"no line with {text!r}; got {seen}")


def echo_once(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as client:
        client.sendall(payload)
        return client.recv(4096)


def is_turned_away(client: socket.socket) -> bool:
    """A rejected client is closed at once: EOF or a reset, and no echo."""
    try:
        client.sendall(b"hello?")
        return client.recv(4096) == b""
    except ConnectionError:
        return True


@pytest.mark.skipif(os.name != "posix", reason="stops the runner with SIGINT")
def test_run_starts_the_profiles_enforces_the_limit_and_stops_on_sigint(
    isolated_config_dir, echo_port
):
    listen_port = free_port()
    with socket.socket() as squatter:  # holds the port of the profile that must fail
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken_port = squatter.getsockname()[1]
        store = ProfileStore.open(isolated_config_dir / "profiles.json")
        store.add(
            Profile(
                name="limited",
                listen_port=listen_port,
                target_host="127.0.0.1",
                target_port=echo_port,
                options=ProfileOptions(max_connections=1),
            )
        )
        store.add(
            Profile(
                name="blocked",
                listen_port=taken_port,
                target_host="127.0.0.1",
                target_port=echo_port,
            )
        )
        runner = subprocess.Popen(
            [sys.executable, "-m", "tunnelgui", "run", "--config-dir", str(isolated_config_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        out: queue.Queue = queue.Queue()
        err: queue.Queue = queue.Queue()
        readers = [
            threading.Thread(target=lines_of, args=(runner.stdout, out), daemon=True),
            threading.Thread(target=lines_of, args=(runner.stderr, err), daemon=True),
        ]
        for reader in readers:
            reader.start()
        seen_out: list[str] = []
        seen_err: list[str] = []
        try:
            wait_for_line(out, "Running 1 of 2 tunnels", seen_out)
            assert any(
                f"limited: listening on 127.0.0.1:{listen_port}" in line for line in seen_out
            )
            wait_for_line(err, "'blocked' did not start", seen_err)

            with socket.create_connection(("127.0.0.1", listen_port), timeout=WAIT) as first:
                first.sendall(b"ping")
                assert first.recv(4096) == b"ping"
                with socket.create_connection(("127.0.0.1", listen_port), timeout=WAIT) as second:
                    assert is_turned_away(second)
            # The slot is free again once the first client has gone (closing takes a moment).
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    if echo_once(listen_port, b"again") == b"again":
                        break
                except ConnectionError:
                    pass
                assert time.monotonic() < deadline, "the limit never freed up"
                time.sleep(0.1)

            runner.send_signal(signal.SIGINT)
            assert runner.wait(timeout=WAIT) == 0
        finally:
            if runner.poll() is None:
                runner.kill()
                runner.wait(timeout=WAIT)
            for reader in readers:
                reader.join(timeout=WAIT)
            runner.stdout.close()
            runner.stderr.close()
        with pytest.raises(OSError):  # the listener is gone with the runner
            echo_once(listen_port, b"after")
