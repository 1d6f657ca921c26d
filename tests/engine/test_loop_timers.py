"""The loop's timers, precise (call_later) and coarse (call_coarse), on a real loop thread with
real sockets: they run when due and never before, on an idle loop and under traffic, in both the
epoll loop and the portable one."""

from __future__ import annotations

import selectors
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from tunnelgui.engine.loop import COARSE_ROUNDS, Loop

LATE = 0.5  # how late a timer may run on this shared machine before a test calls it broken


def portable(loop: Loop) -> Loop:
    """The same loop on selectors' generic selector (the loop other platforms run)."""
    loop.selector.close()
    loop.selector = selectors.SelectSelector()
    loop.selector.register(loop._wake_recv.fileno(), selectors.EVENT_READ, loop._on_wake)
    return loop


def start_thread(loop: Loop) -> threading.Thread:
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    return thread


def stop_thread(loop: Loop, thread: threading.Thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    assert not thread.is_alive(), "the loop did not stop"
    loop.close()


@pytest.fixture(params=["epoll", "portable"])
def running(request) -> Iterator[Loop]:
    loop = Loop()
    if request.param == "portable":
        portable(loop)
    elif type(loop.selector).__name__ != "LeanEpollSelector":
        loop.close()
        pytest.skip("the epoll loop is Linux's")
    thread = start_thread(loop)
    try:
        yield loop
    finally:
        stop_thread(loop, thread)


def on_loop(loop: Loop, function: Callable[[], object]) -> None:
    done = threading.Event()

    def call() -> None:
        function()
        done.set()

    loop.call_soon_threadsafe(call)
    assert done.wait(5)


def schedule(loop: Loop, kind: str, delay: float) -> tuple[threading.Event, list[float]]:
    """A timer of `kind` (call_later or call_coarse) set on the loop thread; when it ran."""
    fired = threading.Event()
    times: list[float] = []

    def callback() -> None:
        times.append(time.monotonic())
        fired.set()

    on_loop(loop, lambda: times.append(time.monotonic()) or getattr(loop, kind)(delay, callback))
    return fired, times


@pytest.mark.parametrize("kind", ["call_later", "call_coarse"])
def test_a_timer_on_an_idle_loop_runs_when_due(running, kind):
    fired, times = schedule(running, kind, 0.2)
    assert fired.wait(0.2 + LATE + 5)
    set_at, ran_at = times
    assert 0.2 <= ran_at - set_at < 0.2 + LATE


def test_a_coarse_timer_set_by_a_handler_on_a_loop_with_no_timers_still_runs(running):
    """The loop was polling with no timeout (no timer at all); a reader's handler sets the
    first coarse timer and no event follows: the loop must not sleep through it. (A coarse
    timer ran before, so the loop has counted coarse rounds already.)"""
    before, _ = schedule(running, "call_coarse", 0.01)
    assert before.wait(0.01 + LATE + 5)
    a, b = socket.socketpair()
    a.setblocking(False)
    fired = threading.Event()

    def readable(_mask: int = 0) -> None:
        a.recv(16)
        running.call_coarse(0.1, fired.set)

    try:
        on_loop(running, lambda: running.selector.register(a.fileno(), 1, readable))
        b.send(b"x")
        assert fired.wait(0.1 + LATE + 5)
    finally:
        on_loop(running, lambda: running.selector.unregister(a.fileno()))
        a.close()
        b.close()


def ping_pong(loop: Loop, until: threading.Event, limit: float) -> int:
    """Round trips through a reader on the loop (each one a loop round or two) until `until`
    is set or `limit` seconds pass; how many."""
    a, b = socket.socketpair()
    a.setblocking(False)

    def echo(_mask: int = 0) -> None:
        data = a.recv(64)
        if data:
            a.send(data)

    on_loop(loop, lambda: loop.selector.register(a.fileno(), 1, echo))
    count = 0
    deadline = time.monotonic() + limit
    try:
        b.settimeout(5)
        while not until.is_set() and time.monotonic() < deadline:
            b.send(b"p")
            assert b.recv(64) == b"p"
            count += 1
    finally:
        on_loop(loop, lambda: loop.selector.unregister(a.fileno()))
        a.close()
        b.close()
    return count


@pytest.mark.parametrize("kind", ["call_later", "call_coarse"])
def test_a_timer_runs_on_time_on_a_busy_loop(running, kind):
    fired, times = schedule(running, kind, 0.1)
    trips = ping_pong(running, fired, limit=10)
    assert fired.is_set(), f"not run after {trips} round trips"
    set_at, ran_at = times
    assert 0.1 <= ran_at - set_at < 0.1 + LATE


def test_a_coarse_timer_is_late_by_a_bounded_number_of_rounds(running):
    """Traffic that comes just too rarely: each poll wakes for an event before the (stale)
    timeout ends. The coarse timer is then late by at most COARSE_ROUNDS such waits."""
    gap = 0.02
    fired, times = schedule(running, "call_coarse", 2 * gap)
    a, b = socket.socketpair()
    a.setblocking(False)
    on_loop(running, lambda: running.selector.register(a.fileno(), 1, lambda _m=0: a.recv(64)))
    try:
        for _ in range(4 * COARSE_ROUNDS):
            if fired.is_set():
                break
            b.send(b"x")
            time.sleep(gap)
        assert fired.is_set()
        set_at, ran_at = times
        assert 2 * gap <= ran_at - set_at < (COARSE_ROUNDS + 2) * 2 * gap + LATE
    finally:
        on_loop(running, lambda: running.selector.unregister(a.fileno()))
        a.close()
        b.close()


def test_a_coarse_timer_due_before_a_precise_one_runs_on_time(running):
    late_fired, _ = schedule(running, "call_later", 30)
    fired, times = schedule(running, "call_coarse", 0.1)
    assert fired.wait(0.1 + LATE + 5)
    set_at, ran_at = times
    assert 0.1 <= ran_at - set_at < 0.1 + LATE
    assert not late_fired.is_set()


@pytest.mark.parametrize("kind", ["call_later", "call_coarse"])
def test_a_cancelled_timer_never_runs_and_lets_go_of_its_callback(running, kind):
    ran = threading.Event()
    timers = []
    on_loop(running, lambda: timers.append(getattr(running, kind)(0.05, ran.set)))
    on_loop(running, timers[0].cancel)
    # The callback (and whatever it refers to) is let go at once, not when the timer is due.
    assert timers[0].callback is not ran.set
    after, _ = schedule(running, kind, 0.2)
    assert after.wait(0.2 + LATE + 5)
    assert not ran.is_set()


def test_the_loop_stops_from_a_handler_and_from_another_thread():
    for stop_from_handler in (True, False):
        loop = Loop()
        a, b = socket.socketpair()
        a.setblocking(False)

        def readable(_mask: int = 0, loop: Loop = loop, a: socket.socket = a) -> None:
            a.recv(16)
            loop.stop()

        loop.selector.register(a.fileno(), 1, readable)
        loop.call_coarse(60, lambda: None)  # a timer waits: the loop is not in poll(None)
        thread = threading.Thread(target=loop.run, daemon=True)
        thread.start()
        if stop_from_handler:
            b.send(b"x")
        else:
            loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        assert not thread.is_alive()
        loop.close()
        a.close()
        b.close()


# Without the fixture: each sets its timers before the loop runs.


def reader_sets_a_coarse_timer() -> tuple[Loop, socket.socket, socket.socket, threading.Event]:
    """A loop (not started) whose reader of `a` sets a 0.1 s coarse timer for each byte sent on
    `b`; `fired` is set when that timer runs."""
    loop = Loop()
    a, b = socket.socketpair()
    a.setblocking(False)
    fired = threading.Event()

    def readable(_mask: int = 0) -> None:
        a.recv(16)
        loop.call_coarse(0.1, fired.set)

    loop.selector.register(a.fileno(), 1, readable)
    return loop, a, b, fired


def test_coarse_timer_added_in_the_first_event_round_after_the_heap_emptied_runs():
    """The last coarse timer ran (the loop counts coarse rounds, its timeout now None); the
    very next round is an event whose handler adds a coarse timer, and nothing follows."""
    loop, a, b, fired = reader_sets_a_coarse_timer()
    assert type(loop.selector).__name__ == "LeanEpollSelector"
    first = threading.Event()
    loop.call_coarse(0.01, first.set)
    thread = start_thread(loop)
    try:
        assert first.wait(5)
        time.sleep(0.05)  # the loop is in poll(None) now (no timer left)
        b.send(b"x")  # one event round: its handler sets a coarse timer; nothing follows
        assert fired.wait(3), "coarse timer due after 0.1 s not run after 3 s (poll(None))"
    finally:
        stop_thread(loop, thread)
        a.close()
        b.close()


def test_coarse_timer_after_precise_and_coarse_emptied_together():
    """The same after a precise timer's run emptied both heaps while the loop was counting
    coarse rounds from an earlier coarse-only stretch."""
    loop, a, b, fired = reader_sets_a_coarse_timer()
    done = threading.Event()
    # coarse-only first (sets rounds_left = 32), then a precise timer joins and both run.
    loop.call_coarse(0.2, lambda: None)
    thread = start_thread(loop)
    try:
        time.sleep(0.02)
        loop.call_soon_threadsafe(lambda: None)  # an event round, coarse only: countdown starts
        time.sleep(0.02)
        loop.call_soon_threadsafe(lambda: loop.call_later(0.25, done.set))
        assert done.wait(5)
        time.sleep(0.05)
        b.send(b"x")
        assert fired.wait(3), "coarse timer not run (poll(None) with a coarse timer due)"
    finally:
        stop_thread(loop, thread)
        a.close()
        b.close()


def test_a_short_coarse_timer_behind_a_long_one_runs_on_time_on_an_idle_loop():
    """On an idle loop a coarse timer is on time to within a round (call_coarse), even one set
    while the loop keeps a longer one's timeout (5 s) for its countdown."""
    loop = Loop()
    a, b = socket.socketpair()
    a.setblocking(False)
    fired = threading.Event()
    times: list[float] = []

    def readable(_mask: int = 0) -> None:
        if a.recv(16) == b"2":
            times.append(time.monotonic())
            loop.call_coarse(0.05, lambda: (times.append(time.monotonic()), fired.set()))

    loop.selector.register(a.fileno(), 1, readable)
    loop.call_coarse(5.0, lambda: None)
    thread = start_thread(loop)
    try:
        time.sleep(0.05)
        b.send(b"1")  # an event round with coarse timers only: rounds_left = 32, timeout ~5 s
        time.sleep(0.05)
        b.send(b"2")  # sets the short timer; rounds_left 31, timeout stays ~5 s
        assert fired.wait(10)
        set_at, ran_at = times
        assert ran_at - set_at < 0.05 + 0.5, f"ran {ran_at - set_at:.2f} s after being set"
    finally:
        stop_thread(loop, thread)
        a.close()
        b.close()
