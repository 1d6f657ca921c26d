"""TunnelWorker: the one bridge between the GUI thread and the engine's loop thread.

Commands go in as plain method calls on the GUI thread and run on a single command thread (a
start waits for the listener to bind, which must not freeze the window). The engine's loop runs
on its own QThread. A poller thread pulls one snapshot and the new events a few times a second
and hands them over in one queued signal; the GUI never gets a signal per byte or connection.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from tunnelgui.engine import (
    Engine,
    EventKind,
    HealthPolicy,
    TunnelStats,
)
from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.errors import EngineError, TunnelStartError
from tunnelgui.engine.messages import say, use_language
from tunnelgui.engine.values import replace
from tunnelgui.i18n import _, ngettext, translated_error
from tunnelgui.port_holder import name_the_holder
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.worker.gui_thread_gc import (
    hold_collection_on_gui_thread,
    release_collection_on_gui_thread,
)
from tunnelgui.worker.polling import (
    POLL_INTERVAL,
    TICKS_AFTER_LAST_TUNNEL,
    EngineThread,
    Poll,
    Poller,
)

log = logging.getLogger(__name__)

START_TIMEOUT = 5.0


class _CommandResults(QObject):
    """Signals emitted from the command thread; queued to the worker on the GUI thread."""

    started = Signal(str, int, object, str)  # tunnel id, generation, TunnelStats | None, error
    stopped = Signal(object)  # {tunnel id: generation} whose listeners are now closed


class TunnelWorker(QObject):
    """Owns the engine and its threads; the GUI talks only to this object.

    Signals (all delivered on the GUI thread):
      tunnelStateChanged(profile_id, TunnelStatus)
      statsUpdated(TrafficUpdate)          at most every POLL_INTERVAL
      eventsAppended(list[EngineEvent])    new engine events, batched on the same tick
      engineFailed(str)                    the engine loop died (should never happen)
    """

    tunnelStateChanged = Signal(str, object)
    statsUpdated = Signal(object)
    eventsAppended = Signal(object)
    engineFailed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        poll_interval: float = POLL_INTERVAL,
        health: HealthPolicy | None = None,
        ticks_after_last_tunnel: float = TICKS_AFTER_LAST_TUNNEL,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tunnelWorker")
        # None: each tunnel's spec decides (as in headless runs); tests pass short backoffs
        # (probes run only where both it and the profile's health_probe switch allow them).
        self.health = health
        # The app's ssh client config for SSH hops, read at each start (the settings may change).
        self.ssh_config: Callable[[], str] = lambda: ""
        self.askpass: Callable[[], str] = lambda: ""  # the app's SSH_ASKPASS program
        self._engine = Engine()
        use_language(_, ngettext)  # its sentences in the app's language (set_language)
        self._engine_thread = EngineThread(self._engine, self)
        self._engine_thread.crashed.connect(self._on_engine_crashed)
        self._poller = Poller(self._engine, poll_interval, self, ticks_after_last_tunnel)
        self._poller.polled.connect(self._on_polled)
        # One command thread: commands run in the order given (a stop never overtakes a start).
        self._commands = QThreadPool(self)
        self._commands.setMaxThreadCount(1)
        self._results = _CommandResults(self)
        self._results.started.connect(self._on_started)
        self._results.stopped.connect(self._on_stopped)
        self._statuses: dict[str, TunnelStatus] = {}
        self._generations: dict[str, int] = {}
        self._start_times: dict[str, float] = {}
        self._bound: dict[str, str] = {}
        self._running = False
        self._shut_down = False
        self._holds_collection = False

    # -- lifecycle ------------------------------------------------------------------------------

    def start_engine(self) -> None:
        """Start the loop and poller threads. Commands given before the loop runs wait for it,
        so this returns at once."""
        if self._running or self._shut_down:
            return
        # Our threads run Python: Qt objects in garbage must not be destroyed on them.
        self._holds_collection = hold_collection_on_gui_thread()
        self._engine_thread.start()
        self._poller.start()
        self._running = True

    def shutdown(self, timeout: float = 2.0) -> None:
        """Stop every tunnel, close every socket and end all threads, within about `timeout`."""
        if self._shut_down:
            return
        self._shut_down = True
        deadline = time.monotonic() + timeout
        self._commands.clear()  # queued commands that have not started are pointless now
        self._poller.stop()
        if self._running:
            try:
                self._engine.shutdown(timeout=max(0.1, deadline - time.monotonic()))
            except EngineError as error:
                log.warning("Engine shutdown: %s", error)
        for thread in (self._engine_thread, self._poller):
            remaining_ms = max(100, int((deadline - time.monotonic()) * 1000))
            if thread.isRunning() and not thread.wait(remaining_ms):
                log.error("%s did not stop in time", thread.objectName())
        self._commands.waitForDone(max(100, int((deadline - time.monotonic()) * 1000)))
        self._running = False
        self._release_collection_when_threads_end()
        for tunnel_id, status in list(self._statuses.items()):
            if status.state is not TunnelState.STOPPED:
                self._set_status(tunnel_id, TunnelStatus())

    @Slot()
    def _release_collection_when_threads_end(self) -> None:
        """Give automatic collection back once none of our threads runs Python any more; a
        thread that outlived shutdown's bound is looked at again a little later."""
        if not self._holds_collection:
            return
        if (
            self._engine_thread.isRunning()
            or self._poller.isRunning()
            or self._commands.activeThreadCount() > 0
        ):
            QTimer.singleShot(100, self, self._release_collection_when_threads_end)
            return
        self._holds_collection = False
        release_collection_on_gui_thread()

    @property
    def is_running(self) -> bool:
        return self._running and not self._shut_down

    # -- commands (GUI thread) ------------------------------------------------------------------

    def start(self, profile: Profile) -> None:
        """Start (or restart with new settings) the tunnel of `profile`."""
        if not self.is_running:
            self._set_status(
                profile.id, TunnelStatus(TunnelState.FAILED, "The relay engine is not running.")
            )
            return
        askpass = self.askpass() if profile.via else ""
        spec = profile.to_spec(ssh_config=self.ssh_config(), askpass=askpass)
        # A LAN address that is not up yet (Wi-Fi, VPN) is waited for, not a failure.
        spec = replace(spec, wait_for_listen_address=True)
        if self.health is not None:  # a profile that switched probing off keeps it off
            probe = self.health.probe and spec.health.probe
            spec = replace(spec, health=replace(self.health, probe=probe))
        tunnel_id = profile.id
        generation = self._next_generation(tunnel_id)
        self._start_times[tunnel_id] = time.time()
        # A running tunnel is restarted; a failed one may still be known to the engine.
        needs_stop = self.status(tunnel_id).state is not TunnelState.STOPPED
        self._set_status(tunnel_id, TunnelStatus(TunnelState.STARTING))
        engine, results = self._engine, self._results

        def run() -> None:
            if needs_stop:
                with contextlib.suppress(EngineError):  # it was not running any more
                    engine.stop_tunnel(tunnel_id)
            try:
                stats = engine.start_tunnel(spec, timeout=START_TIMEOUT)
            except TunnelStartError as error:
                if error.address_in_use:
                    # Asked here, on the command thread: the process table can take a while.
                    message = name_the_holder(error, spec.listen_port)
                else:
                    message = translated_error(error)
                results.started.emit(tunnel_id, generation, None, message)
            except EngineError as error:
                results.started.emit(tunnel_id, generation, None, str(error))
            except Exception as error:
                log.exception("Starting tunnel %s failed", spec.label)
                results.started.emit(tunnel_id, generation, None, f"Could not start: {error}")
            else:
                results.started.emit(tunnel_id, generation, stats, "")

        self._commands.start(run)

    def refuse(self, tunnel_id: str, reason: str) -> None:
        """A start the app turned down before asking the engine: show it as failed with why."""
        self._next_generation(tunnel_id)
        self._set_status(tunnel_id, TunnelStatus(TunnelState.FAILED, reason))

    def stop(self, tunnel_id: str) -> None:
        if not self.status(tunnel_id).running:
            # A failed tunnel has nothing to stop; going back to "stopped" clears the error.
            if self.status(tunnel_id).state is TunnelState.FAILED:
                self._set_status(tunnel_id, TunnelStatus())
            return
        stopping = {tunnel_id: self._begin_stop(tunnel_id)}
        engine, results = self._engine, self._results

        def run() -> None:
            try:
                engine.stop_tunnel(tunnel_id)
            except EngineError as error:
                # Already gone (its start failed or it broke): nothing left to stop.
                log.info("Stopping %s: %s", tunnel_id, error)
            results.stopped.emit(stopping)

        self._commands.start(run)

    def stop_all(self) -> None:
        running = [tunnel_id for tunnel_id, s in self._statuses.items() if s.running]
        stopping = {tunnel_id: self._begin_stop(tunnel_id) for tunnel_id in running}
        for tunnel_id, status in list(self._statuses.items()):
            if status.state is TunnelState.FAILED:
                self._set_status(tunnel_id, TunnelStatus())
        if not self.is_running:
            self._on_stopped(stopping)
            return
        engine, results = self._engine, self._results

        def run() -> None:
            try:
                engine.stop_all()
            except EngineError as error:
                log.info("Stopping all tunnels: %s", error)
            results.stopped.emit(stopping)

        self._commands.start(run)

    def drop_connection(self, tunnel_id: str, conn_id: int) -> None:
        if not self.is_running:
            return
        engine = self._engine

        def run() -> None:
            try:
                engine.drop_connection(tunnel_id, conn_id)
            except EngineError as error:
                log.info("Dropping connection %s of %s: %s", conn_id, tunnel_id, error)

        self._commands.start(run)

    def set_conditions(self, tunnel_id: str, conditions: tuple[Condition, ...]) -> None:
        """Shape a running tunnel with these network conditions now (Engine.set_conditions);
        open connections follow. A tunnel that is not running takes them at its next start."""
        if not self.is_running:
            return
        engine = self._engine

        def run() -> None:
            try:
                engine.set_conditions(tunnel_id, conditions)
            except EngineError as error:
                log.info("Shaping %s: %s", tunnel_id, error)

        self._commands.start(run)

    def check_target(self, tunnel_id: str) -> None:
        """Probe the tunnel's target now; the outcome arrives as a tunnelStateChanged."""
        if not self.is_running:
            return
        engine = self._engine

        def run() -> None:
            try:
                engine.check_target(tunnel_id)
            except EngineError as error:
                log.info("Checking the target of %s: %s", tunnel_id, error)

        self._commands.start(run)

    def network_changed(self) -> None:
        """The network changed or the machine woke: re-resolve and re-probe every running
        target, and retry listeners waiting for their address (Engine.network_changed)."""
        if not self.is_running:
            return
        engine = self._engine

        def run() -> None:
            try:
                engine.network_changed()
            except EngineError as error:
                log.info("Re-checking after a network change: %s", error)

        self._commands.start(run)

    def set_connections_wanted(self, wanted: bool) -> None:
        """Per-connection details cost snapshot time; skip them while nobody looks at them."""
        self._poller.include_connections = wanted

    # -- state ----------------------------------------------------------------------------------

    def status(self, tunnel_id: str) -> TunnelStatus:
        return self._statuses.get(tunnel_id, TunnelStatus())

    def bound_address(self, tunnel_id: str) -> str | None:
        """The address the tunnel's listener got at its last start ("127.0.0.1:8080")."""
        return self._bound.get(tunnel_id)

    def _next_generation(self, tunnel_id: str) -> int:
        generation = self._generations.get(tunnel_id, 0) + 1
        self._generations[tunnel_id] = generation
        return generation

    def _set_status(self, tunnel_id: str, status: TunnelStatus) -> None:
        if self._statuses.get(tunnel_id, TunnelStatus()) == status:
            return
        self._statuses[tunnel_id] = status
        self.tunnelStateChanged.emit(tunnel_id, status)

    def _begin_stop(self, tunnel_id: str) -> int:
        """Mark a running tunnel "stopping"; the generation tells its stop result from a newer
        command's."""
        generation = self._next_generation(tunnel_id)
        self._set_status(tunnel_id, TunnelStatus(TunnelState.STOPPING))
        return generation

    @Slot(object)
    def _on_stopped(self, stopped: dict[str, int]) -> None:
        for tunnel_id, generation in stopped.items():
            if self._generations.get(tunnel_id) == generation:
                self._set_status(tunnel_id, TunnelStatus())

    @Slot(str, int, object, str)
    def _on_started(self, tunnel_id: str, generation: int, stats: object, error: str) -> None:
        if self._generations.get(tunnel_id) != generation or self._shut_down:
            return  # stopped or restarted meanwhile; a newer command decides the state
        if not isinstance(stats, TunnelStats):
            self._set_status(tunnel_id, TunnelStatus(TunnelState.FAILED, error))
            return
        self._bound[tunnel_id] = stats.listen_address
        self._set_status(tunnel_id, self._listening_status(stats))

    @staticmethod
    def _listening_status(stats: TunnelStats) -> TunnelStatus:
        health = stats.target_status
        return TunnelStatus(
            TunnelState.LISTENING,
            target=health,
            target_error=_shown_target_error(stats),
            waiting_for=stats.waiting_for,
            hop=stats.hop_state,
            hop_error=say(stats.hop_error),
        )

    @Slot(object)
    def _on_polled(self, poll: Poll) -> None:
        self._poller.consumed()
        if self._shut_down:
            return
        for event in poll.events:
            if (
                event.kind is EventKind.TUNNEL_FAILED
                and self.status(event.tunnel_id).running
                and event.time >= self._start_times.get(event.tunnel_id, 0.0)
            ):
                self._next_generation(event.tunnel_id)
                self._set_status(event.tunnel_id, TunnelStatus(TunnelState.FAILED, event.message))
        statuses = self._statuses
        listening = TunnelState.LISTENING
        for tunnel_id, stats in poll.update.snapshot.tunnels.items():
            status = statuses.get(tunnel_id)
            # Compared before a new status is built: most ticks change nothing a status shows
            # (every field _listening_status reads is compared here).
            if (
                status is not None
                and status.state is listening
                and (
                    status.target is not stats.target_status
                    or status.hop is not stats.hop_state
                    or status.waiting_for != stats.waiting_for
                    or status.hop_error != say(stats.hop_error)
                    or status.target_error != _shown_target_error(stats)
                )
            ):
                self._set_status(tunnel_id, self._listening_status(stats))
        self.statsUpdated.emit(poll.update)
        if poll.events:
            self.eventsAppended.emit(poll.events)

    @Slot(str)
    def _on_engine_crashed(self, message: str) -> None:
        self._running = False
        for tunnel_id, status in list(self._statuses.items()):
            if status.running:
                self._set_status(tunnel_id, TunnelStatus(TunnelState.FAILED, message))
        self.engineFailed.emit(message)


def _shown_target_error(stats: TunnelStats) -> str:
    """Why the target is down, while it is (a stale reason is not shown)."""
    return say(stats.target_error) if stats.target_status is TargetHealth.DOWN else ""
