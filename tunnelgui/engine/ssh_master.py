"""One shared ssh master per SSH hop: every tunnel over the same hop forwards through it.

The master is `ssh -N -T` with ControlMaster on a control socket in a private (0700) folder of
ours. The forwards known when it starts are on its command line; a tunnel that joins a running
master adds its `-L SOCKET:host:port` with `ssh -O forward`, and one that leaves removes it
with `ssh -O cancel`. The last tunnel to leave ends the master. Loop thread only.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import stat
import tempfile
from typing import TYPE_CHECKING, Protocol

from tunnelgui.engine.loop import Loop, Timer
from tunnelgui.engine.messages import N_, Phrase
from tunnelgui.engine.spec import SshHopTransport
from tunnelgui.engine.ssh_process import (
    Forward,
    SshChild,
    control_command,
    master_command,
    ssh_environment,
)
from tunnelgui.engine.states import HopState

if TYPE_CHECKING:
    from collections.abc import Callable

# Waits before restarting an ssh that ended: doubling from the first, capped at the last.
BACKOFF_FIRST = 1.0
BACKOFF_CAP = 60.0
# How often to look for the control socket while ssh connects (ssh makes it after
# authenticating and after the forwards of its command line listen).
READY_POLL = 0.02
# ssh's words for failures retrying does not cure: wrong credentials, host key, config.
PERMANENT = re.compile(
    r"Permission denied|Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|"
    r"Too many authentication failures|No more authentication methods|"
    r"Bad configuration option|Bad owner or permissions|Can't open user config file|"
    r"command-line line \d+:|terminating, \d+ bad configuration options",
    re.IGNORECASE,
)
_CHANNEL_FAILED = re.compile(r"^channel \d+: open failed: (?P<why>.+)$")
_NOISE = re.compile(r"^(Warning: Permanently added|Killed by signal|Connection to .* closed)")


class HopMember(Protocol):
    """A tunnel's side of a shared master (ssh_hop.HopLink)."""

    forward: Forward
    last_connect: float  # monotonic time of its latest connect to its socket

    def master_changed(self) -> None: ...

    def channel_failed(self, why: str) -> None: ...


def last_meaningful(lines: list[str]) -> str:
    meaningful = [line for line in lines if not _NOISE.match(line)]
    return meaningful[-1] if meaningful else ""


