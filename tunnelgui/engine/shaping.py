"""A tunnel's network conditions turned into plans for each direction of each connection.

TunnelShaping (one per tunnel with conditions) draws, once per connection and condition,
whether the condition applies (its probability), remembers since when it has been switched
on (a stall counts from then), keeps the token buckets (per connection, or one per tunnel and
direction when shared), and puts a ShapedHalf on every direction that has something to do.
A direction with nothing to do keeps (or gets back) the relay's plain zero-copy half.
"""

from __future__ import annotations

import math
import random
from time import monotonic, time
from typing import TYPE_CHECKING

from tunnelgui.engine.conditions import (
    Bandwidth,
    CloseAfter,
    Condition,
    Latency,
    ResetAfter,
    Slicer,
    SlowClose,
    Stall,
)
from tunnelgui.engine.shaped_half import ShapedHalf
from tunnelgui.engine.token_bucket import TokenBucket
from tunnelgui.engine.values import Value

if TYPE_CHECKING:
    from tunnelgui.engine.relay import Relay

# A condition's identity across Engine.set_conditions calls: switching it on or off keeps
# its draw; the same condition twice counts twice (the last item numbers them).
ConditionKey = tuple


class DirectionPlan(Value):
    """What one direction of one connection does now. Several conditions of a kind add up
    (latencies, slow closes), or the strictest wins (caps, limits)."""

    latency: float = 0.0
    jitter: float = 0.0
    buckets: tuple[TokenBucket, ...] = ()
    slicer: Slicer | None = None
    stall_until: float = 0.0  # monotonic; math.inf: until switched off
    reset_bytes: int | None = None  # reset once this many bytes went this way
    reset_at: float = math.inf  # monotonic time of a reset after N seconds
    reset_seconds: float = 0.0  # that N, for the reason the event gives
    close_bytes: int | None = None  # EOF once this many bytes went this way
    slow_close: float = 0.0

    def byte_limit(self) -> int | None:
        limits = [n for n in (self.reset_bytes, self.close_bytes) if n is not None]
        return min(limits) if limits else None

    def resets_at_limit(self) -> bool:
        """At the byte limit: a reset (True) or an EOF (False); a reset wins a tie."""
        return self.reset_bytes is not None and (
            self.close_bytes is None or self.reset_bytes <= self.close_bytes
        )


class ConnectionShaping:
    """One connection's draws, switch-on times and own token buckets."""

    __slots__ = ("buckets", "draws", "opened", "since")

    def __init__(self, opened: float) -> None:
        self.opened = opened  # monotonic
        self.draws: dict[ConditionKey, bool] = {}
        self.since: dict[ConditionKey, float] = {}
        self.buckets: dict[tuple[ConditionKey, bool], TokenBucket] = {}

    def prune(self, keys: set[ConditionKey]) -> None:
        for table in (self.draws, self.since):
            for key in [key for key in table if key not in keys]:
                del table[key]
        for key in [key for key in self.buckets if key[0] not in keys]:
            del self.buckets[key]


