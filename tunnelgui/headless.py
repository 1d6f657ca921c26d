"""Running tunnels headless until SIGINT/SIGTERM: signals, engine lifecycle and status lines.

Shared by `tunnelgui forward` and `tunnelgui run`. Typical use:

    with headless.running_engine() as engine:      # engine loop on a background thread
        try:
            engine.start_tunnel(spec)
        except TunnelStartError as exc:
            headless.error(str(exc))                  # "tunnelgui: ..." on stderr
            return 1
        headless.say(f"Forwarding ... (Ctrl+C to stop)")
        return headless.wait_for_signal(engine, stats_interval=5.0, labels={spec.tunnel_id: ...})
    # leaving the block stops every tunnel and closes every socket (within 2 s)

wait_for_signal() blocks until SIGINT or SIGTERM (returns 0), or until no tunnel is left
running because their listeners failed (returns 1). Meanwhile it prints target up/down and
tunnel failures to stderr, and with stats_interval > 0 one status line per tunnel per interval
(format_stats_line()). Target health follows each spec's HealthPolicy, as in the app: one
check at the start, then only the clients' own connects while the target is up. Signal
handlers are installed by running_engine() and restored on exit, so a Ctrl+C while tunnels
are starting also ends cleanly. SIGHUP calls wait_for_signal's on_reload (`run` reloads its
profiles); without one it says there is nothing to reload and keeps running.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping

from tunnelgui.engine import Engine, EventKind, TargetHealth, TunnelStats
from tunnelgui.engine.addresses import exposure_warning
from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.units import format_bytes, format_rate
from tunnelgui.profiles.condition_text import describe_conditions

# Events worth a line on a terminal; per-connection events would flood it.
NOTABLE_EVENTS = frozenset(
    {
        EventKind.TARGET_DOWN,
        EventKind.TARGET_UP,
        EventKind.TARGET_MOVED,
        EventKind.TUNNEL_FAILED,
        EventKind.HOP_READY,
        EventKind.HOP_DOWN,
    }
)
SHUTDOWN_TIMEOUT = 2.0


class _Requests:
    """What the signal handlers asked for, and a pipe that wakes wait_for_signal() at once.

    A handler runs on the main thread between two bytecodes, possibly while that thread holds
    the lock inside threading.Event.wait(): an Event.set() there deadlocked `forward` on Ctrl+C
    (seen on a loaded machine). So the handlers only assign a flag and os.write(), which take
    no lock.
    """

    def __init__(self) -> None:
        self.stop = False
        self.reload = False
        self._read = self._write = -1

    def open(self) -> None:
        self.stop = self.reload = False
        if self._read < 0:
            self._read, self._write = os.pipe()
            os.set_blocking(self._read, False)
            os.set_blocking(self._write, False)  # a full pipe already wakes the reader

    def close(self) -> None:
        for fd in (self._read, self._write):
            if fd >= 0:
                os.close(fd)
        self._read = self._write = -1

    def wake(self) -> None:
        if self._write >= 0:
            with contextlib.suppress(OSError):
                os.write(self._write, b"\0")

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` s or until a signal; True when a stop was requested."""
        if self.stop:
            return True
        if self._read < 0:
            time.sleep(timeout)
        # A signal arriving between the check above and select() has already written its byte.
        elif select.select([self._read], [], [], timeout)[0]:
            with contextlib.suppress(OSError):
                os.read(self._read, 512)
        return self.stop


_requests = _Requests()
NOTHING_TO_RELOAD = (
    "SIGHUP: nothing to reload (this tunnel comes from the command line); still running"
)


def say(text: str) -> None:
    print(text, flush=True)


def error(text: str) -> None:
    print(f"tunnelgui: {text}", file=sys.stderr, flush=True)


def warn_if_exposed(listen_address: str, bound_host: str) -> None:
    """Safe by default: say so whenever a listener accepts connections from other machines,
    judged from the host its socket is bound to (TunnelStats.listen_host), whatever was typed."""
    exposure = exposure_warning(bound_host)
    if exposure:
        error(f"warning: {listen_address}: {exposure}")


def note_if_shaped(label: str, conditions: tuple[Condition, ...]) -> None:
    """Say which conditions shape a tunnel, on stderr like the exposure warning and whatever
    --quiet says: a forgotten 2-second latency looks like a broken service."""
    shaping = tuple(condition for condition in conditions if condition.enabled)
    if shaping:
        error(f"shaped: {label}: {describe_conditions(shaping)}")


@contextlib.contextmanager
def running_engine() -> Iterator[Engine]:
    """An Engine running on a background thread, with SIGINT/SIGTERM turned into a stop request.

    On exit every tunnel is stopped and every socket closed; the previous signal handlers are
    restored.
    """
    _requests.open()
    previous = _install_signal_handlers()
    engine = Engine()
    try:
        engine.start_background()
        yield engine
    finally:
        engine.shutdown(SHUTDOWN_TIMEOUT)
        _restore_signal_handlers(previous)
        _requests.close()


