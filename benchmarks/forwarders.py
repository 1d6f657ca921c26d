"""The forwarders under test: none (direct), socat, haproxy, `tunnelgui forward`, a stand-in.

Each forwarder runs in its own session so that it and any children (socat forks one per
connection) can be ended together, and so a Ctrl+C in the terminal reaches only the harness,
which then stops them in order.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from benchmarks.procs import BenchError

REPO_ROOT = Path(__file__).resolve().parents[1]


class ForwarderError(BenchError):
    """The forwarder could not be started (or died); its results are reported as missing."""


@dataclass(frozen=True)
class MemorySample:
    rss: int  # summed over the process tree
    pss: int  # summed over the process tree; shared pages counted once overall
    processes: int


@dataclass
class Running:
    """A started forwarder: clients connect to `port`; `process` is None for direct."""

    port: int
    process: psutil.Process | None
    forks_per_connection: bool = False

    def tree(self) -> list[psutil.Process]:
        return [] if self.process is None else _tree(self.process)

    def cpu_seconds(self) -> float | None:
        """User+system CPU of the forwarder, including children it has already reaped."""
        if self.process is None:
            return None
        total = 0.0
        for proc in self.tree():
            with contextlib.suppress(psutil.NoSuchProcess):
                times = proc.cpu_times()
                total += times.user + times.system
                if proc is self.process:
                    total += times.children_user + times.children_system
        return total

    def memory(self) -> MemorySample | None:
        if self.process is None:
            return None
        rss = pss = count = 0
        for proc in self.tree():
            with contextlib.suppress(psutil.NoSuchProcess):
                info = proc.memory_full_info()
                rss += info.rss
                pss += info.pss
                count += 1
        return MemorySample(rss, pss, count)

    def memory_bytes(self) -> int | None:
        """The memory figure we compare: RSS for one process, PSS summed over forked children."""
        sample = self.memory()
        if sample is None:
            return None
        return sample.pss if self.forks_per_connection else sample.rss

    def wait_children_gone(self, timeout: float = 5.0) -> None:
        """Let forked per-connection children exit and be reaped, so their CPU is counted."""
        if self.process is None or not self.forks_per_connection:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if not self.process.children():
                    return
            except psutil.NoSuchProcess:
                return
            time.sleep(0.02)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(proc: psutil.Process, port: int) -> bool:
    try:
        conns = proc.net_connections(kind="tcp")
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False
    return any(c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port for c in conns)


class Forwarder:
    """Base: a command line that listens on 127.0.0.1:LISTEN and relays to 127.0.0.1:TARGET."""

    name = "?"
    forks_per_connection = False
    startup_timeout = 15.0

    def command(self, listen_port: int, target_port: int) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str] | None:
        return None

    def cwd(self) -> Path | None:
        return None

    def describe(self) -> str:
        return self.name

    def close(self) -> None:
        """The run is over: remove whatever the forwarder kept between starts (config files)."""

    @contextlib.contextmanager
    def running(self, target_port: int) -> Iterator[Running]:
        popen = self._start(target_port)
        try:
            yield popen[1]
            if popen[0].poll() is not None:
                raise ForwarderError(f"{self.name} exited during the test (code {popen[0].poll()})")
        finally:
            self._stop(popen[0])

    def _start(self, target_port: int) -> tuple[subprocess.Popen, Running]:
        last_error = ""
        for _attempt in range(3):
            port = free_port()
            with tempfile.TemporaryFile() as errors:
                popen = subprocess.Popen(
                    self.command(port, target_port),
                    cwd=self.cwd(),
                    env=self.environment(),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    start_new_session=True,
                )
                try:
                    proc = psutil.Process(popen.pid)
                    deadline = time.monotonic() + self.startup_timeout
                    while time.monotonic() < deadline:
                        if popen.poll() is not None:
                            break
                        if any(_listening(p, port) for p in _tree(proc)):
                            return popen, Running(port, proc, self.forks_per_connection)
                        time.sleep(0.02)
                except BaseException:  # Ctrl+C while it starts: it must not outlive the run
                    self._stop(popen)
                    raise
                self._stop(popen)
                errors.seek(0)
                text = errors.read().decode(errors="replace").strip()
            last_line = text.splitlines()[-1] if text else ""
            last_error = (
                f"{self.name} exited with code {popen.returncode}: {last_line or '(no message)'}"
                if popen.returncode not in (None, -signal.SIGTERM, -signal.SIGKILL)
                else f"{self.name} did not listen on 127.0.0.1:{port} within "
                f"{self.startup_timeout:.0f} s"
            )
            # Another program may have taken the port between our probe and the start: retry.
            if "in use" not in text:
                break
        raise ForwarderError(last_error)

    def _stop(self, popen: subprocess.Popen) -> None:
        if popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(popen.pid, signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                popen.wait(5.0)
        # The whole session: socat's per-connection children and anything else left over.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            popen.wait(5.0)


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


class Direct(Forwarder):
    """No forwarder: clients connect straight to the target; the ceiling."""

    name = "direct"

    @contextlib.contextmanager
    def running(self, target_port: int) -> Iterator[Running]:
        yield Running(target_port, None)


class Socat(Forwarder):
    name = "socat"
    forks_per_connection = True

    def command(self, listen_port: int, target_port: int) -> list[str]:
        return [
            "socat",
            f"TCP-LISTEN:{listen_port},bind=127.0.0.1,reuseaddr,fork",
            f"TCP:127.0.0.1:{target_port}",
        ]

    def describe(self) -> str:
        try:
            out = subprocess.run(
                ["socat", "-V"], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except OSError:
            return "socat (not installed)"
        version = next((line for line in out.splitlines() if "version" in line), "")
        return version.strip() or "socat"

    @staticmethod
    def available() -> bool:
        return shutil.which("socat") is not None


class HAProxy(Forwarder):
    """haproxy in TCP mode, its defaults (one process, a thread per CPU) but for the limits a
    benchmark needs; `splice`: `option splice-auto` (kernel splice when it judges it useful)."""

    forks_per_connection = False

    def __init__(self, splice: bool) -> None:
        self.splice = splice
        self.name = "haproxy-splice" if splice else "haproxy"
        self._folder: tempfile.TemporaryDirectory | None = None

    def command(self, listen_port: int, target_port: int) -> list[str]:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="relay-bench-haproxy-")
        config = Path(self._folder.name) / f"{listen_port}.cfg"
        config.write_text(haproxy_config(listen_port, target_port, self.splice), encoding="ascii")
        # -db: stay in the foreground, in our session, so stopping it stops everything.
        return [HAPROXY, "-db", "-f", str(config)]

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def describe(self) -> str:
        try:
            out = subprocess.run(
                [HAPROXY, "-v"], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except OSError:
            return "haproxy (not installed)"
        version = out.splitlines()[0].strip() if out else "haproxy"
        return f"{version}{', option splice-auto' if self.splice else ''}"

    @staticmethod
    def available() -> bool:
        return shutil.which(HAPROXY) is not None


HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def haproxy_config(listen_port: int, target_port: int, splice: bool) -> str:
    """One TCP listener relaying to the target; maxconn as high as the open-files limit allows.

    haproxy refuses to start unless the limit covers two descriptors per connection plus two
    per splice pipe (maxpipes, by default maxconn/4): with splice, maxpipes is set to 256, the
    number of pipes tunnelgui's stalled directions may hold, so both fit the same limit.
    """
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    pipes = 256 if splice else 0
    maxconn = max(100, min(40_000, (limit - 100 - 2 * pipes) // 2))
    return "\n".join(
        [
            "global",
            f"    maxconn {maxconn}",
            *([f"    maxpipes {pipes}"] if splice else []),
            "defaults",
            "    mode tcp",
            "    timeout connect 10s",
            "    timeout client 1h",
            "    timeout server 1h",
            *(["    option splice-auto"] if splice else []),
            "listen relay",
            f"    bind 127.0.0.1:{listen_port}",
            f"    server target 127.0.0.1:{target_port}",
            "",
        ]
    )


class TunnelGUI(Forwarder):
    """`python -m tunnelgui forward --quiet` from a checkout (the product under test)."""

    name = "tunnelgui"

    def __init__(self, root: Path, name: str = "tunnelgui") -> None:
        self.root = root
        self.name = name

    def command(self, listen_port: int, target_port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "tunnelgui",
            "forward",
            "--quiet",
            f"127.0.0.1:{listen_port}",
            f"127.0.0.1:{target_port}",
        ]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(self.root), env.get("PYTHONPATH", "")) if p
        )
        return env

    def cwd(self) -> Path:
        return self.root

    def describe(self) -> str:
        try:
            rev = subprocess.run(
                ["git", "-C", str(self.root), "describe", "--always", "--dirty"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except OSError:
            rev = ""
        return f"tunnelgui from {self.root}" + (f" ({rev})" if rev else "")


class NaiveStandIn(Forwarder):
    """A thread-per-direction forwarder that only exists to test the harness itself."""

    name = "naive-stand-in"

    def command(self, listen_port: int, target_port: int) -> list[str]:
        script = Path(__file__).with_name("_naive_forwarder.py")
        return [sys.executable, str(script), str(listen_port), str(target_port)]

    def describe(self) -> str:
        return "benchmarks/_naive_forwarder.py (harness stand-in, not the product)"


class TunnelGUIApp(TunnelGUI):
    """The desktop app itself (`python -m tunnelgui --config-dir DIR`, offscreen) with one
    autostart profile: the tunnel relays on the worker's engine thread while the GUI thread
    takes the stats ticks and redraws the window, as a person's app does."""

    def __init__(self, root: Path, name: str = "tunnelgui-app") -> None:
        super().__init__(root, name)
        self._folder: tempfile.TemporaryDirectory | None = None

    def command(self, listen_port: int, target_port: int) -> list[str]:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="relay-bench-app-")
        # A folder per start: a port may come round again within one run.
        config = Path(tempfile.mkdtemp(prefix=f"{listen_port}-", dir=self._folder.name))
        # The checkout's own CLI writes the profile, so its file format is the one it reads.
        tunnelgui = [sys.executable, "-m", "tunnelgui"]
        add = [*tunnelgui, "profiles", "add", "--config-dir", str(config), "--autostart",
               "bench", f"127.0.0.1:{listen_port}", f"127.0.0.1:{target_port}"]  # fmt: skip
        subprocess.run(
            add,
            cwd=self.cwd(),
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
            check=True,
        )
        return [*tunnelgui, "--config-dir", str(config)]

    def environment(self) -> dict[str, str]:
        return super().environment() | {"QT_QPA_PLATFORM": "offscreen"}

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def describe(self) -> str:
        return super().describe().replace("tunnelgui from", "the app (offscreen) from", 1)
