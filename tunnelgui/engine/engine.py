"""The Engine: the thread-safe face of the dispatcher loop that owns every tunnel's sockets."""

from __future__ import annotations

import math
import socket
import threading
from collections.abc import Callable, Container, Mapping
from time import monotonic
from types import TracebackType

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.answer import Answer
from tunnelgui.engine.buffers import SharedBuffers
from tunnelgui.engine.conditions import Condition, condition_problem
from tunnelgui.engine.congestion import loopback_algorithm
from tunnelgui.engine.connector import CONNECTORS, ConnectorFactory, TargetConnector
from tunnelgui.engine.errors import EngineError, EngineStoppedError, TunnelStartError
from tunnelgui.engine.eventlog import DEFAULT_HISTORY, EventLog
from tunnelgui.engine.events import EngineEvent, EventKind
from tunnelgui.engine.limits import parse_networks, raise_open_files_limit
from tunnelgui.engine.listen import open_listener, resolve_listen_address
from tunnelgui.engine.loop import Loop
from tunnelgui.engine.messages import N_
from tunnelgui.engine.resolver import Resolved, Resolver, lookup
from tunnelgui.engine.spec import SshHopTransport, TunnelSpec, UnixSocketTransport
from tunnelgui.engine.stats import EngineSnapshot, TunnelStats
from tunnelgui.engine.tunnel import EngineContext, Tunnel
from tunnelgui.engine.values import replace

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import TypeVar

    from tunnelgui.engine.ssh_master import SshMasters
    from tunnelgui.engine.waiting import WaitingListener

    T = TypeVar("T")

_NEW, _RUNNING, _STOPPED = "new", "running", "stopped"
_NOT_RUNNING = "The relay engine is not running (it was shut down)."


