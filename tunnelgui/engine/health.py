"""Target health policy: probes only at the start, while the target is down, and on request."""

from __future__ import annotations

from tunnelgui.engine.connector import Attempt
from tunnelgui.engine.ends import TargetEnd
from tunnelgui.engine.loop import Timer
from tunnelgui.engine.states import TargetHealth

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from tunnelgui.engine.tunnel import Tunnel


class HealthMonitor:
    """Decides when one tunnel opens a probe connection to its target (TunnelSpec.health).

    A probe goes through the tunnel's own connector, so it tests exactly the path clients
    take, and is closed politely (FIN) the moment it connects. While the target is up no
    probe runs: the clients' own connects report through Tunnel.target_reachable() and
    target_unreachable(), which call target_up()/target_down() here. While it is down, probes
    follow the policy's backoff until one (or a client) gets through.
    """

    def __init__(self, tunnel: Tunnel) -> None:
        self.tunnel = tunnel
        self.policy = tunnel.spec.health
        self.step = 0  # index into the backoff of the next wait
        self.probing = False
        self.closed = False
        self._attempt: Attempt | None = None
        self._timer: Timer | None = None

    def start(self) -> None:
        if self.policy.probe:
            self.probe_now()
        else:
            # No connection, but tell the user early when the target name does not resolve.
            self.tunnel.connector.check_name(self._name_failed)

    def probe_now(self) -> None:
        """Probe at once (one probe already in flight answers this request too)."""
        if self.closed or self.probing:
            return
        self._cancel_timer()
        self.probing = True
        attempt = self.tunnel.connector.probe(self._connected, self._failed)
        if self.probing:  # no answer yet
            self._attempt = attempt

    def target_up(self) -> None:
        """The target answered: health is passive again."""
        self.step = 0
        self._cancel_timer()

    def target_down(self) -> None:
        """The target is known down: make sure a probe will notice its return."""
        if self.closed or not self.policy.probe or self.probing or self._timer is not None:
            return
        if self.tunnel.target_status is not TargetHealth.DOWN:
            return
        backoff = self.policy.backoff
        delay = backoff[min(self.step, len(backoff) - 1)]
        self.step += 1
        self._timer = self.tunnel.loop.call_later(delay, self._on_timer)

    def close(self) -> None:
        self.closed = True
        self._cancel_timer()
        if self._attempt is not None:
            self._attempt.cancel()
            self._attempt = None
        self.probing = False

    def _on_timer(self) -> None:
        self._timer = None
        self.probe_now()

    def _connected(self, end: TargetEnd) -> None:
        self._done()
        end.release(abort=False)  # a FIN: the server sees a client that left, not an error
        if not self.closed:
            self.tunnel.target_reachable()

    def _failed(self, reason: str, target_fault: bool) -> None:
        self._done()
        if self.closed:
            return
        if target_fault:
            self.tunnel.target_unreachable(reason)
        else:
            self.target_down()  # our own trouble (no fd): says nothing about the target

    def _name_failed(self, reason: str) -> None:
        if not self.closed:
            self.tunnel.target_unreachable(reason)

    def _done(self) -> None:
        self.probing = False
        self._attempt = None

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
