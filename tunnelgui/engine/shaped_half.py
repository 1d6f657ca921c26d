"""A shaped direction: bytes are copied through a delay line and sent when the plan allows.

ShapedHalf takes the place of a relay's plain half (Half, SpliceHalf or DirectSpliceHalf)
while network conditions apply to that direction, and hands it back once they are switched
off and nothing is held. It never sleeps and has no thread: the loop's timers wake it when
the next byte is due (latency, a stall's end, the slicer's pause, the token bucket).
"""

from __future__ import annotations

import logging
import math
import os
import random
from time import monotonic
from typing import TYPE_CHECKING

from tunnelgui.engine.buffers import COPY_CHUNK
from tunnelgui.engine.delay_line import DelayLine
from tunnelgui.engine.directions import DRAIN_ROUNDS, Half
from tunnelgui.engine.loop import Timer
from tunnelgui.engine.messages import N_, Phrase
from tunnelgui.engine.relay import RELEASED, unsent_bytes
from tunnelgui.engine.states import ConnectionState
from tunnelgui.engine.units import format_bytes, format_duration

if TYPE_CHECKING:
    from tunnelgui.engine.shaping import DirectionPlan

log = logging.getLogger("tunnelgui.engine")

_CLOSED = ConnectionState.CLOSED

# A shaped direction holds at most this many bytes (per connection and direction) and stops
# reading its source while it does: memory stays bounded whatever the latency or the cap.
LINE_CAP = 256 * 1024
# Before a reset, the bytes already sent are given this long to be acknowledged (checked this
# often), so "reset after N bytes" delivers exactly N bytes and then the reset.
RESET_ACK_WAIT = 2.0
RESET_ACK_POLL = 0.002
# Sends per wake-up (a slicer with tiny pieces and no delay): then other sockets get a turn.
MAX_SENDS = 256
# TRANSLATORS: {when} is e.g. "after 5.0 s" or "after 1.0 MiB".
_RESET_BY_CONDITION = {
    "target": N_("was reset by a network condition {when} to the target"),
    "client": N_("was reset by a network condition {when} to the client"),
}


def _after(amount: str) -> Phrase:
    """When a condition's reset came: "after 5.0 s", "after 1.0 MiB" (a {when} above)."""
    return Phrase(N_("after {amount}"), amount=amount)


