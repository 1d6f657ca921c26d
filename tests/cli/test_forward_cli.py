"""`tunnelgui forward` as a subprocess: relays, signals, errors and status lines."""

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

from tests.engine.servers import TcpServer, connect, echo, recv_all, recv_exactly

ROOT = Path(__file__).resolve().parents[2]
START_LINE = re.compile(r"^Forwarding (\S+):(\d+) -> (.+) \(Ctrl\+C to stop\)$")


def tunnelgui(*args: str) -> list[str]:
    return [sys.executable, "-m", "tunnelgui", *args]


class Forwarder:
    """A running `tunnelgui forward` whose stderr is collected line by line."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            tunnelgui("forward", *args),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr_lines: list[str] = []
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()

    def _read_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def start_line(self) -> re.Match:
        line = self.proc.stdout.readline().rstrip("\n")
        match = START_LINE.match(line)
        assert match, f"unexpected start line {line!r}; stderr: {self.stderr_lines}"
        return match

    def stop(self, signum: int) -> tuple[int, float]:
        started = time.monotonic()
        self.proc.send_signal(signum)
        code = self.proc.wait(30)
        return code, time.monotonic() - started

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)
        self._reader.join(30)
        self.proc.stdout.close()
        self.proc.stderr.close()

    def __enter__(self) -> Forwarder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_relays_until_signal_then_exits_zero(signum):
    with TcpServer(echo) as server, Forwarder("0", f"127.0.0.1:{server.port}") as forwarder:
        match = forwarder.start_line()
        assert match.group(1) == "127.0.0.1"
        assert match.group(3) == f"127.0.0.1:{server.port}"
        port = int(match.group(2))
        with connect(port) as client:
            client.sendall(b"through the tunnel")
            assert recv_exactly(client, 18) == b"through the tunnel"
            # An open connection must not hold up the exit.
            code, seconds = forwarder.stop(signum)
            assert recv_all(client) == b""
        assert code == 0
        assert seconds < 2.0
        assert forwarder.stderr_lines == []


def test_port_in_use_exits_one_naming_the_address():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        started = time.monotonic()
        done = subprocess.run(
            tunnelgui("forward", str(port), "127.0.0.1:9"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        seconds = time.monotonic() - started
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert f"127.0.0.1:{port} is already in use" in lines[0]
    assert seconds < 2.0  # one second for the check, plus starting Python on a busy machine


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([], "required"),
        (["8080"], "required"),
        (["8080", "db"], "has no port"),
        (["70000", "db:1"], "between 1 and 65535"),
        (["8080", "::1:80"], "brackets"),
        (["8080", "db:1", "--connect-timeout", "0"], "more than 0"),
        (["8080", "db:1", "--stats-interval", "soon"], "not a number"),
    ],
)
def test_bad_arguments_exit_two_with_usage(args, fragment):
    done = subprocess.run(
        tunnelgui("forward", *args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("usage:")
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr


def test_stats_interval_prints_summary_lines():
    with (
        TcpServer(echo) as server,
        Forwarder("--quiet", "--stats-interval", "0.2", "0", f"127.0.0.1:{server.port}") as fwd,
    ):
        stats_line = re.compile(r"127\.0\.0\.1:(\d+) -> ")
        deadline = time.monotonic() + 30
        # The start check's "target is reachable" line may come first.
        while not any(stats_line.match(line) for line in fwd.stderr_lines):
            assert time.monotonic() < deadline, fwd.stderr_lines
            time.sleep(0.05)
        first = next(line for line in fwd.stderr_lines if stats_line.match(line))
        port = int(stats_line.match(first).group(1))
        with connect(port) as client:
            client.sendall(b"12345")
            assert recv_exactly(client, 5) == b"12345"
            deadline = time.monotonic() + 30
            while not any("1 active" in line for line in fwd.stderr_lines):
                assert time.monotonic() < deadline, fwd.stderr_lines
                time.sleep(0.05)
        code, _seconds = fwd.stop(signal.SIGINT)
        assert code == 0
        assert fwd.proc.stdout.read() == ""  # --quiet: no start line
    line = next(line for line in fwd.stderr_lines if "1 active" in line)
    assert re.search(
        r"1 active, 1 total, 0 failed, 0 rejected; to target 5 B \(.*\), "
        r"to client 5 B \(.*\); target up$",
        line,
    ), line


def test_unreachable_target_is_reported_but_keeps_listening():
    with Forwarder("0", "no such host:80") as forwarder:
        port = int(forwarder.start_line().group(2))
        with connect(port) as client:
            assert recv_all(client) == b""
        deadline = time.monotonic() + 30
        while not any("cannot resolve" in line for line in forwarder.stderr_lines):
            assert time.monotonic() < deadline, forwarder.stderr_lines
            time.sleep(0.05)
        code, _seconds = forwarder.stop(signal.SIGTERM)
        assert code == 0


@pytest.mark.parametrize(
    ("listen", "loopback"), [("0.0.0.0:0", "127.0.0.1"), ("[::]:0", "::1")], ids=["ipv4", "ipv6"]
)
def test_listening_on_every_interface_warns(listen, loopback):
    with TcpServer(echo) as server, Forwarder(listen, f"127.0.0.1:{server.port}") as forwarder:
        port = int(forwarder.start_line().group(2))
        # Safe by default: exposing a port is said out loud, on stderr, once.
        deadline = time.monotonic() + 10
        while not forwarder.stderr_lines and time.monotonic() < deadline:
            time.sleep(0.02)
        # Besides the warning, only the start check's "target is reachable" line may come.
        warnings = [line for line in forwarder.stderr_lines if "reachable" not in line]
        assert len(warnings) == 1
        assert "warning" in warnings[0]
        assert "other machines can connect" in warnings[0]
        with connect(port, loopback) as client:  # reached over loopback only
            client.sendall(b"x")
            assert recv_exactly(client, 1) == b"x"
        code, _ = forwarder.stop(signal.SIGTERM)
        assert code == 0


def stderr_warnings(forwarder: Forwarder, wait: float) -> list[str]:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if any("warning" in line for line in forwarder.stderr_lines):
            break
        time.sleep(0.02)
    return [line for line in forwarder.stderr_lines if "warning" in line]


@pytest.mark.parametrize("host", ["0", "0.0", "0x0", "00000"])
def test_every_spelling_of_the_wildcard_warns_from_the_bound_address(host):
    # The kernel's resolver reads these as 0.0.0.0; the warning must follow what was bound.
    with TcpServer(echo) as server, Forwarder(f"{host}:0", f"127.0.0.1:{server.port}") as fwd:
        match = fwd.start_line()
        assert match.group(1) == "0.0.0.0"
        warnings = stderr_warnings(fwd, 10)
        assert len(warnings) == 1 and f"0.0.0.0:{match.group(2)}" in warnings[0]
        assert "other machines can connect" in warnings[0]
        code, _ = fwd.stop(signal.SIGTERM)
        assert code == 0


def test_an_ipv4_mapped_loopback_listener_does_not_warn():
    with (
        TcpServer(echo) as server,
        Forwarder("[::ffff:127.0.0.1]:0", f"127.0.0.1:{server.port}") as fwd,
    ):
        fwd.start_line()
        assert stderr_warnings(fwd, 1.0) == []
        code, _ = fwd.stop(signal.SIGTERM)
        assert code == 0


def test_a_name_that_resolves_to_a_lan_address_warns():
    name = socket.gethostname()
    try:
        address = socket.getaddrinfo(name, 0, socket.AF_INET, socket.SOCK_STREAM)[0][4][0]
    except OSError:
        pytest.skip("this machine's name does not resolve")
    if address.startswith("127.") or address == "0.0.0.0":
        pytest.skip(f"this machine's name resolves to {address}")
    with TcpServer(echo) as server, Forwarder(f"{name}:0", f"127.0.0.1:{server.port}") as fwd:
        assert fwd.start_line().group(1) == address
        warnings = stderr_warnings(fwd, 10)
        assert len(warnings) == 1 and "other machines that can reach this address" in warnings[0]
        code, _ = fwd.stop(signal.SIGTERM)
        assert code == 0
