"""SSH hops: the supervisor of a tunnel's `ssh -N -L` and the connector that uses its socket."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import stat
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING

from tunnelgui.engine.connector import Attempt, Connected, Failed, UnixSocketConnector
from tunnelgui.engine.ends import TargetEnd
from tunnelgui.engine.events import EventKind
from tunnelgui.engine.loop import EVENT_READ, Timer
from tunnelgui.engine.spec import SshHopTransport
from tunnelgui.engine.ssh_process import SshChild, ssh_command, ssh_environment
from tunnelgui.engine.states import HopState

if TYPE_CHECKING:
    from tunnelgui.engine.tunnel import Tunnel

# Waits before restarting an ssh that ended: doubling from the first, capped at the last.
BACKOFF_FIRST = 1.0
BACKOFF_CAP = 60.0
# How often to look for the forwarded socket while ssh connects.
READY_POLL = 0.02
# A probe through the hop connects to our socket at once; ssh only then asks the server to
# connect to the target. A refusal closes the socket within a round trip: wait this long.
PROBE_CONFIRM = 0.5
# ssh's words for failures retrying does not cure: wrong credentials, host key, config.
_PERMANENT = re.compile(
    r"Permission denied|Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|"
    r"Too many authentication failures|No more authentication methods|"
    r"Bad configuration option|Bad owner or permissions|Can't open user config file|"
    r"command-line line \d+:|terminating, \d+ bad configuration options",
    re.IGNORECASE,
)
_CHANNEL_FAILED = re.compile(r"^channel \d+: open failed: (?P<why>.+)$")
_NOISE = re.compile(r"^(Warning: Permanently added|Killed by signal|Connection to .* closed)")


class HopSupervisor:
    """Keeps one `ssh -N -L SOCKET:host:port` running for a tunnel (loop thread only).

    Ready = the forwarded socket exists (ssh makes it after authenticating). An ssh that ends
    is restarted after a backoff (doubling, capped), unless its reason is permanent (e.g.
    "Permission denied (publickey)"); after close() nothing is ever restarted.
    """

    def __init__(self, connector: SshHopConnector, hop: SshHopTransport) -> None:
        self.connector = connector
        tunnel = connector.tunnel
        self.loop = tunnel.loop
        self.hop = hop
        self.folder = tempfile.mkdtemp(  # mode 0700: no other user reaches the socket
            prefix="tunnelgui-hop-", dir=hop.runtime_dir or os.environ.get("XDG_RUNTIME_DIR")
        )
        self.socket_path = os.path.join(self.folder, "hop.sock")
        self.command = ssh_command(
            hop, self.socket_path, tunnel.spec.target_host, tunnel.spec.target_port
        )
        self.env = ssh_environment(hop)
        self.state = HopState.CONNECTING
        self.error = ""
        self.closed = False
        self.child: SshChild | None = None
        self.lines: list[str] = []  # the current child's stderr, last few lines
        self.delay = BACKOFF_FIRST
        self.starts = 0
        self._timer: Timer | None = None

    def start(self) -> None:
        self.starts += 1
        self.lines = []
        # A dead ssh leaves its socket behind: ready must mean the new ssh made it.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.socket_path)
        self._set(HopState.CONNECTING, "", f"Connecting to SSH server {self.hop.via!r}.")
        self.child = SshChild(
            self.command,
            self.env,
            self.loop.call_soon_threadsafe,
            self._started,
            self._line,
            self._exited,
        )

    def close(self) -> None:
        self.closed = True
        self._cancel_timer()
        if self.child is not None:
            self.child.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def reason(self) -> str:
        meaningful = [line for line in self.lines if not _NOISE.match(line)]
        return meaningful[-1] if meaningful else ""

    def _set(self, state: HopState, error: str, message: str) -> None:
        self.state = state
        self.error = error
        kind = {
            HopState.CONNECTING: EventKind.HOP_CONNECTING,
            HopState.READY: EventKind.HOP_READY,
        }.get(state, EventKind.HOP_DOWN)
        tunnel = self.connector.tunnel
        tunnel.events.add(tunnel.spec.tunnel_id, kind, f"Tunnel {tunnel.spec.label!r}: {message}")

    def _started(self) -> None:
        if not self.closed:
            self._timer = self.loop.call_later(READY_POLL, self._poll)

    def _poll(self) -> None:
        self._timer = None
        if self.closed or self.state is not HopState.CONNECTING:
            return
        try:
            ready = stat.S_ISSOCK(os.stat(self.socket_path).st_mode)
        except OSError:
            ready = False
        if not ready:
            self._timer = self.loop.call_later(READY_POLL, self._poll)
            return
        self.delay = BACKOFF_FIRST
        self._set(HopState.READY, "", f"SSH server {self.hop.via!r} is ready.")
        self.connector.hop_ready()

    def _line(self, line: str) -> None:
        if self.closed:
            return
        channel = _CHANNEL_FAILED.match(line)
        if channel:
            self.connector.channel_failed(channel.group("why"))
            return
        self.lines = [*self.lines[-4:], line]

    def _exited(self, returncode: int | None, spawn_error: str) -> None:
        self.child = None
        self._cancel_timer()
        if self.closed:
            return
        reason = spawn_error or self.reason() or f"ssh ended (exit status {returncode})"
        was = self.state
        if _PERMANENT.search(reason) or spawn_error:
            self._set(
                HopState.FAILED,
                reason,
                f"SSH failed: {reason}. Not retrying; fix the cause and start the tunnel again.",
            )
            self.connector.hop_down(f"SSH failed: {reason}")
            return
        delay = self.delay
        self.delay = min(self.delay * 2, BACKOFF_CAP)
        lost = "SSH connection lost" if was is HopState.READY else "SSH failed"
        self._set(HopState.RECONNECTING, reason, f"{lost}: {reason}. Reconnecting in {delay:g} s.")
        self.connector.hop_down(f"{lost}: {reason}; reconnecting in {delay:g} s")
        self._timer = self.loop.call_later(delay, self._restart)

    def _restart(self) -> None:
        self._timer = None
        if not self.closed:
            self.start()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class SshHopConnector(UnixSocketConnector):
    """Target ends through an SSH hop: the Unix socket its supervised ssh forwards.

    Attempts made while ssh connects wait for it (the connect timeout bounds them); while it
    is down they fail at once with ssh's reason, which is the hop's fault, not the target's.
    """

    connect_proves_target = False  # our socket answers even when the far side refuses

    def __init__(self, tunnel: Tunnel, hop: SshHopTransport) -> None:
        self.tunnel = tunnel
        self.supervisor = HopSupervisor(self, hop)
        super().__init__(tunnel, self.supervisor.socket_path)
        self.waiting: list[Attempt] = []
        # Probes connected and waiting to see whether ssh closes them: fd -> settle(refused).
        self.confirming: dict[int, Callable[[bool], None]] = {}
        self.supervisor.start()

    @property
    def hop_state(self) -> HopState:
        return self.supervisor.state

    @property
    def hop_error(self) -> str:
        return self.supervisor.error

    def begin(self, attempt: Attempt) -> None:
        state = self.supervisor.state
        if state is HopState.READY:
            self.connect_to(attempt, self.addresses)
        elif state is HopState.CONNECTING:
            self.waiting.append(attempt)
        else:
            attempt.fail(f"the SSH hop is down ({self.supervisor.error})", target_fault=False)

    def hop_ready(self) -> None:
        waiting, self.waiting = self.waiting, []
        for attempt in waiting:
            if not attempt.done:
                self.connect_to(attempt, self.addresses)

    def hop_down(self, reason: str) -> None:
        waiting, self.waiting = self.waiting, []
        for attempt in waiting:
            attempt.fail(reason, target_fault=False)

    def channel_failed(self, why: str) -> None:
        """ssh says the server could not open the connection to the target."""
        self.tunnel.target_unreachable(f"the SSH server reports {why}")

    def probe(self, on_connected: Connected, on_failed: Failed) -> Attempt:
        """Connect, then wait PROBE_CONFIRM for ssh to close it (the far side refused)."""

        def connected(end: TargetEnd) -> None:
            fd = end.read_fd
            timer: Timer | None = None

            def settle(refused: bool) -> None:
                if self.confirming.pop(fd, None) is None:
                    return
                self.selector.unregister(fd)
                if timer is not None:
                    timer.cancel()
                if refused:
                    end.release(abort=True)
                    on_failed("the SSH server could not connect to it", True)
                else:
                    on_connected(end)

            def readable(_mask: int) -> None:
                try:
                    data = end.recv(1, socket.MSG_PEEK)  # type: ignore[attr-defined]
                except OSError:
                    data = b""
                settle(not data)

            self.confirming[fd] = settle
            self.selector.register(fd, EVENT_READ, readable)
            timer = self.loop.call_later(PROBE_CONFIRM, lambda: settle(False))

        return self.connect(connected, on_failed)

    def close(self) -> None:
        super().close()
        self.waiting = []
        for settle in list(self.confirming.values()):
            settle(False)  # the health monitor is closed by now: it releases the end
        self.supervisor.close()
