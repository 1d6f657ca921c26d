"""SSH hops: a tunnel's view of its hop's shared ssh master, and the connector using its socket."""

from __future__ import annotations

import socket
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING

from tunnelgui.engine import messages, ssh_handoff
from tunnelgui.engine.connector import Attempt, Connected, Failed, UnixSocketConnector
from tunnelgui.engine.ends import TargetEnd
from tunnelgui.engine.events import EventKind
from tunnelgui.engine.loop import EVENT_READ, Timer
from tunnelgui.engine.messages import HOP_IS_DOWN, N_, SERVER_REPORTS, Phrase
from tunnelgui.engine.spec import SshHopTransport
from tunnelgui.engine.ssh_master import SshMaster, SshMasters
from tunnelgui.engine.states import HopState

if TYPE_CHECKING:
    from tunnelgui.engine.tunnel import Tunnel

# A probe through the hop connects to our socket at once; ssh only then asks the server to
# connect to the target. A refusal closes the socket within a round trip: wait this long.
PROBE_CONFIRM = 0.5
# SO_SNDBUF of our end of ssh's socket (the kernel doubles it): client->target cost our relay
# 105-120 us of CPU per MB instead of 153-175, and ssh 7 % less, in interleaved A/B pairs on
# the loaded 2-core VM. The price: up to about 1 MiB of kernel memory per connection whose
# target does not read (ssh's channel window holds the rest back), instead of about 0.4 MiB.
UNIX_SNDBUF = 512 * 1024


class HopLink:
    """One tunnel's membership in its hop's master (loop thread only): its forward, and the
    hop state it shows, told as events in the tunnel's name whenever it changes.

    READY = the master is ready and this tunnel's forward is set up in it.
    """

    def __init__(self, connector: SshHopConnector, master: SshMaster) -> None:
        self.connector = connector
        self.master = master
        tunnel = connector.tunnel
        self.forward = (master.new_socket_path(), tunnel.spec.target_host, tunnel.spec.target_port)
        self.socket_path = self.forward[0]
        self.last_connect = 0.0
        self.state: HopState | None = None
        self.error = ""
        self.closed = False
        self.channel_failure = (0.0, "")  # when ssh last said "open failed", and its words

    def start(self) -> None:
        self.master.join(self)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.master.leave(self)

    def channel_failed(self, why: str) -> None:
        self.channel_failure = (monotonic(), why)
        self.connector.channel_failed(why)

    def fresh_channel_failure(self, max_age: float) -> str:
        """ssh's words for the latest failed channel open, if it came within max_age s."""
        when, why = self.channel_failure
        return why if why and monotonic() - when <= max_age else ""

    def master_changed(self) -> None:
        if self.closed:
            return
        master = self.master
        via = master.hop.via
        state, error = master.state, master.error
        if state is HopState.READY and not master.forwarded(self):
            failure = master.forward_errors.get(self)
            if failure is None:
                state = HopState.CONNECTING  # its -O forward is on the way
            else:
                state, error = HopState.RECONNECTING, failure[0]
        was = self.state
        if state is was and error == self.error:
            return
        self.state, self.error = state, error
        if state is HopState.CONNECTING:
            self._event(EventKind.HOP_CONNECTING, messages.hop_connecting, via)
        elif state is HopState.READY:
            self._event(EventKind.HOP_READY, messages.hop_ready, via)
            self.connector.hop_ready()
        elif state is HopState.FAILED:
            self._event(EventKind.HOP_DOWN, messages.hop_failed, error)
            self.connector.hop_down(Phrase(N_("SSH failed: {error}"), error=error))
        else:
            failure = master.forward_errors.get(self)
            delay = failure[1] if failure is not None else master.retry_in
            lost = was is HopState.READY
            self._event(EventKind.HOP_DOWN, messages.hop_retrying, lost, error, delay)
            if lost:
                template = N_("SSH connection lost: {error}; reconnecting in {delay:g} s")
            else:
                template = N_("SSH failed: {error}; reconnecting in {delay:g} s")
            self.connector.hop_down(Phrase(template, error=error, delay=delay))

    def _event(self, kind: EventKind, message: Callable[..., str], *args: object) -> None:
        tunnel = self.connector.tunnel
        tunnel.events.add(tunnel.spec.tunnel_id, kind, message, (tunnel.spec.label, *args))


class SshHopConnector(UnixSocketConnector):
    """Target ends through an SSH hop: the Unix socket its hop's shared master forwards.

    Attempts made while ssh connects wait for it (the connect timeout bounds them); while it
    is down they fail at once with ssh's reason, which is the hop's fault, not the target's.
    """

    connect_proves_target = False  # our socket answers even when the far side refuses

    def __init__(self, tunnel: Tunnel, hop: SshHopTransport, masters: SshMasters) -> None:
        self.tunnel = tunnel
        self.link = HopLink(self, masters.master_for(hop))
        super().__init__(tunnel, self.link.socket_path)
        self.waiting: list[Attempt] = []
        # Probes connected and waiting to see whether ssh closes them: fd -> settle(refused).
        self.confirming: dict[int, Callable[[bool], None]] = {}
        # Clients of a tunnel without conditions go to the master itself (ssh_handoff.py);
        # health probes and shaped tunnels' relays use the -L socket.
        self.handoff = ssh_handoff.Handoff(self) if ssh_handoff.SUPPORTED else None
        self.link.start()

    @property
    def hop_state(self) -> HopState:
        return self.link.state or HopState.CONNECTING

    @property
    def hop_error(self) -> str:
        return self.link.error

    def begin(self, attempt: Attempt) -> None:
        state = self.link.state
        if state is HopState.READY:
            self.link.last_connect = monotonic()
            self.connect_to(attempt, self.addresses)
        elif state is HopState.CONNECTING or state is None:
            self.waiting.append(attempt)
        else:
            attempt.fail(Phrase(HOP_IS_DOWN, error=self.link.error), target_fault=False)

    def tune(self, sock: socket.socket, sockaddr: object) -> None:
        # A Unix stream socket's send buffer bounds what one splice from our pipe can hand
        # ssh: the default (208 KiB) split each 1 MiB pipe into several wake-ups.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, UNIX_SNDBUF)

    def hop_ready(self) -> None:
        if self.handoff is not None:
            self.handoff.hop_ready()
        waiting, self.waiting = self.waiting, []
        for attempt in waiting:
            if not attempt.done:
                self.link.last_connect = monotonic()
                self.connect_to(attempt, self.addresses)

    def hop_down(self, reason: str) -> None:
        if self.handoff is not None:
            self.handoff.hop_down(reason)
        waiting, self.waiting = self.waiting, []
        for attempt in waiting:
            attempt.fail(reason, target_fault=False)

    def channel_failed(self, why: str) -> None:
        """ssh says the server could not open the connection to the target."""
        self.tunnel.target_unreachable(Phrase(SERVER_REPORTS, words=why))

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
        if self.handoff is not None:
            self.handoff.close()
        self.waiting = []
        for settle in list(self.confirming.values()):
            settle(False)  # the health monitor is closed by now: it releases the end
        self.link.close()
