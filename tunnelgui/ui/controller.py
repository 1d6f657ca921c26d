"""TunnelController: the app's state on the GUI thread (profiles, tunnel states, traffic)."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from tunnelgui.engine import values
from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.events import EngineEvent
from tunnelgui.engine.stats import TunnelStats
from tunnelgui.profiles.exchange import ImportSummary, export_profiles, import_file
from tunnelgui.profiles.listen_clashes import running_clash
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore, StoreError
from tunnelgui.traffic_history import Rates, TrafficHistory, total_rates
from tunnelgui.tunnel_status import TunnelCounts, TunnelStatus, count_tunnels
from tunnelgui.worker import TrafficUpdate, TunnelWorker

log = logging.getLogger(__name__)

EVENTS_KEPT_PER_TUNNEL = 1000
CHANGED_COALESCE_MS = 200


class ReadOnlyError(Exception):
    """The profiles file cannot be changed in this session; str() says why."""


class TunnelController(QObject):
    """Owns the ProfileStore and the TunnelWorker; implements TunnelControl for the tray.

    Signals (readers ask status(), running_stats(), rate() and history for the values):
      changed()                       anything the tray shows changed; at most ~5 times a second
      profilesChanged()               profiles were added, edited, removed or imported
      statusChanged(str)              this profile's tunnel status changed
      statsUpdated()                  new numbers, one per worker tick
      eventsAppended(list)            engine events of one tick (all tunnels)
      engineFailed(str)               the relay engine stopped unexpectedly; the reason
    """

    changed = Signal()
    profilesChanged = Signal()
    statusChanged = Signal(str)
    statsUpdated = Signal()
    eventsAppended = Signal(object)
    engineFailed = Signal(str)

    def __init__(
        self,
        store: ProfileStore,
        worker: TunnelWorker,
        parent: QObject | None = None,
        *,
        read_only_reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tunnelController")
        self.store = store
        self.worker = worker
        self.read_only_reason = read_only_reason
        self.history = TrafficHistory()
        self._events: dict[str, deque[EngineEvent]] = {}
        self._latest: TrafficUpdate | None = None
        self._counts: TunnelCounts | None = None  # None: to be counted again when asked
        self._running_stats: dict[str, TunnelStats] | None = None  # likewise
        self._total_rates = Rates()
        self._changed_timer = QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(CHANGED_COALESCE_MS)
        self._changed_timer.timeout.connect(self.changed)
        worker.tunnelStateChanged.connect(self._on_state_changed)
        worker.statsUpdated.connect(self._on_stats)
        worker.eventsAppended.connect(self._on_events)
        worker.engineFailed.connect(self._on_engine_failed)

    # -- TunnelControl --------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        return self.store.profiles()

    def status(self, profile_id: str) -> TunnelStatus:
        return self.worker.status(profile_id)

    def start(self, profile_ids: Iterable[str]) -> None:
        for profile_id in profile_ids:
            profile = self.store.get(profile_id)
            if profile is None or self.status(profile_id).running:
                continue
            # The engine would only say "in use by another program": name our own tunnel.
            running = (p for p in self.store.profiles() if self.status(p.id).running)
            clash = running_clash(profile, running)
            if clash:
                self.worker.refuse(profile_id, clash)
            else:
                self.worker.start(profile)

    def stop(self, profile_ids: Iterable[str]) -> None:
        for profile_id in profile_ids:
            self.worker.stop(profile_id)

    def start_all(self) -> None:
        self.start(profile.id for profile in self.profiles())

    def stop_all(self) -> None:
        self.worker.stop_all()

    def check_targets(self, profile_ids: Iterable[str]) -> None:
        """Probe the targets of those running now (the user asked: "Check now")."""
        for profile_id in profile_ids:
            if self.status(profile_id).running:
                self.worker.check_target(profile_id)

    def check_all_running(self) -> None:
        self.check_targets(profile.id for profile in self.profiles())

    @Slot(str)
    def network_changed(self, reason: str) -> None:
        """The network changed or the machine woke up: every running tunnel re-checks (its
        target re-resolved and probed, a listener waiting for its address retried). Nothing
        the user stopped starts."""
        if any(self.status(profile.id).running for profile in self.profiles()):
            log.info("Re-checking the running tunnels: %s", reason)
            self.worker.network_changed()

    def restart_all_running(self) -> None:
        """Stop and start again every running tunnel, one at a time, with its saved settings;
        a stopped one stays stopped."""
        for profile in self.profiles():
            if self.status(profile.id).running:
                self.worker.start(profile)  # a running tunnel is stopped first

    def total_rates(self) -> tuple[float, float]:
        rates = total_rates(self._latest.rates) if self._latest else Rates()
        return rates.to_target, rates.to_client

    # -- more for the main window ---------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    def running_stats(self, profile_id: str) -> TunnelStats | None:
        """The latest numbers of this tunnel; None unless it runs (a stopped tunnel shows none,
        whatever the last snapshot held)."""
        if self._latest is None or not self.status(profile_id).running:
            return None
        return self._latest.stats(profile_id)

    def running_tunnel_stats(self) -> dict[str, TunnelStats]:
        """The latest numbers of every running tunnel, by profile id: what a stats tick can
        change, so views need not walk every profile on each tick. Do not change the dict."""
        if self._running_stats is None:
            tunnels = self._latest.snapshot.tunnels if self._latest is not None else {}
            self._running_stats = {
                tunnel_id: stats
                for tunnel_id, stats in tunnels.items()
                if self.status(tunnel_id).running
            }
        return self._running_stats

    def counts(self) -> TunnelCounts:
        """How many profiles there are, run and failed; counted again only after a change."""
        if self._counts is None:
            self._counts = count_tunnels(self.status(p.id) for p in self.store.profiles())
        return self._counts

    def rate(self, profile_id: str) -> Rates:
        """Current bytes/s of this tunnel each way (zero before the first update)."""
        return self._latest.rate(profile_id) if self._latest else Rates()

    def profile(self, profile_id: str) -> Profile | None:
        return self.store.get(profile_id)

    def start_autostart(self) -> None:
        self.start(profile.id for profile in self.profiles() if profile.autostart)

    def events(self, profile_id: str) -> list[EngineEvent]:
        return list(self._events.get(profile_id, ()))

    def set_connections_wanted(self, wanted: bool) -> None:
        self.worker.set_connections_wanted(wanted)

    def drop_connections(self, profile_id: str, conn_ids: Iterable[int]) -> None:
        for conn_id in conn_ids:
            self.worker.drop_connection(profile_id, conn_id)

    def _check_writable(self) -> None:
        if self.read_only_reason:
            raise ReadOnlyError(self.read_only_reason)

    def add_profile(self, profile: Profile) -> None:
        """Raises ValidationError or OSError (the file could not be written)."""
        self._check_writable()
        self.store.add(profile)
        self._profiles_changed()

    def update_profile(self, profile: Profile, *, restart: bool = True) -> None:
        """Save changes; a running tunnel restarts when what it listens on or relays to changed
        (unless restart=False: it keeps its old settings until it is next started). New network
        conditions never restart it: its open connections take them live."""
        self._check_writable()
        old = self.store.get(profile.id)
        needs_restart = self.restart_needed(profile)
        self.store.update(profile)
        if needs_restart and restart:
            self.worker.start(profile)
        elif (
            old is not None
            and old.conditions != profile.conditions
            and self.status(profile.id).running
        ):
            self.worker.set_conditions(profile.id, profile.conditions)
        self._profiles_changed()

    def set_conditions(self, profile_id: str, conditions: tuple[Condition, ...]) -> None:
        """Save the profile's network conditions, then shape its running tunnel with them at
        once (no restart). Raises like update_profile; nothing is applied unless saved."""
        profile = self.store.get(profile_id)
        if profile is None:
            raise StoreError(
                self.tr("The profile is no longer saved (another program may have removed it)")
            )
        self.update_profile(replace(profile, conditions=tuple(conditions)))

    def restart_needed(self, profile: Profile) -> bool:
        """Would saving `profile` restart its running tunnel (and close its connections)?"""
        old = self.store.get(profile.id)
        return old is not None and self.status(profile.id).running and _relay_changed(old, profile)

    def open_connections(self, profile_id: str) -> int:
        stats = self.running_stats(profile_id)
        return stats.active_connections if stats is not None else 0

    def duplicate_profile(self, profile_id: str) -> Profile:
        self._check_writable()
        copy = self.store.duplicate(profile_id)
        self._profiles_changed()
        return copy

    def remove_profiles(self, profile_ids: Iterable[str]) -> None:
        self._check_writable()
        ids = list(profile_ids)
        for profile_id in ids:
            self.worker.stop(profile_id)
        self.store.remove(ids)
        for profile_id in ids:
            self.history.forget(profile_id)
            self._events.pop(profile_id, None)
        self._profiles_changed()

    def import_file(
        self,
        path: Path,
        *,
        decisions: Mapping[int, str] | None = None,
        read: tuple[list[Profile], list[str]] | None = None,
    ) -> ImportSummary:
        """Raises ImportRefused (the store is unchanged) or ReadOnlyError. `decisions` and
        `read` as for exchange.import_file (the choices of the clash dialog)."""
        self._check_writable()
        try:
            return import_file(self.store, path, decisions=decisions, read=read)
        finally:
            self._profiles_changed()

    def reload_if_changed_on_disk(self) -> bool:
        """Read the profiles file again when another program changed it (a CLI `profiles add`);
        True when it did. Tunnels whose profile is gone are stopped; the others keep running
        as they are (an edited profile applies at its next start). An editor open meanwhile
        keeps its text: saving it re-reads the file first, so neither change is lost."""
        if self.read_only or not self.store.changed_on_disk():
            return False
        known = {profile.id for profile in self.store.profiles()}
        try:
            self.store.reload()
        except StoreError as error:
            # e.g. a newer TunnelGUI wrote it: keep what we have; a save would say the same.
            log.warning("Profiles not read again: %s", error)
            return False
        now = {profile.id for profile in self.store.profiles()}
        for profile_id in known - now:
            self.worker.stop(profile_id)
            self.history.forget(profile_id)
            self._events.pop(profile_id, None)
        log.info("Profiles read again: %s changed on disk", self.store.path.name)
        self._profiles_changed()
        return True

    def export_profiles(self, path: Path, profile_ids: Iterable[str]) -> None:
        wanted = set(profile_ids)
        export_profiles(path, [p for p in self.profiles() if p.id in wanted])

    def shutdown(self) -> None:
        self._changed_timer.stop()
        self.worker.shutdown()

    # -- from the worker ------------------------------------------------------------------------

    def _profiles_changed(self) -> None:
        self._counts = None
        self.profilesChanged.emit()
        self._schedule_changed()

    def _schedule_changed(self) -> None:
        if not self._changed_timer.isActive():
            self._changed_timer.start()

    @Slot(str, object)
    def _on_state_changed(self, profile_id: str, status: TunnelStatus) -> None:
        self._counts = None
        self._running_stats = None
        self.statusChanged.emit(profile_id)
        self._schedule_changed()

    @Slot(object)
    def _on_stats(self, update: TrafficUpdate) -> None:
        self._latest = update
        self._running_stats = None
        self.history.record(update.snapshot.taken_at, update.rates)
        self.statsUpdated.emit()
        # The tray shows the total rates from a tick (states and profiles schedule their own).
        rates = total_rates(update.rates)
        if rates != self._total_rates:
            self._total_rates = rates
            self._schedule_changed()

    @Slot(object)
    def _on_events(self, events: list[EngineEvent]) -> None:
        for event in events:
            kept = self._events.get(event.tunnel_id)
            if kept is None:
                kept = self._events[event.tunnel_id] = deque(maxlen=EVENTS_KEPT_PER_TUNNEL)
            kept.append(event)
        self.eventsAppended.emit(events)

    @Slot(str)
    def _on_engine_failed(self, reason: str) -> None:
        self.engineFailed.emit(reason)


def _relay_changed(old: Profile, new: Profile) -> bool:
    """Does the running tunnel need a restart? A new name, notes or network conditions alone
    never drop connections."""

    def spec(profile: Profile) -> object:
        return values.replace(profile.to_spec(), name="", conditions=())

    return spec(old) != spec(new)