class TunnelShaping:
    """The conditions of one tunnel, applied to its relays (all on the loop thread)."""

    def __init__(self, conditions: tuple[Condition, ...], rng: random.Random | None = None):
        self.rng = rng or random.Random()
        self.connections: dict[int, ConnectionShaping] = {}
        self.shared: dict[tuple[ConditionKey, bool], TokenBucket] = {}
        self.keyed: list[tuple[ConditionKey, Condition]] = []
        self.update(conditions)

    def update(self, conditions: tuple[Condition, ...]) -> None:
        """New conditions; call apply() for each open relay afterwards."""
        seen: dict[tuple, int] = {}
        keyed = []
        for condition in conditions:
            base = (condition.effect, condition.direction, condition.probability)
            seen[base] = seen.get(base, 0) + 1
            keyed.append(((*base, seen[base]), condition))
        self.keyed = keyed
        keys = {key for key, _ in keyed}
        for key in [key for key in self.shared if key[0] not in keys]:
            del self.shared[key]
        for connection in self.connections.values():
            connection.prune(keys)

    def attach(self, relay: Relay) -> None:
        """A relay is opening (its halves exist, nothing is registered yet)."""
        connection = ConnectionShaping(monotonic())
        self.connections[relay.conn_id] = connection
        self._apply(relay, connection, opening=True)

    def apply(self, relay: Relay) -> None:
        """The conditions changed: shape (or stop shaping) an open relay now."""
        connection = self.connections.get(relay.conn_id)
        if connection is None:  # opened before the tunnel had conditions
            opened = monotonic() - max(0.0, time() - relay.started_at)
            connection = self.connections[relay.conn_id] = ConnectionShaping(opened)
        self._apply(relay, connection, opening=False)

    def forget(self, conn_id: int) -> None:
        self.connections.pop(conn_id, None)

    def _apply(self, relay: Relay, connection: ConnectionShaping, opening: bool) -> None:
        now = monotonic()
        for to_target in (True, False):
            plan = self.plan(connection, to_target, now)
            half = relay.up if to_target else relay.down
            if isinstance(half, ShapedHalf):
                half.set_plan(plan)
            elif plan is not None and not half.shut:
                if half.tune_bulk:
                    # A shaped direction reads in its own way and never calls bulk(): its
                    # destination is tuned now, at open and when conditions come later alike.
                    relay.bulk(half)
                shaped = ShapedHalf(half, plan)
                if to_target:
                    relay.up = shaped
                else:
                    relay.down = shaped
                if not opening:
                    relay.rewire()
                    shaped.start()

    def plan(
        self, connection: ConnectionShaping, to_target: bool, now: float
    ) -> DirectionPlan | None:
        """The effects that apply to one direction of a connection, or None for none."""
        found = False
        fields: dict = {}
        buckets: list[TokenBucket] = []
        for key, condition in self.keyed:
            drawn = connection.draws.get(key)
            if drawn is None:
                drawn = connection.draws[key] = self.rng.random() < condition.probability
            if not condition.enabled:
                connection.since.pop(key, None)
                continue
            since = connection.since.setdefault(key, now)
            if not drawn or not condition.direction.covers(to_target):
                continue
            found = True
            effect = condition.effect
            if isinstance(effect, Latency):
                fields["latency"] = fields.get("latency", 0.0) + effect.seconds
                fields["jitter"] = fields.get("jitter", 0.0) + effect.jitter
            elif isinstance(effect, Bandwidth):
                buckets.append(self._bucket(connection, key, to_target, effect, now))
            elif isinstance(effect, Slicer):
                fields.setdefault("slicer", effect)
            elif isinstance(effect, Stall):
                until = since + effect.seconds if effect.seconds > 0 else math.inf
                fields["stall_until"] = max(fields.get("stall_until", 0.0), until)
            elif isinstance(effect, ResetAfter):
                if effect.bytes > 0:
                    fields["reset_bytes"] = min(
                        fields.get("reset_bytes", effect.bytes), effect.bytes
                    )
                if effect.seconds > 0:
                    at = connection.opened + effect.seconds
                    if at < fields.get("reset_at", math.inf):
                        fields["reset_at"] = at
                        fields["reset_seconds"] = effect.seconds
            elif isinstance(effect, CloseAfter):
                fields["close_bytes"] = min(fields.get("close_bytes", effect.bytes), effect.bytes)
            elif isinstance(effect, SlowClose):
                fields["slow_close"] = fields.get("slow_close", 0.0) + effect.seconds
        if not found:
            return None
        return DirectionPlan(buckets=tuple(buckets), **fields)

    def _bucket(
        self,
        connection: ConnectionShaping,
        key: ConditionKey,
        to_target: bool,
        effect: Bandwidth,
        now: float,
    ) -> TokenBucket:
        table = self.shared if effect.shared else connection.buckets
        bucket = table.get((key, to_target))
        if bucket is None:
            bucket = table[(key, to_target)] = TokenBucket(effect.rate, now)
        return bucket
