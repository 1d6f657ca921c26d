"""The ssh child processes of SSH hops: the command line, spawning, reaping and killing them."""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable

from tunnelgui.engine.messages import N_, Phrase
from tunnelgui.engine.spec import SshHopTransport

# ssh's keep-alive: a dead server or path is noticed within INTERVAL * COUNT_MAX seconds.
SERVER_ALIVE_INTERVAL = 15
SERVER_ALIVE_COUNT_MAX = 3
# After SIGTERM, a child still alive this long later gets SIGKILL.
KILL_GRACE = 1.0
# A destination or jump host: no leading "-" (it would be read as an option), no whitespace or
# control characters (ssh would split or misread it).
_BAD_DESTINATION = re.compile(r"^-|[\s\x00-\x1f\x7f]")
# "user@host:port" or "host:port" (ssh wants its URI form for a port); IPv6 in brackets.
_HOST_PORT = re.compile(
    r"^(?:(?P<user>[^@/]+)@)?(?P<host>\[[0-9A-Fa-f:.]+\]|[^:@/\[\]]+):(?P<port>\d{1,5})$"
)
_PR_SET_PDEATHSIG = 1
# Hops forward to Unix sockets through a ControlMaster: Windows' OpenSSH has neither (and no
# process groups). The 127.0.0.1:<free port> fallback would open a port any local user could
# ride, so it is not built: a hop on Windows is refused with this reason instead.
HOPS_SUPPORTED = sys.platform != "win32" and hasattr(socket, "AF_UNIX")
HOPS_UNSUPPORTED = (
    "SSH hops need Linux or macOS for now (Windows' OpenSSH cannot forward to a Unix socket); "
    "run TunnelGUI under WSL for this tunnel"
)


def destination_problem(text: str) -> str:
    """Why `text` cannot be an ssh destination or jump host ("" when it can)."""
    if not text:
        return "it is empty"
    if _BAD_DESTINATION.search(text):
        return "it must not start with '-' or contain spaces or control characters"
    return ""


def hop_parts(via: str) -> tuple[list[str], str]:
    """ "jump1,jump2,bastion" -> (["jump1", "jump2"], "bastion"): ProxyJump hosts, then the hop.

    Raises ValueError naming the bad part.
    """
    parts = via.split(",")
    for part in parts:
        problem = destination_problem(part)
        if problem:
            raise ValueError(f"SSH destination {part!r} is not usable: {problem}")
    return parts[:-1], parts[-1]


def ssh_destination(text: str) -> str:
    """A destination as ssh takes it: "user@host:port" becomes "ssh://user@host:port"."""
    if _HOST_PORT.match(text) and not text.startswith("ssh://"):
        return "ssh://" + text
    return text


# One forward: (socket path, target host, target port).
Forward = tuple[str, str, int]


def forward_argument(forward: Forward) -> str:
    """ "SOCKET:host:port" as -L takes it (an IPv6 host in brackets)."""
    socket_path, host, port = forward
    target = f"[{host}]" if ":" in host else host
    return f"{socket_path}:{target}:{port}"


def master_command(hop: SshHopTransport, control_path: str, forwards: list[Forward]) -> list[str]:
    """The argument list (never a shell line) of a hop's master: `ssh -N -T -M -S CONTROL`,
    with a `-L SOCKET:host:port` for each forward known when it starts (later ones are added
    through the control socket: control_command)."""
    jumps, destination = hop_parts(hop.via)
    command = [hop.ssh_program, "-N", "-T"]
    if hop.ssh_config:
        command += ["-F", hop.ssh_config]
    if jumps:
        command += ["-J", ",".join(ssh_destination(jump) for jump in jumps)]
    options = {
        "ExitOnForwardFailure": "yes",
        "ServerAliveInterval": str(SERVER_ALIVE_INTERVAL),
        "ServerAliveCountMax": str(SERVER_ALIVE_COUNT_MAX),
        "StreamLocalBindUnlink": "yes",
        "StreamLocalBindMask": "0177",  # the sockets are ours alone (their folder is 0700 too)
        # Prompts need someone to answer them: without an askpass helper, fail instead.
        "BatchMode": "no" if hop.askpass else "yes",
        # Our own supervised master on our own private socket, never a user's: the command
        # line wins over any ControlMaster/ControlPath/ControlPersist of the user's config.
        "ControlMaster": "yes",
        "ControlPath": control_path,
        "ControlPersist": "no",
        "ConnectTimeout": str(max(1, round(hop.connect_timeout))),
    }
    for name, value in options.items():
        command += ["-o", f"{name}={value}"]
    for forward in forwards:
        command += ["-L", forward_argument(forward)]
    return [*command, "--", ssh_destination(destination)]