class Engine:
    """Relays TCP for any number of tunnels on one dispatcher loop (one thread).

    run() runs the loop in the calling thread until shutdown(); start_background() runs it on
    a new daemon thread. Every other method may be called from any thread: it queues a command,
    wakes the loop through a socketpair and waits for the answer. Commands given before run()
    starts wait for it.

        with Engine() as engine:
            stats = engine.start_tunnel(TunnelSpec("web", "127.0.0.1", 8080, "db", 5432))
            ...
            snapshot = engine.snapshot()
            events = engine.events_since(0)

    An Engine holds a selector and a socketpair from the start: end it with shutdown() (or
    use `with`) even if it never ran. It runs once; after shutdown() create a new one.

    use_splice: None picks os.splice where available (Linux); False forces the portable copy
    path (tests use it to cover both).
    connectors: more target transports, {transport value type: factory(tunnel, transport) ->
    TargetConnector}, beside the built-in TcpTransport and UnixSocketTransport.
    resolve: the blocking name lookup for target host names, (host, port) -> Resolved, run on
    the resolver's helper threads (by default getaddrinfo; tests give names their own answers).
    """

    def __init__(
        self,
        *,
        use_splice: bool | None = None,
        event_history: int = DEFAULT_HISTORY,
        connectors: Mapping[type, ConnectorFactory] | None = None,
        resolve: Callable[[str, int], Resolved] = lookup,
    ) -> None:
        self._loop = Loop()
        self._buffers = SharedBuffers(use_splice)
        self._events = EventLog(event_history)
        self._resolver = Resolver(self._loop.call_soon_threadsafe, resolve)
        # Tunnels over the same SSH hop share one ssh master (loop thread only); made with
        # the first hop (see _hop_connector).
        self._ssh_masters: SshMasters | None = None
        self._tunnels: dict[str, Tunnel] = {}
        self._waiting: dict[str, WaitingListener] = {}  # spec.wait_for_listen_address
        self._context = EngineContext(
            self._loop,
            self._buffers,
            self._events,
            self._resolver,
            forget_tunnel=lambda tunnel_id: self._tunnels.pop(tunnel_id, None),
            loopback_cc=loopback_algorithm(),
            connectors={**CONNECTORS, SshHopTransport: self._hop_connector, **(connectors or {})},
        )
        self._state = _NEW
        self._state_lock = threading.Lock()
        self._ready = threading.Event()
        self._finished = threading.Event()

    def _hop_connector(self, tunnel: Tunnel, hop: SshHopTransport) -> TargetConnector:
        """The SSH hop's connector, imported with the first hop: ssh_hop, ssh_master and
        ssh_process bring subprocess, ctypes and tempfile, over 1 MiB a process without a hop
        (`forward`) would carry."""
        from tunnelgui.engine.ssh_hop import SshHopConnector
        from tunnelgui.engine.ssh_master import SshMasters

        if self._ssh_masters is None:
            self._ssh_masters = SshMasters(self._loop)
        return SshHopConnector(tunnel, hop, self._ssh_masters)

    @property
    def splice(self) -> bool:
        """True when bytes move with os.splice (zero-copy) rather than through Python buffers."""
        return self._buffers.splice

    # -- lifecycle -----------------------------------------------------------------------

    def run(self) -> None:
        """Run the dispatcher loop in this thread until shutdown() is called."""
        with self._state_lock:
            if self._state != _NEW:
                raise EngineError("The relay engine can run only once; create a new Engine.")
            self._state = _RUNNING
        raise_open_files_limit()
        self._ready.set()
        try:
            self._loop.run()
        finally:
            for tunnel in self._tunnels.values():
                tunnel.close(N_("was closed because the relay engine shut down"))
            self._tunnels.clear()
            for waiting in self._waiting.values():
                waiting.close()
            self._waiting.clear()
            self._resolver.close()
            self._buffers.close()
            with self._state_lock:
                self._state = _STOPPED
            self._loop.run_calls()  # commands that arrived meanwhile now fail cleanly
            self._loop.close()
            self._finished.set()

    def start_background(self) -> threading.Thread:
        """Run the loop on a new daemon thread; returns once the loop is ready for commands."""
        if self._state != _NEW:
            raise EngineError("The relay engine can run only once; create a new Engine.")
        thread = threading.Thread(target=self.run, name="tunnelgui-engine", daemon=True)
        thread.start()
        while not self._ready.wait(0.1):
            if not thread.is_alive():
                raise EngineError("The relay engine could not start.")
        return thread

    def shutdown(self, timeout: float = 2.0) -> None:
        """Stop every tunnel, close every socket and make run() return (waits up to timeout)."""
        with self._state_lock:
            state = self._state
            if state == _NEW:
                self._state = _STOPPED
        if state == _NEW:
            self._resolver.close()
            self._buffers.close()
            self._loop.close()
            self._finished.set()
            return
        if self._loop.in_loop_thread():
            self._loop.stop()
            return
        if state == _RUNNING:
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._finished.wait(timeout)

    def __enter__(self) -> Engine:
        if self._state == _NEW:
            self.start_background()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown()

    # -- commands ------------------------------------------------------------------------

    def start_tunnel(self, spec: TunnelSpec, timeout: float = 5.0) -> TunnelStats:
        """Listen for spec and relay to its target; returns once the listener is bound.

        Raises TunnelStartError (str = a full sentence) when it cannot listen or spec is
        invalid. An unresolvable or unreachable target does not fail the start: the tunnel
        reports target_status DOWN with the reason.
        """
        check_spec(spec)
        if type(spec.target_transport) not in self._context.connectors:
            raise TunnelStartError(
                f"Tunnel {spec.label!r} cannot start: this engine has no connector for "
                f"{type(spec.target_transport).__name__}."
            )
        # May query DNS for a listen host name: done here, never on the loop thread.
        family, sockaddr = resolve_listen_address(spec.listen_host, spec.listen_port)
        return self._call(lambda: self._start(spec, family, sockaddr), timeout)

    def stop_tunnel(self, tunnel_id: str, timeout: float = 5.0) -> None:
        """Close the tunnel's listener and all its connections (nothing if it is not running)."""
        self._call(lambda: self._stop(tunnel_id), timeout, when_stopped=None)

    def stop_all(self, timeout: float = 5.0) -> None:
        self._call(self._stop_all, timeout, when_stopped=None)

    def drop_connection(self, tunnel_id: str, conn_id: int) -> None:
        """Close one relayed connection (nothing if it has gone already)."""
        self._call(lambda: self._drop(tunnel_id, conn_id), 5.0, when_stopped=None)

    def check_target(self, tunnel_id: str) -> None:
        """Probe the tunnel's target now (the user asked); the answer shows in its stats and
        events. Nothing happens for a tunnel that is not running."""
        self._call(lambda: self._check_target(tunnel_id), 5.0, when_stopped=None)

    def set_conditions(self, tunnel_id: str, conditions: tuple[Condition, ...]) -> None:
        """Replace the network conditions of a running tunnel; its open connections follow at
        once (nothing if it is not running). Raises TunnelStartError for an unusable one."""
        problem = _conditions_problem(conditions)
        if problem:
            raise TunnelStartError(f"Cannot shape tunnel {tunnel_id!r}: {problem}")
        conditions = tuple(conditions)
        self._call(lambda: self._set_conditions(tunnel_id, conditions), 5.0, when_stopped=None)

    def network_changed(self) -> None:
        """The machine's network changed or it woke from sleep: resolve target names afresh,
        probe every running target at once (where its policy allows probes) and retry the bind
        of every tunnel waiting for its listen address."""
        self._call(self._network_changed, 5.0, when_stopped=None)

    def snapshot(self, include_connections: bool = True) -> EngineSnapshot:
        """Every running tunnel's counters, taken at one instant on the loop thread."""
        if self._state != _RUNNING:
            return EngineSnapshot(taken_at=monotonic())
        return self._call(
            lambda: self._snapshot(include_connections),
            5.0,
            when_stopped=EngineSnapshot(taken_at=monotonic()),
        )

    def held_bytes(self) -> int:
        """Bytes read from one peer and not yet taken by the other (in memory or in pipes).

        A diagnostic: backpressure keeps this at most ~1 MiB per stalled direction.
        """
        if self._state != _RUNNING:
            return 0
        return self._call(
            lambda: sum(t.held_bytes() for t in self._tunnels.values()), 5.0, when_stopped=0
        )

    def events_since(
        self, seq: int, kinds: Container[EventKind] | None = None
    ) -> list[EngineEvent]:
        """Events newer than seq (pass the last seq seen; 0 for all still kept), oldest first;
        with kinds, only events of those kinds (the others are skipped unread)."""
        return self._events.since(seq, kinds)

    def last_event_seq(self) -> int:
        """The newest event's seq: a reader of some kinds passes it next time, skipping the
        rest (read it before events_since, so nothing between the two is missed)."""
        return self._events.last_seq

    def tunnel_count(self) -> int:
        """Tunnels running or waiting for their listen address, without a round through the
        loop (two dict sizes, read atomically under the GIL): cheap enough to poll often."""
        return len(self._tunnels) + len(self._waiting)

    # -- on the loop thread --------------------------------------------------------------

    def _start(self, spec: TunnelSpec, family: int, sockaddr: tuple) -> TunnelStats:
        running = self._tunnels.get(spec.tunnel_id) or self._waiting.get(spec.tunnel_id)
        if running is not None:
            raise TunnelStartError(
                f"Tunnel {spec.label!r} is already running on {running.listen_address}."
            )
        try:
            sock = open_listener(family, sockaddr, spec.listen_host, spec.listen_port)
        except TunnelStartError as error:
            if not (error.address_missing and spec.wait_for_listen_address):
                raise
            from tunnelgui.engine.waiting import WaitingListener  # the app's case only

            waiting = WaitingListener(
                spec,
                family,
                sockaddr,
                self._loop,
                self._events,
                on_bound=self._listen,
                on_failed=lambda tunnel_id: self._waiting.pop(tunnel_id, None),
            )
            self._waiting[spec.tunnel_id] = waiting
            return waiting.stats()
        return self._listen(spec, sock).stats(include_connections=False)

    def _listen(self, spec: TunnelSpec, sock: socket.socket) -> Tunnel:
        self._waiting.pop(spec.tunnel_id, None)
        tunnel = Tunnel(spec, sock, self._context)
        self._tunnels[spec.tunnel_id] = tunnel
        tunnel.start()
        return tunnel

    def _stop(self, tunnel_id: str) -> None:
        tunnel = self._tunnels.pop(tunnel_id, None)
        if tunnel is not None:
            tunnel.close()
        waiting = self._waiting.pop(tunnel_id, None)
        if waiting is not None:
            waiting.close()

    def _stop_all(self) -> None:
        while self._tunnels or self._waiting:
            self._stop(next(iter(self._tunnels or self._waiting)))

    def _network_changed(self) -> None:
        self._resolver.forget_all()
        for tunnel in list(self._tunnels.values()):
            if tunnel.spec.health.probe:
                tunnel.health.probe_now()
        for waiting in list(self._waiting.values()):
            waiting.retry()

    def _drop(self, tunnel_id: str, conn_id: int) -> None:
        tunnel = self._tunnels.get(tunnel_id)
        if tunnel is not None:
            tunnel.drop(conn_id)

    def _set_conditions(self, tunnel_id: str, conditions: tuple[Condition, ...]) -> None:
        tunnel = self._tunnels.get(tunnel_id)
        if tunnel is not None:
            tunnel.set_conditions(conditions)
        waiting = self._waiting.get(tunnel_id)
        if waiting is not None:
            waiting.spec = replace(waiting.spec, conditions=conditions)

    def _check_target(self, tunnel_id: str) -> None:
        tunnel = self._tunnels.get(tunnel_id)
        if tunnel is not None:
            tunnel.health.probe_now()

    def _snapshot(self, include_connections: bool) -> EngineSnapshot:
        return EngineSnapshot(
            taken_at=monotonic(),
            tunnels={
                **{tunnel_id: waiting.stats() for tunnel_id, waiting in self._waiting.items()},
                **{
                    tunnel_id: tunnel.stats(include_connections)
                    for tunnel_id, tunnel in self._tunnels.items()
                },
            },
        )

    _RAISE = object()

    def _call(self, function: Callable[[], T], timeout: float, when_stopped=_RAISE) -> T:
        """Run function on the loop thread and return its result (or raise its exception).

        when_stopped: what to return instead when the engine has shut down; by default
        EngineStoppedError is raised.
        """
        if self._loop.in_loop_thread():
            return function()
        future: Answer[T] = Answer()

        def command() -> None:
            if not future.start():
                return  # the caller gave up waiting
            if self._state == _STOPPED:
                future.set_exception(EngineStoppedError(_NOT_RUNNING))
                return
            try:
                future.set_result(function())
            except BaseException as exc:
                future.set_exception(exc)

        with self._state_lock:
            if self._state == _STOPPED:
                if when_stopped is Engine._RAISE:
                    raise EngineStoppedError(_NOT_RUNNING)
                return when_stopped
            self._loop.call_soon_threadsafe(command)
        try:
            return future.result(timeout)
        except EngineStoppedError:
            if when_stopped is Engine._RAISE:
                raise
            return when_stopped
        except TimeoutError:
            if not future.cancel():
                return future.result()  # it started just now and finishes promptly
            raise EngineError(
                f"The relay engine did not answer within {timeout:g} s; it may be overloaded."
            ) from None


