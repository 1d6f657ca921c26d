"""Transfer rates from successive byte counters, and the recent rate history the chart draws."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from typing import NamedTuple


class Rates(NamedTuple):
    """Bytes per second: client -> target, and target -> client."""

    to_target: float = 0.0
    to_client: float = 0.0


class RateSample(NamedTuple):
    time: float  # time.monotonic() of the snapshot the rates came from
    to_target: float
    to_client: float


class _Reading(NamedTuple):
    time: float
    to_target: int
    to_client: int


class RateMeter:
    """Per-tunnel rates averaged over a sliding window of counter readings.

    A few readings a second give jumpy rates when traffic comes in bursts; averaging over about a
    second (as download managers do) keeps the numbers readable while still reacting quickly.
    """

    def __init__(self, window: float = 1.0) -> None:
        self.window = window
        self._readings: dict[str, deque[_Reading]] = {}
        self._last_time: float | None = None

    def update(self, taken_at: float, counters: Mapping[str, tuple[int, int]]) -> dict[str, Rates]:
        """Feed the (bytes_to_target, bytes_to_client) counters of every running tunnel.

        Tunnels missing from `counters` are forgotten; a counter that went down (the tunnel was
        restarted) starts that tunnel's window afresh. A tunnel that is new since the previous
        reading started with zero counters after it, so that reading's time is its baseline: a
        short burst right after a start still shows as a rate.
        """
        previous_time, self._last_time = self._last_time, taken_at
        for gone in self._readings.keys() - counters.keys():
            del self._readings[gone]
        rates: dict[str, Rates] = {}
        for tunnel_id, (to_target, to_client) in counters.items():
            readings = self._readings.setdefault(tunnel_id, deque())
            if readings and (
                to_target < readings[-1].to_target
                or to_client < readings[-1].to_client
                or taken_at < readings[-1].time
            ):
                readings.clear()
            if not readings and previous_time is not None and previous_time < taken_at:
                readings.append(_Reading(previous_time, 0, 0))
            readings.append(_Reading(taken_at, to_target, to_client))
            # Keep exactly one reading at or before the window's start as the baseline.
            while len(readings) > 2 and readings[1].time <= taken_at - self.window:
                readings.popleft()
            oldest = readings[0]
            elapsed = taken_at - oldest.time
            if elapsed <= 0:
                rates[tunnel_id] = Rates()
            else:
                rates[tunnel_id] = Rates(
                    (to_target - oldest.to_target) / elapsed,
                    (to_client - oldest.to_client) / elapsed,
                )
        return rates


def total_rates(rates: Mapping[str, Rates]) -> Rates:
    return Rates(
        sum(rate.to_target for rate in rates.values()),
        sum(rate.to_client for rate in rates.values()),
    )


class TrafficHistory:
    """The last `span` seconds of rate samples per tunnel, plus the sum over all tunnels."""

    TOTAL = ""  # key of the all-tunnels series; never a profile id (those are UUIDs)

    def __init__(self, span: float = 300.0) -> None:
        self.span = span
        self._series: dict[str, deque[RateSample]] = {}
        self.latest_time: float | None = None

    def record(self, taken_at: float, rates: Mapping[str, Rates]) -> None:
        """Add one sample per tunnel that is running now, and one for the total."""
        self.latest_time = taken_at
        for tunnel_id, rate in rates.items():
            self._append(tunnel_id, RateSample(taken_at, rate.to_target, rate.to_client))
        total = total_rates(rates)
        self._append(self.TOTAL, RateSample(taken_at, total.to_target, total.to_client))
        horizon = taken_at - self.span
        for tunnel_id in list(self._series):
            series = self._series[tunnel_id]
            while series and series[0].time < horizon:
                series.popleft()
            if not series:
                del self._series[tunnel_id]

    def _append(self, tunnel_id: str, sample: RateSample) -> None:
        self._series.setdefault(tunnel_id, deque()).append(sample)

    def samples(self, tunnel_id: str) -> Sequence[RateSample]:
        """Oldest first; empty when the tunnel has not run during the span."""
        return self._series.get(tunnel_id, ())

    def forget(self, tunnel_id: str) -> None:
        self._series.pop(tunnel_id, None)
