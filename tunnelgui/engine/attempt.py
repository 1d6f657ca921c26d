"""One connect in progress (an Attempt) and the socket connect helpers the connectors share."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable

from tunnelgui.engine.ends import TargetEnd, TargetSocket
from tunnelgui.engine.loop import EVENT_WRITE, Timer
from tunnelgui.engine.messages import N_

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from tunnelgui.engine.connector import TargetConnector

Connected = Callable[[TargetEnd], None]
Failed = Callable[[str, bool], None]  # (reason, target_fault)
NO_ADDRESS = N_("no address to connect to")


# The common ones as msgids (messages.say() translates them); others in the system's words.
_CONNECT_ERRORS = {
    errno.ECONNREFUSED: N_("connection refused"),
    errno.ETIMEDOUT: N_("timed out"),
    errno.EHOSTUNREACH: N_("no route to host"),
    errno.ENETUNREACH: N_("network is unreachable"),
}


def connect_error_text(code: int) -> str:
    """errno of a failed connect -> a short phrase ("connection refused")."""
    text = _CONNECT_ERRORS.get(code)
    return text if text is not None else os.strerror(code).lower()


def connect_result(sock: socket.socket) -> int | None:
    """None while a non-blocking connect is in progress; then 0 or the error number."""
    try:
        sock.getpeername()
    except OSError:
        return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) or None
    return 0


class Attempt:
    """One target end being opened; the connector's subclasses keep their progress here."""

    __slots__ = (
        "addresses",
        "connector",
        "done",
        "last_error",
        "next_address",
        "on_connected",
        "on_failed",
        "racing",
        "stagger",
    )

    def __init__(self, connector: TargetConnector, on_connected: Connected, on_failed: Failed):
        self.connector = connector
        self.on_connected = on_connected
        self.on_failed = on_failed
        self.done = False
        self.racing: list[TargetSocket] = []  # sockets whose connect is in progress
        self.stagger: Timer | None = None  # starts the next address if none connected by then
        self.addresses: tuple = ()
        self.next_address = 0
        self.last_error = NO_ADDRESS

    def succeed(self, end: TargetEnd) -> None:
        if self.done:
            end.release(abort=True)
            return
        connector = self.connector
        if self.stagger is None and not self.racing and not connector.starved_attempts:
            # The common case, once per client (nothing raced or starved): _finish() inlined.
            self.done = True
            connector.pending.pop(self, None)
        else:
            self._finish()
            self.drop_sockets()  # the losers of a race
        self.on_connected(end)

    def fail(self, reason: str, target_fault: bool = True) -> None:
        if self.done:
            return
        self._finish()
        self.drop_sockets()
        self.on_failed(reason, target_fault)

    def cancel(self) -> None:
        """Whoever asked is gone: stop, and call back nothing."""
        if not self.done:
            self._finish()
            self.drop_sockets()

    def crash(self) -> None:
        """The loop's last resort when this attempt's handler raised."""
        self.fail(N_("the connect failed after an internal error"), target_fault=False)

    def drop_sockets(self) -> None:
        racing, self.racing = self.racing, []
        unregister = self.connector.selector.unregister
        for sock in racing:
            unregister(sock.fileno())
            sock.close()

    def watch(self, sock: TargetSocket) -> None:
        """Wait for sock's connect to have an outcome, racing any others in progress."""
        self.racing.append(sock)
        self.connector.selector.register(sock.fileno(), EVENT_WRITE, _Racer(self, sock).on_writable)

    def on_writable(self, sock: TargetSocket) -> None:
        """sock's connect has an outcome (or the wake-up was spurious)."""
        code = connect_result(sock)
        if code is None:
            return  # a spurious wake-up: still connecting
        self.connector.selector.unregister(sock.fileno())
        self.racing.remove(sock)
        if code:
            sock.close()
            self.connector.connect_next(self, connect_error_text(code))
        else:
            self.succeed(sock)

    def _finish(self) -> None:
        self.done = True
        if self.stagger is not None:
            self.stagger.cancel()
            self.stagger = None
        connector = self.connector
        connector.pending.pop(self, None)
        starved = connector.starved_attempts
        if self in starved:
            starved.remove(self)


class _Racer:
    """One socket of an attempt's race: a bound handler the loop can also crash() through."""

    __slots__ = ("attempt", "sock")

    def __init__(self, attempt: Attempt, sock: TargetSocket) -> None:
        self.attempt = attempt
        self.sock = sock

    def on_writable(self, _mask: int) -> None:
        self.attempt.on_writable(self.sock)

    def crash(self) -> None:
        self.attempt.crash()
