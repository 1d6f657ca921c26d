"""SIGHUP to a real `tunnelgui run`: the profiles file is read again and only the difference is
applied; a broken file changes nothing. SIGHUP to `forward` changes nothing and says so."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import queue
import signal
import socket
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from tests.profiles.test_run_end_to_end import (
    ROOT,
    WAIT,
    EchoHandler,
    EchoServer,
    echo_once,
    free_port,
    lines_of,
    wait_for_line,
)
from tunnelgui.engine.conditions import Condition, Latency
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import Profile

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGHUP is POSIX")


class TagHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.sendall(self.server.tag)  # type: ignore[attr-defined]


@pytest.fixture
def servers() -> Iterator[dict[str, int]]:
    """An echo server and two tagging ones ("old", "new"), by name: their ports."""
    made = {
        "echo": EchoServer(("127.0.0.1", 0), EchoHandler),
        "old": EchoServer(("127.0.0.1", 0), TagHandler),
        "new": EchoServer(("127.0.0.1", 0), TagHandler),
    }
    made["old"].tag = b"old"  # type: ignore[attr-defined]
    made["new"].tag = b"new"  # type: ignore[attr-defined]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in made.values()]
    for thread in threads:
        thread.start()
    yield {name: server.server_address[1] for name, server in made.items()}
    for server in made.values():
        server.shutdown()
        server.server_close()


class Runner:
    """A `tunnelgui` subprocess with its output read line by line."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tunnelgui", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: queue.Queue = queue.Queue()
        self.err: queue.Queue = queue.Queue()
        self.seen_out: list[str] = []
        self.seen_err: list[str] = []
        self.readers = [
            threading.Thread(target=lines_of, args=(self.process.stdout, self.out), daemon=True),
            threading.Thread(target=lines_of, args=(self.process.stderr, self.err), daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    def said(self, text: str) -> None:
        wait_for_line(self.out, text, self.seen_out)

    def complained(self, text: str) -> None:
        wait_for_line(self.err, text, self.seen_err)

    def hangup(self) -> None:
        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT)
        for reader in self.readers:
            reader.join(timeout=WAIT)
        self.process.stdout.close()
        self.process.stderr.close()


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=WAIT).close()
    except ConnectionRefusedError:
        return True
    return False


def greeting(port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as client:
        return client.recv(16)


def echo_through(client: socket.socket, size: int, seed: int) -> str:
    """Send `size` bytes and read them back; the digest of what came back."""
    data = hashlib.shake_256(str(seed).encode()).digest(size)
    client.sendall(data)
    got = bytearray()
    while len(got) < size:
        chunk = client.recv(65536)
        assert chunk, "the connection closed"
        got += chunk
    assert bytes(got) == data
    return hashlib.sha256(got).hexdigest()


def test_sighup_applies_the_difference_and_a_broken_file_changes_nothing(tmp_path, servers):
    ports = {name: free_port() for name in ("kept", "removed", "changed", "added")}
    kept = Profile("kept", ports["kept"], "127.0.0.1", servers["echo"], id="kept")
    removed = Profile("removed", ports["removed"], "127.0.0.1", servers["echo"], id="removed")
    changed = Profile("changed", ports["changed"], "127.0.0.1", servers["old"], id="changed")
    added = Profile("added", ports["added"], "127.0.0.1", servers["echo"], id="added")
    file = tmp_path / "tunnels.json"
    file.write_text(dump_text([kept, removed, changed]), encoding="utf-8")
    runner = Runner("run", "--file", str(file))
    try:
        runner.said("Running 3 of 3 tunnels")
        assert greeting(ports["changed"]) == b"old"
        with socket.create_connection(("127.0.0.1", ports["kept"]), timeout=WAIT) as client:
            echo_through(client, 200_000, 1)

            moved = Profile("changed", ports["changed"], "127.0.0.1", servers["new"], id="changed")
            file.write_text(dump_text([kept, moved, added]), encoding="utf-8")
            runner.hangup()
            runner.said(f"Reloaded {file}: 1 started, 1 restarted, 1 stopped, 1 unchanged")
            echo_through(client, 200_000, 2)  # the unchanged tunnel's connection lives on
            assert refused(ports["removed"])
            assert greeting(ports["changed"]) == b"new"
            assert echo_once(ports["added"], b"hi") == b"hi"

            file.write_text('{"version": 2, "profiles": [', encoding="utf-8")
            runner.hangup()
            runner.complained("reload failed, 3 tunnels keep running as they were")
            assert str(file) in runner.seen_err[-1]
            echo_through(client, 200_000, 3)
            assert greeting(ports["changed"]) == b"new"
            assert echo_once(ports["added"], b"hi") == b"hi"
            assert refused(ports["removed"])
        assert runner.stop() == 0
    finally:
        runner.close()


def test_sighup_to_forward_keeps_it_running_and_says_there_is_nothing_to_reload(servers):
    port = free_port()
    runner = Runner("forward", str(port), f"127.0.0.1:{servers['echo']}")
    try:
        runner.said("Forwarding")
        with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as client:
            echo_through(client, 10_000, 1)
            runner.hangup()
            runner.complained("nothing to reload")
            echo_through(client, 10_000, 2)
        assert runner.stop() == 0
    finally:
        runner.close()


def test_the_systemd_unit_reloads_with_sighup_and_restarts_on_failure():
    unit = (ROOT / "packaging" / "systemd" / "tunnelgui-run.service").read_text()
    service = unit.split("[Service]", 1)[1].split("[Install]", 1)[0]
    lines = [line.strip() for line in service.splitlines()]
    assert "ExecReload=/bin/kill -HUP $MAINPID" in lines
    assert "Restart=on-failure" in lines


def test_sighup_with_new_conditions_only_reshapes_the_running_tunnel(tmp_path, servers):
    port = free_port()
    plain = Profile("api", port, "127.0.0.1", servers["echo"], id="api")
    shaped = dataclasses.replace(plain, conditions=(Condition(Latency(0.01)),))
    file = tmp_path / "tunnels.json"
    file.write_text(dump_text([plain]), encoding="utf-8")
    runner = Runner("run", "--file", str(file))
    try:
        runner.said("Running 1 of 1 tunnel")
        with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as client:
            echo_through(client, 100_000, 1)
            file.write_text(dump_text([shaped]), encoding="utf-8")
            runner.hangup()
            runner.said(
                f"Reloaded {file}: 0 started, 0 restarted, 1 with new conditions, 0 stopped, "
                "0 unchanged"
            )
            runner.complained("shaped: api: latency 10ms")
            echo_through(client, 100_000, 2)  # not restarted: its connection lives on
    finally:
        runner.close()
