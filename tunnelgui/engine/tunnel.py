"""A tunnel: the listener dispatcher that accepts clients, applies the limits, and starts relays."""

from __future__ import annotations

import errno
import itertools
import socket
from collections.abc import Callable, Mapping
from time import monotonic, time

from tunnelgui.engine import messages
from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.buffers import SharedBuffers
from tunnelgui.engine.conditions import Condition
from tunnelgui.engine.congestion import is_loopback, use
from tunnelgui.engine.connector import CONNECTORS, OUT_OF_RESOURCES, ConnectorFactory
from tunnelgui.engine.eventlog import EventLog
from tunnelgui.engine.events import EventKind
from tunnelgui.engine.health import HealthMonitor
from tunnelgui.engine.keepalive import INHERITED as KEEPALIVE_INHERITED
from tunnelgui.engine.keepalive import LateKeepalive, enable_keepalive
from tunnelgui.engine.limits import ClientFilter, parse_networks
from tunnelgui.engine.listen import NODELAY_INHERITED
from tunnelgui.engine.loop import EVENT_READ, Loop, Timer
from tunnelgui.engine.messages import N_, Phrase
from tunnelgui.engine.relay import CLOSED, CONNECTING, Relay
from tunnelgui.engine.resolver import Resolver
from tunnelgui.engine.selector import adder, forgetter
from tunnelgui.engine.spec import TunnelSpec
from tunnelgui.engine.states import TargetHealth
from tunnelgui.engine.stats import TunnelStats
from tunnelgui.engine.values import Value, field, replace

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from tunnelgui.engine.shaping import TunnelShaping

# When accept() fails for lack of resources, pause accepting rather than spin on it.
ACCEPT_PAUSE = 0.25
# accept() errors about one client that already left; the listener itself is fine.
_CLIENT_GONE = {errno.ECONNABORTED, errno.EPROTO, errno.EPERM, errno.EINTR}
# Module globals for what every connection records: an enum's attribute lookup goes through
# EnumType.__getattr__ in Python 3.11, as dear as the rest of a small function.
_CONNECTION_OPENED = EventKind.CONNECTION_OPENED
_CONNECTION_CLOSED = EventKind.CONNECTION_CLOSED
_UP = TargetHealth.UP
_NOT_ALLOWED = N_("its address is not in the tunnel's allowed networks")


class EngineContext(Value, frozen=False):
    """What every tunnel on one loop shares."""

    loop: Loop
    buffers: SharedBuffers
    events: EventLog
    resolver: Resolver
    forget_tunnel: Callable[[str], None]  # a tunnel whose listener broke leaves the engine
    # Congestion control for sockets whose peer is this machine (None: the system default).
    loopback_cc: bytes | None = None
    # The connector for each target transport type (TunnelSpec.target_transport).
    connectors: Mapping[type, ConnectorFactory] = field(default_factory=lambda: dict(CONNECTORS))
    conn_ids: itertools.count = field(default_factory=lambda: itertools.count(1))


