"""Desktop notifications about tunnel failures and target reachability, coalesced."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.ui.tray_summary import APP_TITLE
from tunnelgui.ui.tunnel_control import TunnelControl

# A burst of changes (a target serving many tunnels going down) becomes one message.
DEFAULT_COALESCE_SECONDS = 1.5
# Desktop notifications pile up quickly; this bounds them however often a target flaps.
DEFAULT_MIN_INTERVAL_SECONDS = 10.0
# The summary names at most this many tunnels, then says how many more.
MAX_NAMED_IN_SUMMARY = 4


# What a tunnel's state means to the user, at notification granularity: FAILED or STOPPED,
# or for a running tunnel its target's health (UNKNOWN until a check or a client tells).
Condition = TunnelState | TargetHealth


def condition_of(status: TunnelStatus) -> Condition:
    if status.state is TunnelState.FAILED:
        return TunnelState.FAILED
    if not status.running:
        return TunnelState.STOPPED
    return status.target


@dataclass(frozen=True, slots=True)
class Notice:
    text: str  # one sentence about one tunnel
    critical: bool  # a failure or an unreachable target, as opposed to good news


def notice_for(
    profile: Profile, before: Condition, after: Condition, status: TunnelStatus
) -> Notice | None:
    """The message for a change the user would want to hear about, or None.

    Stopping a tunnel and first health results of "up" are not news; a target seen down is, also
    right after the start, since the user may have started it from the tray and not seen the row.
    """
    name, target = profile.name, profile.target_address
    if after is TunnelState.FAILED and before is not TunnelState.FAILED:
        if status.error:
            text = TunnelNotifier.tr("{0} failed: {1}").format(name, status.error)
        else:
            text = TunnelNotifier.tr("{0} failed.").format(name)
        return Notice(text, critical=True)
    if after is TargetHealth.DOWN and before is not TargetHealth.DOWN:
        if status.target_error:
            text = TunnelNotifier.tr("{0}: target {1} is unreachable ({2}).")
            text = text.format(name, target, status.target_error)
        else:
            text = TunnelNotifier.tr("{0}: target {1} is unreachable.")
            text = text.format(name, target)
        return Notice(text, critical=True)
    if after is TargetHealth.UP and before is TargetHealth.DOWN:
        text = TunnelNotifier.tr("{0}: target {1} is reachable again.")
        return Notice(text.format(name, target), critical=False)
    return None


def summarize(notices: list[Notice]) -> tuple[str, str, bool]:
    """(title, body, critical) for one message covering all notices."""
    critical = any(notice.critical for notice in notices)
    if len(notices) == 1:
        problem = TunnelNotifier.tr("{0}: tunnel problem").format(APP_TITLE)
        return problem if critical else APP_TITLE, notices[0].text, critical
    shown = notices[:MAX_NAMED_IN_SUMMARY]
    lines = [notice.text for notice in shown]
    if len(notices) > len(shown):
        more = len(notices) - len(shown)
        lines.append(TunnelNotifier.tr("\u2026and %n more; see the window for details.", "", more))
    title = TunnelNotifier.tr("{0}: %n tunnel change(s)", "", len(notices))
    title = title.format(APP_TITLE)
    return title, "\n".join(lines), critical


class TunnelNotifier(QObject):
    """Watches the controller and emits `notify(title, body, critical)` for failures and target
    reachability changes. Never per connection: it compares tunnel conditions, and changes within
    a short window (or during the minimum interval after a message) go into one message. A tunnel
    that flaps and ends where it was when last announced produces nothing."""

    notify = Signal(str, str, bool)

    def __init__(
        self,
        control: TunnelControl,
        enabled: Callable[[], bool],
        parent: QObject | None = None,
        coalesce_seconds: float = DEFAULT_COALESCE_SECONDS,
        min_interval_seconds: float = DEFAULT_MIN_INTERVAL_SECONDS,
    ) -> None:
        super().__init__(parent)
        self._control = control
        self._enabled = enabled
        self._coalesce_ms = round(coalesce_seconds * 1000)
        self._min_interval = min_interval_seconds
        self._last_sent: float | None = None  # time.monotonic() of the last message
        # The condition of each tunnel as last told to the user (or as found at start).
        self._announced: dict[str, Condition] = self._current_conditions()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self.flush)

    def _current_conditions(self) -> dict[str, Condition]:
        return {
            profile.id: condition_of(self._control.status(profile.id))
            for profile in self._control.profiles()
        }

    @Slot()
    def on_changed(self) -> None:
        """Connect to the controller's `changed` signal."""
        current = self._current_conditions()
        differs = any(
            self._announced.get(profile_id, TunnelState.STOPPED) != condition
            for profile_id, condition in current.items()
        )
        if differs and not self._flush_timer.isActive():
            wait = self._coalesce_ms
            if self._last_sent is not None:
                next_allowed = self._last_sent + self._min_interval - time.monotonic()
                wait = max(wait, round(next_allowed * 1000))
            self._flush_timer.start(wait)

    @Slot()
    def flush(self) -> None:
        notices: list[Notice] = []
        announced: dict[str, Condition] = {}
        for profile in self._control.profiles():
            status = self._control.status(profile.id)
            after = condition_of(status)
            before = self._announced.get(profile.id, TunnelState.STOPPED)
            notice = notice_for(profile, before, after, status)
            if notice is not None:
                notices.append(notice)
            announced[profile.id] = after
        # Conditions move on even while notifications are off, so turning them on later does
        # not replay old news.
        self._announced = announced
        if notices and self._enabled():
            self._last_sent = time.monotonic()
            self.notify.emit(*summarize(notices))
