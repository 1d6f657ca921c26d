"""The worker's threads: the engine loop's QThread, and the poller that makes the ticks."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThread, Signal

from tunnelgui.engine import Engine, EngineEvent, EngineSnapshot, EventKind, TunnelStats
from tunnelgui.engine.errors import EngineStoppedError
from tunnelgui.traffic_history import RateMeter, Rates

log = logging.getLogger(__name__)

POLL_INTERVAL = 0.25  # seconds between snapshots: smooth enough for a chart, cheap for the loop
# After the last tunnel stops, ticks go on this long (the charts scroll its traffic away; their
# span is 3 minutes); then, while nothing runs and nothing happens, none reach the GUI.
TICKS_AFTER_LAST_TUNNEL = 200.0
# The most connection events one tick hands over: no receiver keeps more (the event log shows
# 1,000 rows, the controller keeps 1,000 per tunnel). A burst of thousands of connections a
# second would otherwise have this thread hand over every event, and the GUI file each one, all
# holding the GIL the engine's loop needs; events of every other kind always come through.
CONNECTION_EVENTS_PER_TICK = 1000
PER_CONNECTION_KINDS = frozenset(
    {
        EventKind.CONNECTION_OPENED,
        EventKind.CONNECTION_CLOSED,
        EventKind.CONNECTION_REJECTED,
        EventKind.CONNECT_FAILED,
    }
)
OTHER_KINDS = frozenset(EventKind) - PER_CONNECTION_KINDS


@dataclass(frozen=True, slots=True)
class TrafficUpdate:
    """One tick: the engine's snapshot plus rates computed from the previous ticks."""

    snapshot: EngineSnapshot
    rates: dict[str, Rates] = field(default_factory=dict)

    def stats(self, tunnel_id: str) -> TunnelStats | None:
        return self.snapshot.tunnels.get(tunnel_id)

    def rate(self, tunnel_id: str) -> Rates:
        return self.rates.get(tunnel_id, Rates())


@dataclass(frozen=True, slots=True)
class Poll:
    update: TrafficUpdate
    events: list[EngineEvent]


class EngineThread(QThread):
    """Runs the engine's dispatcher loop; run() returns when the engine shuts down."""

    crashed = Signal(str)

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("engineThread")
        self._engine = engine

    def run(self) -> None:
        try:
            self._engine.run()
        except Exception as error:  # the loop must never die silently
            log.exception("The engine loop stopped unexpectedly")
            self.crashed.emit(f"The relay engine stopped unexpectedly: {error}")


class Poller(QThread):
    """Pulls snapshot + new events every `interval` and emits them as one `polled` signal.

    If the GUI has not consumed the previous tick yet, this tick is skipped rather than queued:
    a busy GUI thread never builds up a backlog of stale snapshots. While no tunnel runs and no
    event comes, ticks stop once `ticks_after_last` seconds have passed since one ran.
    """

    polled = Signal(object)

    def __init__(
        self,
        engine: Engine,
        interval: float,
        parent: QObject | None = None,
        ticks_after_last: float = TICKS_AFTER_LAST_TUNNEL,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statsPoller")
        self._ticks_after_last = ticks_after_last
        self._quiet_from = 0.0  # monotonic() from which idle ticks are no longer emitted
        self._engine = engine
        self._interval = interval
        self._stop = threading.Event()
        self._consumed = threading.Event()
        self._consumed.set()
        self._meter = RateMeter()
        self._last_seq = 0
        self._idle = False  # the last tick emitted had no tunnel and no event
        self.include_connections = True

    def run(self) -> None:
        # The first reading comes at once: it is the baseline for the first rates.
        while not self._stop.is_set():
            if self._consumed.is_set() and not self._poll_once():
                return
            self._stop.wait(self._interval)

    def _poll_once(self) -> bool:
        """One snapshot + events, emitted as one signal; False when the engine has stopped."""
        try:
            snapshot = self._engine.snapshot(include_connections=self.include_connections)
            events = self._new_events()
        except EngineStoppedError:
            return False
        except Exception:
            log.exception("Could not take an engine snapshot")
            return True
        if events:
            self._last_seq = events[-1].seq
        counters = {
            # Written, not delivered: a reset takes discarded bytes off the delivered counts,
            # which must not look like a restart (or a negative rate) to the meter.
            tunnel_id: (stats.written_to_target, stats.written_to_client)
            for tunnel_id, stats in snapshot.tunnels.items()
        }
        # Fed on every tick, emitted or not: its last reading is a new tunnel's baseline.
        rates = self._meter.update(snapshot.taken_at, counters)
        idle = not snapshot.tunnels and not events
        if idle and self._idle and snapshot.taken_at >= self._quiet_from:
            # Nothing runs and nothing happened, as on the last tick: the GUI has nothing to
            # redraw, so an idle app with many profiles costs no CPU on its thread.
            return True
        if snapshot.tunnels:
            self._quiet_from = snapshot.taken_at + self._ticks_after_last
        self._idle = idle
        self._consumed.clear()
        self.polled.emit(Poll(TrafficUpdate(snapshot, rates), events))
        return True

    def _new_events(self) -> list[EngineEvent]:
        """The events since the last tick; in a burst, only the newest connection events."""
        engine = self._engine
        newest = engine.last_event_seq()
        if newest - self._last_seq <= CONNECTION_EVENTS_PER_TICK:
            return engine.events_since(self._last_seq)
        # Read after `newest`: both lists may hold events newer than it, never a gap.
        recent = engine.events_since(newest - CONNECTION_EVENTS_PER_TICK)
        first_recent = recent[0].seq if recent else newest + 1
        others = [
            event
            for event in engine.events_since(self._last_seq, OTHER_KINDS)
            if event.seq < first_recent
        ]
        return others + recent

    def consumed(self) -> None:
        self._consumed.set()

    def stop(self) -> None:
        self._stop.set()