class SshMaster:
    """The master of one hop (one SshHopTransport value) and the forwards of its members.

    state: CONNECTING until the control socket appears, READY, then on exit RECONNECTING
    after a backoff (1, 2, 4 … 60 s) or FAILED without retry when ssh's reason is permanent.
    A member joining a FAILED master starts it again (the user started a tunnel anew).
    """

    def __init__(self, masters: SshMasters, hop: SshHopTransport) -> None:
        self.masters = masters
        self.loop = masters.loop
        self.hop = hop
        self.folder = tempfile.mkdtemp(  # mode 0700: no other user reaches our sockets
            prefix="tunnelgui-hop-", dir=hop.runtime_dir or os.environ.get("XDG_RUNTIME_DIR")
        )
        self.control_path = os.path.join(self.folder, "master.sock")
        self.env = ssh_environment(hop)
        self.numbers = itertools.count(1)
        # Each member and whether its forward is set up in the running master.
        self.members: dict[HopMember, bool] = {}
        self.on_command_line: set[HopMember] = set()
        self.departed: list[Forward] = []  # on the command line, their tunnels gone since
        self.state = HopState.CONNECTING
        self.error = ""
        self.retry_in = 0.0  # RECONNECTING: the wait before the restart
        self.forward_errors: dict[HopMember, tuple[str, float]] = {}  # reason, retry in s
        self.forward_delays: dict[HopMember, float] = {}
        self.closed = False
        self.started = False
        self.generation = 0  # one per ssh started: control replies of an older one are stale
        self.child: SshChild | None = None
        self.controls: set[SshChild] = set()  # -O forward / -O cancel in flight
        self.lines: list[str] = []  # the current master's stderr, last few lines
        self.delay = BACKOFF_FIRST
        self.starts = 0
        self._timer: Timer | None = None
        self._forward_timers: dict[HopMember, Timer] = {}

    def new_socket_path(self) -> str:
        return os.path.join(self.folder, f"t{next(self.numbers)}.sock")

    # -- members -------------------------------------------------------------------------

    def join(self, member: HopMember) -> None:
        self.members[member] = False
        if not self.started or self.state is HopState.FAILED:
            self.delay = BACKOFF_FIRST
            self.start()
            return
        if self.state is HopState.READY:
            self._add_forward(member)
        member.master_changed()

    def leave(self, member: HopMember) -> None:
        forwarded = self.members.pop(member, False)
        if member in self.on_command_line and self.state is HopState.CONNECTING:
            # The connecting ssh will still listen there: cancel it once it is ready.
            self.departed.append(member.forward)
        self.on_command_line.discard(member)
        self.forward_errors.pop(member, None)
        self.forward_delays.pop(member, None)
        timer = self._forward_timers.pop(member, None)
        if timer is not None:
            timer.cancel()
        if not self.members:
            self.close()
            return
        socket_path = member.forward[0]
        if forwarded and self.state is HopState.READY:
            # The socket file stays after a cancel: remove it once ssh stopped listening.
            self._control("cancel", member.forward, lambda _ok, _why: _unlink(socket_path))
        else:
            _unlink(socket_path)

    def forwarded(self, member: HopMember) -> bool:
        return self.members.get(member, False)

    def blame(self) -> HopMember | None:
        """The member whose connection ssh's "open failed" most likely was: the last to connect
        (ssh's message does not say which forward; the server answers within a round trip)."""
        if not self.members:
            return None
        return max(self.members, key=lambda member: member.last_connect)

    # -- the master process --------------------------------------------------------------

    def start(self) -> None:
        self.started = True
        self.starts += 1
        self.generation += 1
        self.lines = []
        self.state = HopState.CONNECTING
        self.error = ""
        # A dead ssh leaves its sockets behind: ready must mean the new ssh made them, and
        # ssh gives up multiplexing when its control path exists.
        _unlink(self.control_path)
        for member in self.members:
            _unlink(member.forward[0])
            self.members[member] = False
        self.forward_errors.clear()
        self.departed = []
        self.on_command_line = set(self.members)
        command = master_command(
            self.hop, self.control_path, [member.forward for member in self.members]
        )
        generation = self.generation
        self.child = SshChild(
            command,
            self.env,
            self.loop.call_soon_threadsafe,
            lambda: self._started(generation),
            self._line,
            self._exited,
        )
        self._notify()

    def close(self) -> None:
        self.closed = True
        self._cancel_timer()
        for timer in self._forward_timers.values():
            timer.cancel()
        self._forward_timers.clear()
        if self.child is not None:
            self.child.kill()
        for control in list(self.controls):
            control.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
        self.masters.forget(self)

    def _notify(self) -> None:
        for member in list(self.members):
            member.master_changed()

    def _started(self, generation: int) -> None:
        if not self.closed and generation == self.generation:
            self._timer = self.loop.call_later(READY_POLL, self._poll)

    def _poll(self) -> None:
        self._timer = None
        if self.closed or self.state is not HopState.CONNECTING:
            return
        try:
            ready = stat.S_ISSOCK(os.stat(self.control_path).st_mode)
        except OSError:
            ready = False
        if not ready:
            self._timer = self.loop.call_later(READY_POLL, self._poll)
            return
        self.delay = BACKOFF_FIRST
        self.state = HopState.READY
        departed, self.departed = self.departed, []
        for forward in departed:
            path = forward[0]
            self._control("cancel", forward, lambda _ok, _why, path=path: _unlink(path))
        for member in list(self.members):
            if member in self.on_command_line:
                self.members[member] = True
            else:
                self._add_forward(member)  # joined while ssh connected
        self._notify()

    def _line(self, line: str) -> None:
        if self.closed:
            return
        channel = _CHANNEL_FAILED.match(line)
        if channel:
            member = self.blame()
            if member is not None:
                member.channel_failed(channel.group("why"))
            return
        self.lines = [*self.lines[-4:], line]

    def _exited(self, returncode: int | None, spawn_error: str) -> None:
        self.child = None
        self._cancel_timer()
        if self.closed:
            return
        for member in self.members:
            self.members[member] = False
        reason = (
            spawn_error
            or last_meaningful(self.lines)
            or Phrase(N_("ssh ended (exit {code})"), code=returncode)
        )
        self.error = reason
        if PERMANENT.search(reason) or spawn_error:
            self.state = HopState.FAILED
        else:
            self.state = HopState.RECONNECTING
            self.retry_in = self.delay
            self.delay = min(self.delay * 2, BACKOFF_CAP)
            self._timer = self.loop.call_later(self.retry_in, self._restart)
        self._notify()

    def _restart(self) -> None:
        self._timer = None
        if not self.closed:
            self.start()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # -- forwards added to and removed from a running master ------------------------------

    def _add_forward(self, member: HopMember) -> None:
        def done(ok: bool, why: str) -> None:
            if member not in self.members or self.state is not HopState.READY:
                return  # it left, or the master ended (a restart puts it on the command line)
            if ok:
                self.members[member] = True
                self.forward_errors.pop(member, None)
                self.forward_delays.pop(member, None)
            else:
                delay = self.forward_delays.get(member, BACKOFF_FIRST)
                self.forward_delays[member] = min(delay * 2, BACKOFF_CAP)
                self.forward_errors[member] = (why or N_("ssh -O forward failed"), delay)
                self._forward_timers[member] = self.loop.call_later(
                    delay, lambda: self._retry_forward(member)
                )
            member.master_changed()

        self._control("forward", member.forward, done)

    def _retry_forward(self, member: HopMember) -> None:
        self._forward_timers.pop(member, None)
        if member in self.members and self.state is HopState.READY:
            self.forward_errors.pop(member, None)
            member.master_changed()
            self._add_forward(member)

    def _control(self, operation: str, forward: Forward, done: Callable[[bool, str], None]) -> None:
        generation = self.generation
        lines: list[str] = []

        def exited(returncode: int | None, spawn_error: str) -> None:
            self.controls.discard(child)
            if self.closed or generation != self.generation:
                return
            done(returncode == 0, spawn_error or last_meaningful(lines))

        child = SshChild(
            control_command(self.hop, self.control_path, operation, forward),
            self.env,
            self.loop.call_soon_threadsafe,
            lambda: None,
            lines.append,
            exited,
        )
        self.controls.add(child)


class SshMasters:
    """The masters of one engine, one per hop value (same via, config, askpass, …)."""

    def __init__(self, loop: Loop) -> None:
        self.loop = loop
        self.masters: dict[SshHopTransport, SshMaster] = {}

    def master_for(self, hop: SshHopTransport) -> SshMaster:
        master = self.masters.get(hop)
        if master is None:
            master = self.masters[hop] = SshMaster(self, hop)
        return master

    def forget(self, master: SshMaster) -> None:
        if self.masters.get(master.hop) is master:
            del self.masters[master.hop]


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