class ShapedHalf(Half):
    """One direction under network conditions.

    The relay reads `eof` and `stalled` to choose its events: here `eof` means "do not read
    the source now" (it ended, the delay line is full, or a reset is coming) and `stalled`
    means "waiting for the destination to take bytes". The real end of the source is
    `src_done`; the relay hears of it (Relay.ended) only once every held byte is out.
    """

    __slots__ = (
        "finish_at",
        "finished",
        "finishing",
        "limited",
        "line",
        "loop",
        "next_piece_at",
        "piece_left",
        "plain",
        "plan",
        "reset_deadline",
        "reset_reason",
        "reset_timer",
        "resetting",
        "src_done",
        "timer",
    )

    def __init__(self, plain: Half, plan: DirectionPlan) -> None:
        Half.__init__(self, plain.relay, plain.src, plain.sfd, plain.dst, plain.dfd, plain.buffers)
        self.plain = plain  # handed back when the conditions are switched off
        self.plan: DirectionPlan | None = plan
        self.loop = plain.relay.tunnel.loop
        self.line = DelayLine()
        self.count = plain.count
        self.shut = plain.shut
        self.src_done = plain.eof
        self.eof = plain.eof
        held = _take_held(plain)
        if held:  # read before the conditions applied: sent first, without delay
            self.line.push(monotonic(), memoryview(held))
        self.timer: Timer | None = None  # the next byte's time, a slow close, a reset's wait
        self.reset_timer: Timer | None = None  # reset after N seconds: its own timer, kept
        self.piece_left = 0
        self.next_piece_at = 0.0
        self.finishing = False
        self.finish_at = 0.0
        self.finished = False  # Relay.ended was called, or the plain half is back
        self.limited = False
        self.resetting = False
        self.reset_reason = ""
        self.reset_deadline = 0.0
        self._arm_reset()

    # -- called by the relay ---------------------------------------------------------------

    def pump(self, _mask: int = 0) -> None:
        """The source is readable: read into the delay line, up to its cap."""
        if self.eof or self.stalled or self.finished:
            return  # an event registered before this round's change
        line = self.line
        buffer = self.buffers.view
        recv_into = self.src.recv_into
        now = monotonic()
        for _ in range(DRAIN_ROUNDS):
            room = LINE_CAP - line.held
            if room <= 0:
                break
            view = buffer[:room] if room < COPY_CHUNK else buffer
            try:
                n = recv_into(view)
            except BlockingIOError:
                break
            except OSError as exc:
                self.relay.failed(self, exc, reading=True)
                return
            if not n:
                self.src_done = True
                break
            line.push(self._due(now), view[:n])
            if n < len(view):
                break
        self._service()

    def flush(self) -> None:
        """The destination is writable again."""
        self.stalled = False
        self._service()

    def held(self) -> int:
        return self.line.held

    def release(self) -> None:
        """The relay is closing. Relay._release cuts this half's own `relay`; the plain half
        kept for handing back points at the relay too, and the timers' callbacks at this
        half: cut here, or a closed relay waits for the cycle collector (see _Released)."""
        self._cancel_timer()
        self._cancel_reset_timer()
        self.line.clear()
        plain = self.plain
        plain.release()
        plain.relay = RELEASED  # type: ignore[assignment]

    # -- called by TunnelShaping -------------------------------------------------------

    def start(self) -> None:
        """Swapped in on a running relay: send what was held, register the events."""
        self._service()

    def set_plan(self, plan: DirectionPlan | None) -> None:
        """The conditions changed; None: deliver what is held at full speed, then hand the
        direction back to the plain half."""
        if self.finished or self.resetting:
            return
        if plan is None or self.plan is None or plan.slicer != self.plan.slicer:
            self.piece_left = 0
            self.next_piece_at = 0.0
        self.plan = plan
        self._cancel_timer()  # every wake-up time depends on the plan
        if self.finishing:
            if plan is None or plan.slow_close <= 0:
                self._end()
            else:
                self._wake_at(self.finish_at)
            return
        self._arm_reset()
        self._service()

    # -- moving bytes --------------------------------------------------------------------

    def _due(self, now: float) -> float:
        plan = self.plan
        if plan is None:
            return now
        delay = plan.latency
        if plan.jitter:
            delay += random.uniform(-plan.jitter, plan.jitter)
        return now + max(0.0, delay)

    def _service(self) -> None:
        """Send what the plan allows now, then settle which events and timer we wait for."""
        if self.finished or self.resetting or self.relay.state is _CLOSED:
            return
        self._drain()
        if self.finished or self.resetting or self.relay.state is _CLOSED:
            return
        self._settle()

    def _drain(self) -> None:
        plan = self.plan
        line = self.line
        now = monotonic()
        if plan is not None and now >= plan.reset_at:
            self._reset(_after(format_duration(plan.reset_seconds)))
            return
        limit = plan.byte_limit() if plan is not None else None
        if self.limited:
            return
        send = self.dst.send
        for _ in range(MAX_SENDS):
            if self.stalled:
                return
            if limit is not None and self.count >= limit:
                self._at_limit(plan, limit)
                return
            if not line.held:
                return
            size = line.head_size()
            if plan is not None:
                size, wake = self._allowance(plan, size, now)
                if wake:
                    if wake < math.inf:
                        self._wake_at(wake)
                    return
                if limit is not None:
                    size = min(size, limit - self.count)
            with line.head_view(size) as view:
                try:
                    sent = send(view)
                except BlockingIOError:
                    sent = 0
                except OSError as exc:
                    self.relay.failed(self, exc, reading=False)
                    return
            if sent:
                self.count += sent
                line.consume(sent)
                if plan is not None:
                    self._spent(plan, sent, now)
            if sent < size:
                self.stalled = True  # the destination is full: wait until it is writable
                return
        self._wake_at(now)  # many small pieces: other sockets get a turn, then we go on

    def _allowance(self, plan: DirectionPlan, size: int, now: float) -> tuple[int, float]:
        """How many of the next `size` bytes may go now, or when to look again."""
        if plan.stall_until > now:
            return 0, plan.stall_until
        due = self.line.head_due()
        if due > now:
            return 0, due
        slicer = plan.slicer
        if slicer is not None:
            if self.next_piece_at > now:
                return 0, self.next_piece_at
            if not self.piece_left:
                spread = slicer.size_variation
                self.piece_left = max(1, slicer.size + random.randint(-spread, spread))
            size = min(size, self.piece_left)
        for bucket in plan.buckets:
            available = bucket.available(now)
            # Wait for half a burst rather than send crumbs; a late timer then finds more
            # tokens instead of a full bucket that lost the surplus.
            wanted = min(size, max(1, int(bucket.burst) // 2))
            if available < wanted:
                return 0, bucket.ready_at(wanted, now)
            size = min(size, available)
        return size, 0.0

    def _spent(self, plan: DirectionPlan, sent: int, now: float) -> None:
        for bucket in plan.buckets:
            bucket.spend(sent)
        if plan.slicer is not None:
            self.piece_left -= sent
            if self.piece_left <= 0:
                self.piece_left = 0
                self.next_piece_at = now + plan.slicer.delay

    def _settle(self) -> None:
        line = self.line
        if self.src_done and not line.held and not self.stalled:
            if not self.finishing:
                self._finish()
            return
        if self.plan is None and not line.held and not self.stalled and not self.src_done:
            self._restore()
            return
        self.eof = self.src_done or line.held >= LINE_CAP
        self.relay.sync()

    # -- the ends: EOF, slow close, reset, handing back ----------------------------------

    def _at_limit(self, plan: DirectionPlan, limit: int) -> None:
        self.limited = True
        self.line.clear()
        if plan.resets_at_limit():
            self._reset(_after(format_bytes(limit)))
            return
        self.src_done = True  # a truncated stream: nothing more is read or sent this way
        self._settle()

    def _finish(self) -> None:
        """Everything is out and the source has ended: pass the EOF on (late, if asked)."""
        self.finishing = True
        self.eof = True
        delay = self.plan.slow_close if self.plan is not None else 0.0
        if delay > 0:
            self.finish_at = monotonic() + delay
            self._wake_at(self.finish_at)
            self.relay.sync()
            return
        self._end()

    def _end(self) -> None:
        self.finished = True
        self._cancel_timer()
        self.relay.ended(self)

    def _reset(self, when: str) -> None:
        """Reset the connection once the bytes already sent are acknowledged."""
        self.resetting = True
        self.line.clear()
        self.eof = True
        side = "target" if self is self.relay.up else "client"
        self.reset_reason = Phrase(_RESET_BY_CONDITION[side], when=when)
        self.reset_deadline = monotonic() + RESET_ACK_WAIT
        self.relay.sync()
        self._check_acked()

    def _check_acked(self) -> None:
        if self.relay.state is _CLOSED:
            return
        if unsent_bytes(self.dfd) and monotonic() < self.reset_deadline:
            self._wake_at(monotonic() + RESET_ACK_POLL)
            return
        self.relay.close(self.reset_reason, abort=True)

    def _restore(self) -> None:
        """Conditions off and nothing held: the plain (zero-copy) half takes over again."""
        plain = self.plain
        plain.count = self.count
        plain.eof = False
        plain.stalled = False
        plain.shut = self.shut
        self.finished = True
        self._cancel_timer()
        self._cancel_reset_timer()
        relay = self.relay
        if relay.up is self:
            relay.up = plain
        else:
            relay.down = plain
        relay.rewire()
        relay.sync()

    # -- the one timer -------------------------------------------------------------------

    def _wake_at(self, when: float) -> None:
        timer = self.timer
        if timer is not None and not timer.cancelled:
            if timer.when <= when:
                return  # an earlier wake-up looks again anyway
            timer.cancel()  # lets go of its callback too
        self.timer = self.loop.call_later(max(0.0, when - monotonic()), self._on_timer)

    def _cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _cancel_reset_timer(self) -> None:
        if self.reset_timer is not None:
            self.reset_timer.cancel()
            self.reset_timer = None

    def _arm_reset(self) -> None:
        """One timer for the plan's reset after N seconds (the byte timer comes and goes)."""
        self._cancel_reset_timer()
        plan = self.plan
        if plan is not None and plan.reset_at < math.inf:
            delay = max(0.0, plan.reset_at - monotonic())
            self.reset_timer = self.loop.call_later(delay, self._on_reset_timer)

    def _on_reset_timer(self) -> None:
        self.reset_timer = None
        plan = self.plan
        if plan is None or self.resetting or self.relay.state is _CLOSED:
            return
        try:
            if self.finished:  # this way has ended (its FIN is out); the other goes on
                self._reset(_after(format_duration(plan.reset_seconds)))
            else:
                self._service()  # _drain finds the reset due
        except Exception:
            log.exception("shaped direction failed")
            self.relay.crash()

    def _on_timer(self) -> None:
        self.timer = None
        try:
            if self.resetting:
                self._check_acked()
            elif self.finishing and not self.finished:
                if monotonic() >= self.finish_at:
                    self._end()
                else:
                    self._wake_at(self.finish_at)
            else:
                self._service()
        except Exception:
            log.exception("shaped direction failed")
            self.relay.crash()


def _take_held(plain: Half) -> bytes:
    """The bytes a plain half read but has not sent (in memory or in its pipe)."""
    if plain.pending is not None:
        data = plain.pending.tobytes()
        plain.pending = None
        return data
    pipe = plain.pipe
    if pipe is None:
        return b""
    chunks = []
    left = plain.left
    while left > 0:
        chunk = os.read(pipe[0], left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    plain.buffers.give_back(pipe, empty=left == 0)
    plain.pipe = None
    plain.left = 0
    return b"".join(chunks)
