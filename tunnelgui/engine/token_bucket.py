"""A token bucket: the byte budget behind a bandwidth cap, refilled by elapsed time."""

from __future__ import annotations

from time import monotonic

# The bucket holds at most this many seconds of its rate: a cap may send that much at once
# after a pause, and a capped direction wakes about this often while it has bytes to send.
BURST_SECONDS = 0.05


class TokenBucket:
    """`rate` bytes per second, at most `burst` bytes at once.

    Tokens follow the clock, not the timers: a timer that fires late (a loaded machine) finds
    more tokens, so the average rate holds however late the loop wakes. The bucket starts
    empty, so N bytes take N / rate seconds from the first one (a small first write waits only
    its own size / rate).
    """

    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, rate: int, now: float | None = None) -> None:
        self.rate = float(rate)
        self.burst = max(1.0, self.rate * BURST_SECONDS)
        self.tokens = 0.0
        self.stamp = monotonic() if now is None else now

    def available(self, now: float) -> int:
        """Whole bytes that may be sent now."""
        if now > self.stamp:
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
        return int(self.tokens)

    def spend(self, count: int) -> None:
        self.tokens -= count

    def ready_at(self, wanted: int, now: float) -> float:
        """When `wanted` bytes (at most a burst) may be sent."""
        missing = min(float(wanted), self.burst) - self.tokens
        return now if missing <= 0 else now + missing / self.rate
