"""A tunnel waiting for its listen address to exist on this machine, binding once it does."""

from __future__ import annotations

import socket
from collections.abc import Callable

from tunnelgui.engine import messages
from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.errors import TunnelStartError
from tunnelgui.engine.eventlog import EventLog
from tunnelgui.engine.events import EventKind
from tunnelgui.engine.listen import open_listener
from tunnelgui.engine.loop import Loop, Timer
from tunnelgui.engine.spec import TunnelSpec
from tunnelgui.engine.stats import TunnelStats

# A bind attempt is one cheap system call: try this often, and at once on a network change.
RETRY_INTERVAL = 2.0


class WaitingListener:
    """Retries the bind of spec's listen address until it works (then on_bound(spec, sock)),
    or fails for another reason (then a TUNNEL_FAILED event and on_failed(tunnel_id))."""

    def __init__(
        self,
        spec: TunnelSpec,
        family: int,
        sockaddr: tuple,
        loop: Loop,
        events: EventLog,
        on_bound: Callable[[TunnelSpec, socket.socket], None],
        on_failed: Callable[[str], None],
    ) -> None:
        self.spec = spec
        self.family = family
        self.sockaddr = sockaddr
        self.loop = loop
        self.events = events
        self.on_bound = on_bound
        self.on_failed = on_failed
        self.listen_address = format_address(spec.listen_host, spec.listen_port)
        self._timer: Timer | None = loop.call_later(RETRY_INTERVAL, self.retry)
        events.add(
            spec.tunnel_id,
            EventKind.TUNNEL_WAITING,
            messages.tunnel_waiting,
            (spec.label, spec.listen_host, self.listen_address),
        )

    def retry(self) -> None:
        """Try to bind now (the timer's turn, or the network changed)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        spec = self.spec
        try:
            sock = open_listener(self.family, self.sockaddr, spec.listen_host, spec.listen_port)
        except TunnelStartError as error:
            if error.address_missing:
                self._timer = self.loop.call_later(RETRY_INTERVAL, self.retry)
                return
            self.events.add(spec.tunnel_id, EventKind.TUNNEL_FAILED, messages.error_text, (error,))
            self.on_failed(spec.tunnel_id)
            return
        self.on_bound(spec, sock)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.events.add(
            self.spec.tunnel_id,
            EventKind.TUNNEL_STOPPED,
            messages.waiting_stopped,
            (self.spec.label, self.spec.listen_host),
        )

    def stats(self) -> TunnelStats:
        return TunnelStats(
            tunnel_id=self.spec.tunnel_id,
            listen_address=self.listen_address,
            listen_port=self.spec.listen_port,
            active_connections=0,
            total_connections=0,
            failed_connections=0,
            rejected_connections=0,
            bytes_to_target=0,
            bytes_to_client=0,
            waiting_for=self.spec.listen_host,
        )
