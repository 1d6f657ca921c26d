"""Signals reach a headless run however they are timed. A Python signal handler runs on the main
thread between any two of its bytecodes; one that took a lock the interrupted code held (as
threading.Event.set() does while Event.wait() is entering) would hang `run` forever, deaf to
SIGTERM."""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import threading
import time

import pytest

from tunnelgui import headless
from tunnelgui.engine import TunnelSpec

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")


WATCHED = {headless.__file__, threading.__file__}


def spec(name: str) -> TunnelSpec:
    return TunnelSpec(name, "127.0.0.1", 0, "127.0.0.1", 9)


def test_a_stop_arriving_at_any_line_of_the_wait_ends_it():
    """The handler is run at the n-th line the main thread executes in headless.py or in
    threading (where a wait holds its locks), for every n through a pass of
    wait_for_signal's loop: each run must return 0 at once."""

    def run_with_stop_at(engine, n: int) -> int:
        """Lines run before the stop; the handler fires at line n (never when n is 0), and the
        run must end within 0.15 s of it (a pass of the loop waits 0.2 s)."""
        lines = 0
        fired = 0.0

        def tracer(frame, event, _arg):
            nonlocal lines, fired
            if event == "line" and frame.f_code.co_filename in WATCHED:
                lines += 1
                if lines == n:
                    fired = time.monotonic()
                    headless._on_signal(signal.SIGTERM, frame)
            return tracer

        sys.settrace(tracer)
        try:
            assert headless.wait_for_signal(engine) == 0
        finally:
            sys.settrace(None)
        if n:
            where = f"a stop at line {n} of the wait"
            assert fired, f"{where} never came"
            assert time.monotonic() - fired < 0.15, f"{where} was seen a pass late"
        return lines

    faulthandler.dump_traceback_later(30, exit=True)  # a hang fails the run, not CI's clock
    try:
        with headless.running_engine() as engine:
            engine.start_tunnel(spec("lines"))
            # How many lines a pass takes: a real SIGTERM ends the first wait after 0.1 s.
            timer = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGTERM))
            timer.start()
            one_pass = run_with_stop_at(engine, 0)
            timer.join()
            assert 4 < one_pass < 2000
            for n in range(1, one_pass + 1):
                headless._requests.stop = False  # a fresh run of the same engine
                run_with_stop_at(engine, n)
    finally:
        faulthandler.cancel_dump_traceback_later()


def test_a_storm_of_sighups_then_sigterm_ends_the_run():
    reloads: list[int] = []
    before = signal.getsignal(signal.SIGTERM)

    def storm() -> None:
        for _ in range(2000):  # bounded; they land anywhere in the main thread's loop
            os.kill(os.getpid(), signal.SIGHUP)
        deadline = time.monotonic() + 10
        while not reloads and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)

    faulthandler.dump_traceback_later(30, exit=True)
    try:
        with headless.running_engine() as engine:
            engine.start_tunnel(spec("storm"))
            sender = threading.Thread(target=storm, daemon=True)
            sender.start()
            code = headless.wait_for_signal(engine, on_reload=lambda: reloads.append(1))
        sender.join(5)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert code == 0
    assert reloads, "no SIGHUP reached on_reload"
    assert signal.getsignal(signal.SIGTERM) is before  # the runner's own handler is back


def test_a_stop_signal_before_the_wait_is_not_lost():
    with headless.running_engine() as engine:
        engine.start_tunnel(spec("early"))
        os.kill(os.getpid(), signal.SIGTERM)
        assert headless.stop_requested()
        started = time.monotonic()
        assert headless.wait_for_signal(engine) == 0
        assert time.monotonic() - started < 1.0