def control_command(
    hop: SshHopTransport, control_path: str, operation: str, forward: Forward
) -> list[str]:
    """`ssh -S CONTROL -O forward|cancel -L SOCKET:host:port`: add or remove one forward of a
    running master (a short-lived ssh; it talks to the master only, never to the network)."""
    _jumps, destination = hop_parts(hop.via)
    command = [hop.ssh_program]
    if hop.ssh_config:
        command += ["-F", hop.ssh_config]
    command += ["-o", "BatchMode=yes", "-S", control_path, "-O", operation]
    return [*command, "-L", forward_argument(forward), "--", ssh_destination(destination)]


def ssh_environment(hop: SshHopTransport) -> dict[str, str]:
    env = dict(os.environ)
    if hop.askpass:
        env["SSH_ASKPASS"] = hop.askpass
        env["SSH_ASKPASS_REQUIRE"] = "force"  # even with a terminal, even without DISPLAY
    return env


class _Children:
    """Every ssh child alive in this process, killed at exit whatever else happened."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.live: set[subprocess.Popen] = set()

    def add(self, proc: subprocess.Popen) -> None:
        with self.lock:
            self.live.add(proc)

    def remove(self, proc: subprocess.Popen) -> None:
        with self.lock:
            self.live.discard(proc)

    def pids(self) -> list[int]:
        with self.lock:
            return [proc.pid for proc in self.live]

    def kill_all(self) -> None:
        with self.lock:
            live = list(self.live)
        for proc in live:
            kill_group(proc.pid, signal.SIGKILL)
        for proc in live:
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                proc.wait(timeout=KILL_GRACE)


CHILDREN = _Children()
atexit.register(CHILDREN.kill_all)


def kill_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(pgid, signum)


def _death_signal() -> Callable[[], None] | None:
    """Linux: a child gets SIGKILL when the thread that spawned it ends (our spawner thread
    lives as long as the process), so even a SIGKILLed app leaves no ssh behind."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def set_death_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    return set_death_signal


class _Spawner:
    """One long-lived daemon thread that spawns every ssh child (see _death_signal)."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.preexec = _death_signal()

    def submit(self, job: Callable[[], None]) -> None:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="ssh-spawner", daemon=True)
                self.thread.start()
        self.jobs.put(job)

    def _run(self) -> None:
        while True:
            self.jobs.get()()


SPAWNER = _Spawner()


class SshChild:
    """One ssh process: spawned on the spawner thread, its stderr read and its exit reaped on
    a waiter thread of its own; every report reaches the owner through `deliver` (the loop's
    call_soon_threadsafe) as on_line(text), on_started(), on_exit(returncode)."""

    def __init__(
        self,
        command: list[str],
        env: dict[str, str],
        deliver: Callable[[Callable[[], None]], None],
        on_started: Callable[[], None],
        on_line: Callable[[str], None],
        on_exit: Callable[[int | None, str], None],
    ) -> None:
        self.command = command
        self.env = env
        self.deliver = deliver
        self.on_started = on_started
        self.on_line = on_line
        self.on_exit = on_exit
        self.proc: subprocess.Popen | None = None
        self.killed = False
        self.exited = threading.Event()
        self.lock = threading.Lock()
        SPAWNER.submit(self._spawn)

    def kill(self) -> None:
        """SIGTERM to the process group now, SIGKILL if it is still there KILL_GRACE later."""
        with self.lock:
            self.killed = True
            proc = self.proc
        if proc is None or self.exited.is_set():
            return
        kill_group(proc.pid, signal.SIGTERM)

        def escalate() -> None:
            if not self.exited.wait(KILL_GRACE):
                kill_group(proc.pid, signal.SIGKILL)

        threading.Thread(target=escalate, name="ssh-kill", daemon=True).start()

    def _spawn(self) -> None:
        with self.lock:
            if self.killed:
                self.exited.set()
                return
            try:
                proc = subprocess.Popen(
                    self.command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    env=self.env,
                    start_new_session=True,  # its own process group, and no terminal to prompt on
                    preexec_fn=SPAWNER.preexec,
                    close_fds=True,
                )
            except OSError as exc:
                self.exited.set()
                reason = Phrase(
                    N_("could not run {command!r}: {error}"),
                    command=self.command[0],
                    error=exc.strerror or str(exc),
                )
                self.deliver(lambda: self.on_exit(None, reason))
                return
            self.proc = proc
            CHILDREN.add(proc)
        self.deliver(self.on_started)
        threading.Thread(target=self._wait, args=(proc,), name="ssh-waiter", daemon=True).start()

    def _wait(self, proc: subprocess.Popen) -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            line = raw.decode("utf-8", "replace").strip()
            if line:
                self.deliver(lambda line=line: self.on_line(line))
        proc.stderr.close()
        returncode = proc.wait()
        CHILDREN.remove(proc)
        self.exited.set()
        self.deliver(lambda: self.on_exit(returncode, ""))
