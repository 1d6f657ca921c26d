"""headless.wait_for_signal in this process: signals end or reload it, and wake it at once.

The handlers only set a flag and write a byte to a pipe: an Event.set() in a handler once
deadlocked `forward` on Ctrl+C (the main thread held that Event's lock inside Event.wait())."""

from __future__ import annotations

import os
import signal
import threading
import time

from tunnelgui import headless
from tunnelgui.engine import TunnelSpec


def _signal_later(signums: list[int], delay: float) -> threading.Thread:
    def send() -> None:
        time.sleep(delay)
        for signum in signums:
            os.kill(os.getpid(), signum)
            time.sleep(0.002)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def test_sigint_ends_the_wait_within_a_tick_and_hangups_before_it_each_reload():
    reloads: list[float] = []
    with headless.running_engine() as engine:
        engine.start_tunnel(TunnelSpec("t", "127.0.0.1", 0, "127.0.0.1", 9))
        # A storm of hang-ups, then the stop: every handler ran while the main thread waited.
        sender = _signal_later([signal.SIGHUP] * 50 + [signal.SIGINT], 0.3)
        started = time.monotonic()
        code = headless.wait_for_signal(
            engine, stats_interval=5.0, on_reload=lambda: reloads.append(time.monotonic())
        )
        took = time.monotonic() - started
        sender.join(5)
    assert code == 0
    assert headless.stop_requested()
    assert took < 3.0
    assert 1 <= len(reloads) <= 50  # hang-ups arriving together are one reload


def test_a_signal_wakes_the_wait_at_once_not_at_its_timeout():
    with headless.running_engine():
        sender = _signal_later([signal.SIGINT], 0.2)
        started = time.monotonic()
        assert headless._requests.wait(10.0) is True
        woke_after = time.monotonic() - started
        sender.join(5)
    assert woke_after < 5.0  # the old Event woke too; the pipe must as well, not after 10 s