@contextlib.contextmanager
def ssh_prompts(needed: bool) -> Iterator[str]:
    """The askpass program for SSH hops: ssh's questions asked on this terminal ("" = none,
    when no hop needs one or there is no terminal: ssh then fails instead of asking)."""
    if not needed or not sys.stdin.isatty():
        yield ""
        return
    from tunnelgui.askpass import PromptServer, terminal_answer  # only with an SSH hop

    server = PromptServer(terminal_answer)
    try:
        yield server.program
    finally:
        server.close()


def stop_requested() -> bool:
    """True once SIGINT or SIGTERM arrived (while running_engine() is active)."""
    return _requests.stop


def wait_for_signal(
    engine: Engine,
    stats_interval: float = 0.0,
    labels: Mapping[str, str] | None = None,
    on_reload: Callable[[], None] | None = None,
) -> int:
    """Block until SIGINT/SIGTERM (-> 0) or until every tunnel has failed (-> 1).

    labels maps tunnel ids to the names used in printed lines (default: the id); it is read
    anew each time, so on_reload may change it. on_reload runs on this thread for each SIGHUP;
    without one a SIGHUP only says there is nothing to reload.
    """
    labels = labels if labels is not None else {}
    seen_seq = 0
    previous = engine.snapshot(include_connections=False)
    next_stats = time.monotonic() + stats_interval if stats_interval > 0 else None
    while True:
        wait = 0.2 if next_stats is None else max(0.0, min(0.2, next_stats - time.monotonic()))
        if _requests.wait(wait):
            return 0
        if _requests.reload:
            _requests.reload = False
            if on_reload is None:
                error(NOTHING_TO_RELOAD)
            else:
                on_reload()
        # Only the notable kinds are formatted: thousands of connection events a second
        # would otherwise cost this thread (and the loop, through the GIL) their sentences.
        newest = engine.last_event_seq()
        for event in engine.events_since(seen_seq, NOTABLE_EVENTS):
            print(event.message, file=sys.stderr, flush=True)
            newest = max(newest, event.seq)  # added after `newest` was read: printed now
        seen_seq = max(seen_seq, newest)
        if not engine.tunnel_count():
            return 1  # every listener failed; nothing left to run
        if next_stats is not None and time.monotonic() >= next_stats:
            current = engine.snapshot(include_connections=False)
            seconds = current.taken_at - previous.taken_at
            for tunnel_id, stats in current.tunnels.items():
                before = previous.tunnels.get(tunnel_id)
                label = labels.get(tunnel_id, tunnel_id)
                print(format_stats_line(label, stats, before, seconds), file=sys.stderr, flush=True)
            previous = current
            next_stats += stats_interval


def format_stats_line(
    label: str, stats: TunnelStats, before: TunnelStats | None, seconds: float
) -> str:
    """One line: "web: 2 active, 10 total, 0 failed, 0 rejected; to target 1.50 MiB (12.0 KiB/s),
    to client 20.0 MiB (1.10 MiB/s); target up"."""

    def rate(now: int, then: int) -> str:
        per_second = (now - then) / seconds if seconds > 0 else 0.0
        return format_rate(per_second)

    # Rates from what was written, which a reset's discarded bytes never make go down.
    up_before = before.written_to_target if before else 0
    down_before = before.written_to_client if before else 0
    target = str(stats.target_status)
    if stats.target_status is TargetHealth.DOWN and stats.target_error:
        target = f"{stats.target_status} ({stats.target_error})"
    if stats.hop_state is not None:
        hop = f"{stats.hop_state}: {stats.hop_error}" if stats.hop_error else stats.hop_state
        target = f"{target}; {hop}"
    return (
        f"{label}: {stats.active_connections} active, {stats.total_connections} total, "
        f"{stats.failed_connections} failed, {stats.rejected_connections} rejected; "
        f"to target {format_bytes(stats.bytes_to_target)} "
        f"({rate(stats.written_to_target, up_before)}), "
        f"to client {format_bytes(stats.bytes_to_client)} "
        f"({rate(stats.written_to_client, down_before)}); target {target}"
    )


def _on_signal(_signum: int, _frame: object) -> None:
    _requests.stop = True
    _requests.wake()


def _on_hangup(_signum: int, _frame: object) -> None:
    _requests.reload = True
    _requests.wake()


def _install_signal_handlers() -> dict[int, object]:
    previous: dict[int, object] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous  # only the main thread may set handlers (e.g. under a test runner)
    for name, handler in (("SIGINT", _on_signal), ("SIGTERM", _on_signal), ("SIGHUP", _on_hangup)):
        signum = getattr(signal, name, None)  # Windows has no SIGHUP
        if signum is not None:
            previous[signum] = signal.signal(signum, handler)
    return previous


def _restore_signal_handlers(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)
