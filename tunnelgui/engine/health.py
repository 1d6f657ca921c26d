"""Target health: a periodic non-blocking TCP connect to a tunnel's target, on the loop."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from tunnelgui.engine.loop import EVENT_WRITE, Timer
from tunnelgui.engine.relay import (
    CONNECT_PENDING,
    connect_error_text,
    connect_result,
    nonblocking_socket,
)
from tunnelgui.engine.resolver import Resolved

if TYPE_CHECKING:
    from tunnelgui.engine.tunnel import Tunnel


class TargetProbe:
    """Every `interval` seconds, connects to the target and closes again at once.

    The outcome goes to Tunnel.target_reachable()/target_unreachable(), which report only
    changes. The first probe runs as soon as the tunnel starts.
    """

    def __init__(self, tunnel: Tunnel, interval: float) -> None:
        self.tunnel = tunnel
        self.interval = interval
        self.timeout = min(tunnel.spec.connect_timeout, interval)
        self.sock: socket.socket | None = None
        self.addresses: tuple = ()
        self.next_address = 0
        self.closed = False
        self.round = 0  # a lookup answering after its round timed out is ignored
        self._timer: Timer | None = tunnel.loop.call_later(0.0, self._probe)
        self._deadline: Timer | None = None

    def close(self) -> None:
        self.closed = True
        for timer in (self._timer, self._deadline):
            if timer is not None:
                timer.cancel()
        self._close_socket()

    def _probe(self) -> None:
        self._timer = None
        self.round += 1
        self._deadline = self.tunnel.loop.call_later(self.timeout, self._timed_out)
        self.tunnel.lookup_target(lambda resolved, n=self.round: self._start(resolved, n))

    def _start(self, resolved: Resolved, round_: int) -> None:
        if self.closed or round_ != self.round or self._deadline is None:
            return  # stopped, or this round timed out while resolving
        if resolved.error:
            self._finish(resolved.error)
            return
        self.addresses = resolved.addresses
        self.next_address = 0
        self._connect_next("no address to connect to")

    def _connect_next(self, last_error: str) -> None:
        while self.next_address < len(self.addresses):
            family, sockaddr = self.addresses[self.next_address]
            self.next_address += 1
            try:
                sock = nonblocking_socket(family)
            except OSError as exc:
                last_error = exc.strerror or str(exc)
                continue
            code = sock.connect_ex(sockaddr)
            if code in CONNECT_PENDING:
                self.sock = sock
                self.tunnel.selector.register(sock.fileno(), EVENT_WRITE, self._on_connected)
                return
            sock.close()
            last_error = connect_error_text(code)
        self._finish(last_error)

    def _on_connected(self, _mask: int) -> None:
        code = connect_result(self.sock)
        if code is None:
            return  # a spurious wake-up: still connecting
        self._close_socket()
        if code:
            self._connect_next(connect_error_text(code))
        else:
            self._finish("")

    def _timed_out(self) -> None:
        self._deadline = None
        self._close_socket()
        self._finish(f"no answer within {self.timeout:g} s")

    def _finish(self, error: str) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        if self.closed:
            return
        if error:
            self.tunnel.target_unreachable(error)
        else:
            self.tunnel.target_reachable()
        self._timer = self.tunnel.loop.call_later(self.interval, self._probe)

    def _close_socket(self) -> None:
        if self.sock is not None:
            self.tunnel.selector.unregister(self.sock.fileno())
            self.sock.close()
            self.sock = None

    def crash(self) -> None:
        """The loop's last resort when a handler raised: report and keep probing."""
        self._close_socket()
        self._finish("the health check failed")