class Tunnel:
    """Listens on one address and relays every accepted client to the target."""

    def __init__(self, spec: TunnelSpec, sock: socket.socket, context: EngineContext) -> None:
        self.spec = spec
        self.sock = sock
        self.fd = sock.fileno()
        self.family = int(sock.family)
        self.context = context
        self.loop = context.loop
        self.selector = context.loop.selector
        self.forget_fd = forgetter(self.selector)  # unregister an fd that is closed next
        self.add_fd = adder(self.selector)  # register an fd of ours, without the checks
        self.buffers = context.buffers
        self.events = context.events
        self.resolver = context.resolver
        bound = sock.getsockname()
        self.listen_host: str = bound[0]
        self.listen_address = format_address(bound[0], bound[1])
        self.listen_port: int = bound[1]
        self.loopback_cc = context.loopback_cc
        # Set it on each accepted client whose peer is this machine, once it carries bulk
        # (Relay.bulk).
        self.tune_clients = False
        if self.loopback_cc is not None:
            if is_loopback(bound[0]):
                # Accepted sockets inherit it from the listener: one call per tunnel.
                use(sock, self.loopback_cc)
            else:
                self.tune_clients = True
        # Each accepted client gets keepalive: from the listener where sockets inherit it, else
        # once its connection outlives keepalive.DELAY (with the target end: late_keepalive).
        self.keepalive_clients = spec.tcp_keepalive and not KEEPALIVE_INHERITED
        if spec.tcp_keepalive and KEEPALIVE_INHERITED:
            enable_keepalive(sock)
        self.target_address = format_address(spec.target_host, spec.target_port)
        networks = parse_networks(spec.allowed_networks)
        self.filter = ClientFilter(networks) if networks else None
        self.relays: dict[int, Relay] = {}
        self.total = 0
        self.failed = 0
        self.rejected = 0
        # Handed SSH connections whose client is gone, kept a moment to settle why (see
        # ssh_handoff.LOSS_WAIT): in `relays` for their counts, not counted as connected.
        self.settling = 0
        self.closed_to_target = 0  # bytes of relays that have closed
        self.closed_to_client = 0
        # Bytes written to a peer's socket but lost when the relay ended with a reset.
        self.discarded_to_target = 0
        self.discarded_to_client = 0
        self.target_status = TargetHealth.UNKNOWN
        self.target_error = ""
        self.closed = False
        self._idle_timer: Timer | None = None
        self._accept_timer: Timer | None = None
        transport = spec.target_transport
        self.connector = context.connectors[type(transport)](self, transport)
        self.keepalive_targets = spec.tcp_keepalive and self.connector.keepalive_later
        self.late_keepalive = (
            LateKeepalive(self.loop.call_coarse, self._keepalive_now)
            if self.keepalive_targets or self.keepalive_clients
            else None
        )
        self.health = HealthMonitor(self)
        # None while the tunnel has no conditions: relays then never look at them.
        self.shaping = _new_shaping(spec.conditions) if spec.conditions else None

    def start(self) -> None:
        self.events.add(
            self.spec.tunnel_id,
            EventKind.TUNNEL_STARTED,
            messages.tunnel_started,
            (self.spec.label, self.listen_address, self.target_address),
        )
        self.selector.register(self.fd, EVENT_READ, self._on_accept)
        if self.spec.idle_timeout > 0:
            self._idle_timer = self.loop.call_later(self._idle_interval(), self._sweep_idle)
        self.health.start()

    # -- target --------------------------------------------------------------------------

    def target_reachable(self) -> None:
        """A connect to the target worked (a client's or a probe's)."""
        if self.target_status is not TargetHealth.UP:
            self.target_status = TargetHealth.UP
            self.target_error = ""
            self.events.add(
                self.spec.tunnel_id,
                EventKind.TARGET_UP,
                messages.target_up,
                (self.target_address,),
            )
            self.health.target_up()

    def target_unreachable(self, reason: str) -> None:
        """A connect to the target failed (a client's or a probe's), or its name is bad."""
        self.connector.target_failed()  # the next connect resolves the name afresh
        self.target_error = reason
        if self.target_status is not TargetHealth.DOWN:
            self.target_status = TargetHealth.DOWN
            self.events.add(
                self.spec.tunnel_id,
                EventKind.TARGET_DOWN,
                messages.target_down,
                (self.target_address, reason),
            )
        self.health.target_down()

    def target_moved(self, before: str, now: str) -> None:
        """The target's name resolves to other addresses than it did."""
        self.events.add(
            self.spec.tunnel_id,
            EventKind.TARGET_MOVED,
            messages.target_moved,
            (self.target_address, now, before),
        )

    # -- accepting -----------------------------------------------------------------------

    def _on_accept(self, _mask: int) -> None:
        # One client per wake-up: the listener stays ready while more wait (level-triggered),
        # and trying for another would mostly cost a failed accept() and its exception.
        try:
            # _accept() and a plain socket(): socket.accept() converts family and type to
            # enums for every client, which costs as much as the system call.
            fd, peer = self.sock._accept()  # type: ignore[attr-defined]
        except BlockingIOError:
            return
        except OSError as exc:
            if exc.errno not in _CLIENT_GONE:
                self._accept_failed(exc)
            return
        # The C socket type: socket.socket's Python __init__ and close() cost three calls a
        # client and serve only makefile(), which a relay never uses.
        client = socket.SocketType(self.family, socket.SOCK_STREAM, 0, fd)
        if self.filter is not None and not self.filter.allows(peer[0]):
            self._reject(client, peer, _NOT_ALLOWED)
            return
        limit = self.spec.max_connections
        if limit and len(self.relays) - self.settling >= limit:
            self._reject(client, peer, messages.too_many(limit))
            return
        client.setblocking(False)
        if not NODELAY_INHERITED:
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.total += 1
        handoff = self.connector.handoff
        if handoff is not None and self.shaping is None:
            # An SSH hop: the master reads and writes the client itself (ssh_handoff.py).
            # Shaped tunnels relay: the conditions live in our relay's data path.
            handoff.accept(next(self.context.conn_ids), client, fd, peer)  # type: ignore[attr-defined]
            return
        relay = Relay(self, next(self.context.conn_ids), client, fd, peer)
        self.relays[relay.conn_id] = relay
        relay.connect()

    def _reject(self, client: socket.socket, peer: tuple, why: str) -> None:
        client.close()
        self.rejected += 1
        self.events.add(
            self.spec.tunnel_id,
            EventKind.CONNECTION_REJECTED,
            messages.connection_rejected,
            (peer, why),
        )

    def _accept_failed(self, exc: OSError) -> None:
        if exc.errno in OUT_OF_RESOURCES:
            self.pause_accepting(exc)
            return
        self._fail(Phrase(N_("its listener failed ({error})"), error=exc.strerror))

    def crash(self) -> None:
        """The loop's last resort when the accept handler raised."""
        self._fail(N_("an internal error occurred"))

    def _fail(self, why: str) -> None:
        self.close(N_("was closed because the tunnel failed"), event=False)
        self.context.forget_tunnel(self.spec.tunnel_id)
        self.events.add(
            self.spec.tunnel_id,
            EventKind.TUNNEL_FAILED,
            messages.tunnel_failed,
            (self.spec.label, self.listen_address, why),
        )

    def pause_accepting(self, exc: OSError) -> None:
        """Out of file descriptors (or memory): let new clients wait in the listen backlog.

        Accepting them now would only close them again; in a moment connections may have
        ended and freed what is needed.
        """
        if self._accept_timer is not None or self.closed:
            return
        # The listener stays readable while clients queue: stop watching it for a moment.
        self.selector.unregister(self.fd)
        self._accept_timer = self.loop.call_later(ACCEPT_PAUSE, self._resume_accepting)
        self.events.add(
            self.spec.tunnel_id,
            EventKind.CONNECTION_REJECTED,
            messages.accepting_paused,
            (self.spec.label, exc.strerror),
        )

    def _resume_accepting(self) -> None:
        self._accept_timer = None
        if self.closed:
            return
        self.selector.register(self.fd, EVENT_READ, self._on_accept)
        self.connector.retry_starved()  # may pause accepting again

    # -- relay callbacks -----------------------------------------------------------------

    def relay_opened(self, relay: Relay) -> None:
        if self.target_status is not _UP and self.connector.connect_proves_target:
            self.target_reachable()
        late = self.late_keepalive
        if late is not None:
            late.waiting[relay.conn_id] = relay  # see LateKeepalive
            if late.timer is None:
                late.arm()
        self.events.add(
            self.spec.tunnel_id,
            _CONNECTION_OPENED,
            messages.connection_opened,
            (relay.conn_id, relay.peer, self.target_address),
            relay.conn_id,
        )

    def relay_failed(self, relay: Relay, reason: str, target_fault: bool) -> None:
        del self.relays[relay.conn_id]
        self.failed += 1
        if target_fault:
            self.target_unreachable(reason)
        self.events.add(
            self.spec.tunnel_id,
            EventKind.CONNECT_FAILED,
            messages.connect_failed,
            (relay.conn_id, relay.peer, self.target_address, reason),
            relay.conn_id,
        )

    def relay_closed(self, relay: Relay, reason: str) -> None:
        del self.relays[relay.conn_id]
        if self.shaping is not None:
            self.shaping.forget(relay.conn_id)
        if self.late_keepalive is not None:
            self.late_keepalive.waiting.pop(relay.conn_id, None)  # see LateKeepalive
        # relay.bytes_to_target() and bytes_to_client(), inlined: this runs for every client.
        # (A HandedConnection's up/down count the same, and it never discards anything.)
        up = relay.up
        discarded_to_target = relay.discarded_to_target
        discarded_to_client = relay.discarded_to_client
        if up is None:  # closed while connecting
            to_target = to_client = 0
        else:
            to_target = up.count - discarded_to_target
            to_client = relay.down.count - discarded_to_client
        self.closed_to_target += to_target
        self.closed_to_client += to_client
        self.discarded_to_target += discarded_to_target
        self.discarded_to_client += discarded_to_client
        self.events.add(
            self.spec.tunnel_id,
            _CONNECTION_CLOSED,
            messages.connection_closed,
            (
                relay.conn_id,
                relay.peer,
                reason,
                to_target,
                to_client,
                time() - relay.started_at,  # format_duration() shows < 0 (a clock step) as 0
                discarded_to_target,
                discarded_to_client,
            ),
            relay.conn_id,
        )

    def _keepalive_now(self, relay: Relay) -> None:
        """relay has lived keepalive.DELAY seconds: its sockets start sending keepalives."""
        try:
            if self.keepalive_targets:
                enable_keepalive(relay.target)  # type: ignore[arg-type]  # a TargetSocket
            if self.keepalive_clients:
                enable_keepalive(relay.client)
        except OSError:
            pass  # the connection is ending; its close is on its way

    def set_conditions(self, conditions: tuple[Condition, ...]) -> None:
        """New network conditions for this tunnel (Engine.set_conditions, on the loop)."""
        self.spec = replace(self.spec, conditions=conditions)
        shaping = self.shaping
        if shaping is None:
            if not conditions:
                return
            shaping = self.shaping = _new_shaping(conditions)
        else:
            shaping.update(conditions)
        for relay in list(self.relays.values()):
            # Handed connections (SSH hop) stay as they are: ssh moves their bytes, no relay
            # of ours could shape them. New clients of a shaped tunnel get relays.
            if relay.up is not None and relay.state is not CLOSED and not relay.handed:
                shaping.apply(relay)
        if not conditions:
            # Relays still shaped hand their directions back on their own once empty.
            self.shaping = None

    def drop(self, conn_id: int) -> None:
        relay = self.relays.get(conn_id)
        if relay is not None:
            relay.close(N_("was dropped by the user"))

    # -- timers --------------------------------------------------------------------------

    def _idle_interval(self) -> float:
        # Checked often enough that a connection closes at most ~1/8 of the timeout late.
        return min(max(self.spec.idle_timeout / 8, 0.02), 1.0)

    def _sweep_idle(self) -> None:
        now = monotonic()
        limit = self.spec.idle_timeout
        for relay in list(self.relays.values()):
            if relay.state is CONNECTING:
                continue
            moved = relay.up.count + relay.down.count
            if moved != relay.idle_seen:
                relay.idle_seen = moved
                relay.idle_since = now
            elif now - relay.idle_since >= limit:
                relay.close(
                    Phrase(N_("was closed after being idle for {seconds:g} s"), seconds=limit)
                )
        self._idle_timer = self.loop.call_later(self._idle_interval(), self._sweep_idle)

    # -- stopping and reporting ---------------------------------------------------------

    def close(self, reason: str = "", event: bool = True) -> None:
        """Stop listening and close every connection."""
        if self.closed:
            return
        self.closed = True
        for timer in (self._idle_timer, self._accept_timer):
            if timer is not None:
                timer.cancel()
        if self.late_keepalive is not None:
            self.late_keepalive.close()
        if self._accept_timer is None:
            self.selector.unregister(self.fd)
        self.sock.close()
        self.health.close()
        # Settling handed connections had ended before the stop (their reason is their own).
        open_count = len(self.relays) - self.settling
        for relay in list(self.relays.values()):
            relay.close(reason or N_("was closed because the tunnel stopped"))
        self.connector.close()
        if event:
            self.events.add(
                self.spec.tunnel_id,
                EventKind.TUNNEL_STOPPED,
                messages.tunnel_stopped,
                (self.spec.label, self.listen_address, open_count),
            )

    def held_bytes(self) -> int:
        return sum(relay.held_bytes() for relay in self.relays.values())

    def stats(self, include_connections: bool) -> TunnelStats:
        to_target = self.closed_to_target
        to_client = self.closed_to_client
        for relay in self.relays.values():
            up = relay.up
            if up is not None:
                to_target += up.count
                to_client += relay.down.count
        return TunnelStats(
            tunnel_id=self.spec.tunnel_id,
            listen_address=self.listen_address,
            listen_port=self.listen_port,
            active_connections=len(self.relays) - self.settling,
            total_connections=self.total,
            failed_connections=self.failed,
            rejected_connections=self.rejected,
            bytes_to_target=to_target,
            bytes_to_client=to_client,
            discarded_to_target=self.discarded_to_target,
            discarded_to_client=self.discarded_to_client,
            target_status=self.target_status,
            target_error=self.target_error,
            hop_state=self.connector.hop_state,
            hop_error=self.connector.hop_error,
            connections=tuple(relay.stats() for relay in self.relays.values())
            if include_connections
            else (),
            listen_host=self.listen_host,
        )


def _new_shaping(conditions: tuple[Condition, ...]) -> TunnelShaping:
    """Shaping is imported with the first tunnel that has conditions: its modules bring
    logging and random, which a plain `forward` does not carry (tests/cli/test_forward_imports)."""
    from tunnelgui.engine.shaping import TunnelShaping

    return TunnelShaping(conditions)