def _usable_seconds(value: float) -> bool:
    """A finite number of seconds a timer can add to the clock (a 400-digit int cannot)."""
    try:
        return math.isfinite(float(value)) and float(value) < 1e15
    except (OverflowError, TypeError, ValueError):
        return False


def _brief(value: object) -> str:
    """A value for a message; a whole number of hundreds of digits is not echoed whole."""
    if isinstance(value, int) and abs(value) >= 10**20:
        return "a number of more than 20 digits"
    return repr(value)


def check_spec(spec: TunnelSpec) -> None:
    """Raise TunnelStartError naming the first value of spec the engine cannot use."""
    label = spec.label
    problems = []
    if not 0 <= spec.listen_port <= 65535:
        problems.append(f"the listen port must be between 1 and 65535, not {spec.listen_port}")
    if not 1 <= spec.target_port <= 65535:
        problems.append(f"the target port must be between 1 and 65535, not {spec.target_port}")
    if not spec.target_host:
        problems.append("it has no target host")
    if not (_usable_seconds(spec.connect_timeout) and spec.connect_timeout > 0):
        problems.append(
            f"the connect timeout must be above 0 s, not {_brief(spec.connect_timeout)}"
        )
    if not (_usable_seconds(spec.idle_timeout) and spec.idle_timeout >= 0):
        problems.append(f"the idle timeout must be 0 s or more, not {_brief(spec.idle_timeout)}")
    if spec.max_connections < 0:
        problems.append(
            f"the connection limit must be 0 or more, not {_brief(spec.max_connections)}"
        )
    backoff = spec.health.backoff
    if not backoff or not all(_usable_seconds(delay) and delay > 0 for delay in backoff):
        shown = "(" + ", ".join(_brief(delay) for delay in backoff) + ")"
        problems.append(f"the health check backoff must be delays above 0 s, not {shown}")
    transport = spec.target_transport
    if isinstance(transport, UnixSocketTransport) and not transport.path:
        problems.append("its Unix socket transport has no path")
    if isinstance(transport, SshHopTransport):
        from tunnelgui.engine import ssh_process  # (see Engine._hop_connector)

        try:
            ssh_process.hop_parts(transport.via)
        except ValueError as exc:
            problems.append(str(exc))
        if not ssh_process.HOPS_SUPPORTED:  # read here: a test turns it off
            problems.append(ssh_process.HOPS_UNSUPPORTED)
    problem = _conditions_problem(spec.conditions)
    if problem:
        problems.append(problem.rstrip("."))
    try:
        parse_networks(spec.allowed_networks)
    except ValueError as exc:
        problems.append(f"allowed network {exc}")
    if problems:
        where = format_address(spec.listen_host, spec.listen_port)
        raise TunnelStartError(f"Tunnel {label!r} on {where} cannot start: {problems[0]}.")


def _conditions_problem(conditions: object) -> str | None:
    if not isinstance(conditions, tuple | list):
        return f"its network conditions must be a tuple, not {_brief(conditions)}."
    for condition in conditions:
        problem = condition_problem(condition)
        if problem:
            return f"network condition {problem}"
    return None
