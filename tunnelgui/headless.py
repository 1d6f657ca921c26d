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
import select
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping

from tunnelgui.engine import Engine, EventKind, TargetHealth, TunnelStats
from tunnelgui.engine.addresses import EXPOSED_MESSAGE, EXPOSED_ON, exposure_warning
from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.messages import say as worded
from tunnelgui.engine.messages import use_language
from tunnelgui.engine.units import format_bytes, format_rate
from tunnelgui.i18n import N_, _, ngettext
from tunnelgui.profiles.condition_text import describe_conditions
from tunnelgui.tunnel_status import hop_word, target_word
from tunnelgui.wording import TO_CLIENT, TO_TARGET

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
    """What the signal handlers asked for. Plain flags and a wake-up socket, never a lock: a handler
    runs on the main thread between two bytecodes, and a threading.Event's set() there waits
    forever for the lock the interrupted wait() of the same thread holds (seen as `run`
    ignoring SIGTERM)."""

    stop = False
    reload = False
    # A socket pair, not a pipe: select() takes sockets on every platform, Windows included.
    _wake_read: socket.socket | None = None
    _wake_write: socket.socket | None = None

    def open(self) -> None:
        self.stop = self.reload = False
        if self._wake_read is None:
            self._wake_read, self._wake_write = socket.socketpair()
            self._wake_read.setblocking(False)
            self._wake_write.setblocking(False)

    def close(self) -> None:
        for sock in (self._wake_read, self._wake_write):
            if sock is not None:
                sock.close()
        self._wake_read = self._wake_write = None

    def wake(self) -> None:
        if self._wake_write is not None:
            with contextlib.suppress(OSError):  # full: a wake is already pending
                self._wake_write.send(b"\0")

    def wait(self, timeout: float) -> bool:
        """Sleep up to timeout or until a signal arrives; True once a stop was requested."""
        if self.stop:
            return True
        if self._wake_read is None:
            time.sleep(timeout)
            return self.stop
        select.select([self._wake_read], [], [], timeout)
        with contextlib.suppress(OSError):
            self._wake_read.recv(512)
        return self.stop


_requests = _Requests()
NOTHING_TO_RELOAD = N_(
    "SIGHUP: nothing to reload (this tunnel comes from the command line); still running"
)


def say(text: str) -> None:
    print(text, flush=True)


def error(text: str) -> None:
    print(_("tunnelgui: {message}").format(message=text), file=sys.stderr, flush=True)


def warn_if_exposed(listen_address: str, bound_host: str) -> None:
    """Safe by default: say so whenever a listener accepts connections from other machines,
    judged from the host its socket is bound to (TunnelStats.listen_host), whatever was typed."""
    exposure = exposure_warning(bound_host)
    if exposure:
        # The engine's sentence is English; both of its forms are in our catalog.
        if exposure == EXPOSED_MESSAGE:
            exposure = _(EXPOSED_MESSAGE)
        elif exposure == EXPOSED_ON.format(host=bound_host):
            exposure = _(EXPOSED_ON).format(host=bound_host)
        error(_("warning: {address}: {message}").format(address=listen_address, message=exposure))


def note_if_shaped(label: str, conditions: tuple[Condition, ...]) -> None:
    """Say which conditions shape a tunnel, on stderr like the exposure warning and whatever
    --quiet says: a forgotten 2-second latency looks like a broken service."""
    shaping = tuple(condition for condition in conditions if condition.enabled)
    if shaping:
        error(
            _("shaped: {tunnel}: {conditions}").format(
                tunnel=label, conditions=describe_conditions(shaping)
            )
        )


@contextlib.contextmanager
def running_engine() -> Iterator[Engine]:
    """An Engine running on a background thread, with SIGINT/SIGTERM turned into a stop request.

    On exit every tunnel is stopped and every socket closed; the previous signal handlers are
    restored.
    """
    _requests.open()
    previous = _install_signal_handlers()
    engine = Engine()
    use_language(_, ngettext)  # its events print in the language tunnelgui.i18n chose
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
                error(_(NOTHING_TO_RELOAD))
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
    target = target_word(stats.target_status)
    if stats.target_status is TargetHealth.DOWN and stats.target_error:
        target = f"{target} ({worded(stats.target_error)})"
    if stats.hop_state is not None:
        state = hop_word(stats.hop_state)
        hop = f"{state}: {worded(stats.hop_error)}" if stats.hop_error else state
        target = f"{target}; {hop}"
    return _(
        "{tunnel}: {active} active, {total} total, {failed} failed, {rejected} rejected; "
        "{to_target} {bytes_to_target} ({rate_to_target}), "
        "{to_client} {bytes_to_client} ({rate_to_client}); target {target}"
    ).format(
        tunnel=label,
        active=stats.active_connections,
        total=stats.total_connections,
        failed=stats.failed_connections,
        rejected=stats.rejected_connections,
        to_target=_(TO_TARGET),
        bytes_to_target=format_bytes(stats.bytes_to_target),
        rate_to_target=rate(stats.written_to_target, up_before),
        to_client=_(TO_CLIENT),
        bytes_to_client=format_bytes(stats.bytes_to_client),
        rate_to_client=rate(stats.written_to_client, down_before),
        target=target,
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
