"""The dispatcher loop: one selector, timers, and a thread-safe call queue woken by a socketpair."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import select
import selectors
import socket
import threading
from collections import deque
from collections.abc import Callable
from time import monotonic

from tunnelgui.engine.selector import Handler, LeanEpollSelector, make_selector

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    import logging


def engine_log() -> logging.Logger:
    """The engine's logger, for failures only: logging is imported with the first one (about
    0.5 MiB a `forward` process that never fails would carry)."""
    import logging

    return logging.getLogger("tunnelgui.engine")


EVENT_READ = selectors.EVENT_READ
EVENT_WRITE = selectors.EVENT_WRITE
# epoll bits that say "not (only) readable" / "not (only) writable" (Loop._on_keyed_event).
_NOT_IN = ~getattr(select, "EPOLLIN", 0)
_NOT_OUT = ~getattr(select, "EPOLLOUT", 0)

# Ready fds taken per round; more stay ready (level-triggered) for the next one. epoll.poll()
# allocates its result array on every call (12 bytes an entry): 32 entries fit Python's own
# small-object allocator (up to 512 bytes), 64 came from malloc's per-thread cache and 512 from
# malloc proper (callgrind: ~140 and ~300 instructions more per poll; two polls a round trip).
MAX_EVENTS = 32

# While only coarse timers wait (Loop.call_coarse), the loop reads the clock for them once every
# this many rounds, or after a poll that woke for nothing, instead of after every round.
COARSE_ROUNDS = 32


def _nothing() -> None:
    """What a cancelled timer holds instead of its callback."""


class Timer:
    """A callback due at a monotonic time; cancel() makes the loop skip it."""

    __slots__ = ("callback", "cancelled", "when")

    def __init__(self, when: float, callback: Callable[[], None]) -> None:
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True
        # The heap keeps a cancelled timer until its time comes: let go of the callback now,
        # and with it whatever it refers to (a closed connection's halves, its sockets).
        self.callback = _nothing


class Loop:
    """Owns the selector. Everything registered here runs on the one thread that calls run().

    Handlers are registered by file descriptor with a callable taking the event mask. Other
    threads only use call_soon_threadsafe(), which queues a function and wakes the selector.
    """

    def __init__(self) -> None:
        self.selector = make_selector()
        self._wake_recv, self._wake_send = socket.socketpair()
        self._wake_recv.setblocking(False)
        self._wake_send.setblocking(False)
        self.selector.register(self._wake_recv.fileno(), EVENT_READ, self._on_wake)
        self._calls: deque[Callable[[], None]] = deque()
        self._timers: list[tuple[float, int, Timer]] = []
        self._coarse: list[tuple[float, int, Timer]] = []  # call_coarse()'s, a heap too
        self._timer_order = itertools.count()
        self._stopping = False
        self.thread_id: int | None = None

    # -- used from any thread -------------------------------------------------------------

    def call_soon_threadsafe(self, function: Callable[[], None]) -> None:
        self._calls.append(function)
        # Buffer full: the loop has wake-ups pending anyway. Closed: the loop is gone.
        with contextlib.suppress(OSError):
            self._wake_send.send(b"\0")

    def in_loop_thread(self) -> bool:
        return self.thread_id == threading.get_ident()

    # -- used on the loop thread ---------------------------------------------------------

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        timer = Timer(monotonic() + delay, callback)
        heapq.heappush(self._timers, (timer.when, next(self._timer_order), timer))
        return timer

    def call_coarse(self, delay: float, callback: Callable[[], None]) -> Timer:
        """call_later() for a callback whose time is loose: it runs no earlier than `delay`
        from now, but may run late, by at most COARSE_ROUNDS loop rounds, each waiting no longer
        than the time that was left until it when the loop last looked (so at most
        COARSE_ROUNDS * delay under traffic that comes just too rarely; on an idle or a busy
        loop, on time to within a round).

        What this buys: while only such timers wait, a round does not read the clock. That is
        a tenth of the loop's own work per relayed message (callgrind), and a tunnel's
        keepalive switch-on timer (keepalive.LateKeepalive) waits through the first second of
        every connection."""
        timer = Timer(monotonic() + delay, callback)
        coarse = self._coarse
        if not coarse or timer.when < coarse[0][0]:
            # The loop's timeout (None, or a stale one it keeps for a while) was worked out
            # without this timer: a precise no-op due now makes it work the timeout out afresh
            # after this round. Timers of one delay (a tunnel's) come after the first: no kick.
            self.call_later(0.0, _nothing)
        heapq.heappush(coarse, (timer.when, next(self._timer_order), timer))
        return timer

    def stop(self) -> None:
        """Make run() return after the current round."""
        self._stopping = True

    def run(self) -> None:
        self.thread_id = threading.get_ident()
        try:
            self.run_calls()
            if LeanEpollSelector is not None and type(self.selector) is LeanEpollSelector:
                self._run_epoll()
            else:
                self._run_selector()
        finally:
            self.thread_id = None

    def _next_timeout(self) -> float | None:
        return 0.0 if self._calls else self._until_next_timer()

    def _until_next_timer(self) -> float | None:
        """Seconds until the earliest timer of either kind is due (None: no timer waits)."""
        timers = self._timers
        coarse = self._coarse
        if timers:
            due = min(timers[0][0], coarse[0][0]) if coarse else timers[0][0]
        elif coarse:
            due = coarse[0][0]
        else:
            return None
        return max(0.0, due - monotonic())

    def _run_selector(self) -> None:
        """The portable loop: selectors' own select()."""
        select = self.selector.select
        timers = self._timers
        coarse = self._coarse
        while not self._stopping:
            for key, mask in select(self._next_timeout()):
                try:
                    key.data(mask)
                except Exception:
                    self._handler_crashed(key.fd, key.data)
            if timers or coarse:
                self._run_timers()

    def _run_epoll(self) -> None:
        """The same loop on Linux, polling the LeanEpollSelector's epoll object directly.

        selectors' select() builds a list of (key, events) for every round; here each ready
        fd's handler is looked up and called at once. That saves a few microseconds per
        round, which is most of the loop's own cost per relayed message. Registration still
        goes through the selector, so both loops see the same keys.
        """
        selector = self.selector
        poll = selector.poll_object.poll
        readers = selector.readers
        timers = self._timers
        coarse = self._coarse
        rounds_left = 0  # coarse timers only: rounds before the clock is read again
        # One clock reading per round, taken after the handlers: it decides which timers are
        # due and how long the next poll may wait. Queued calls need no look per round: each
        # one wrote to the wake-up socket, so the poll returns at once for _on_wake.
        timeout = self._timeout_after_timers()
        while not self._stopping:
            try:
                ready = poll(timeout, MAX_EVENTS)
            except InterruptedError:
                ready = ()
            for fd, event in ready:
                # Looked up now, not before the round: a handler earlier in this round may
                # have closed this fd; then it has no key (or a new one for a new socket,
                # whose handler copes with a spurious wake-up).
                try:
                    reader = readers[fd]  # a dict subscript: cheaper than .get() and a test
                except KeyError:
                    self._on_keyed_event(fd, event)
                    continue
                # Watched for reading only: whatever woke it (data, EOF, an error) is the
                # reader's to find, as selectors would report it.
                try:
                    reader(1)  # EVENT_READ, as a constant
                except Exception:
                    self._handler_crashed(fd, reader)
            if timers:
                now = monotonic()
                timeout = timers[0][0] - now
                if coarse and coarse[0][0] - now < timeout:
                    timeout = coarse[0][0] - now
                if timeout <= 0.0:
                    timeout = self._timeout_after_timers()
            elif coarse:
                # The last timeout stands (a little stale) until the countdown ends, or a poll
                # comes back empty: it waited the whole timeout, a timer may be due.
                if rounds_left and ready:
                    rounds_left -= 1
                else:
                    rounds_left = COARSE_ROUNDS
                    timeout = self._timeout_after_timers()
            else:
                timeout = None  # not -1.0: poll() converts a float to its clock type each call

    def _on_keyed_event(self, fd: int, event: int) -> None:
        """An fd watched for writing (a connect, a full destination), or one closed earlier
        in this round (no key, or a new socket's, whose handler copes with a spurious wake)."""
        key = self.selector.fd_map.get(fd)
        if key is None:
            return
        mask = (EVENT_WRITE if event & _NOT_IN else 0) | (EVENT_READ if event & _NOT_OUT else 0)
        try:
            key.data(mask & key.events)
        except Exception as exc:
            # Called inside the loop's `except KeyError` (no reader): not this error's cause.
            exc.__context__ = None
            self._handler_crashed(fd, key.data)

    def _timeout_after_timers(self) -> float | None:
        """Run the timers that are due; how long the next poll may wait (None: no timer)."""
        self._run_timers()
        return self._until_next_timer()

    def close(self) -> None:
        """Release the selector and the wake-up sockets (after run() has returned)."""
        self._calls.clear()
        self._timers.clear()
        self._coarse.clear()
        self.selector.close()
        self._wake_recv.close()
        self._wake_send.close()

    def _on_wake(self, _mask: int) -> None:
        try:
            while self._wake_recv.recv(4096):
                pass
        except BlockingIOError:
            pass
        self.run_calls()

    def run_calls(self) -> None:
        """Run the queued calls (also used after run() returned, to answer late commands)."""
        calls = self._calls
        while calls:
            function = calls.popleft()
            try:
                function()
            except Exception:
                engine_log().exception("engine command failed")

    def _run_timers(self) -> None:
        """Run the timers of both kinds that are due now."""
        now = monotonic()
        for timers in (self._timers, self._coarse):
            while timers and timers[0][0] <= now:
                timer = heapq.heappop(timers)[2]
                if timer.cancelled:
                    continue
                try:
                    timer.callback()
                except Exception:
                    engine_log().exception("engine timer failed")

    def _handler_crashed(self, fd: int, handler: Handler) -> None:
        """A bug in a handler must not stop every tunnel: drop what the handler belongs to."""
        engine_log().exception("engine handler for fd %s failed", fd)
        owner = getattr(handler, "__self__", None)
        crash = getattr(owner, "crash", None)
        if crash is None:
            # A direction's pump (Relay.sync registers those): its relay is what to drop.
            crash = getattr(getattr(owner, "relay", None), "crash", None)
        if crash is not None:
            try:
                crash()
                return
            except Exception:
                engine_log().exception("engine cleanup after a failed handler failed")
        # Without this, a level-triggered fd would call the broken handler forever.
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(fd)
