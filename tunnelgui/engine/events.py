"""Engine events: what happened to tunnels and connections, for logs and notifications."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any


class EventKind(StrEnum):
    TUNNEL_STARTED = "tunnel-started"
    TUNNEL_STOPPED = "tunnel-stopped"
    TUNNEL_FAILED = "tunnel-failed"  # a running tunnel's listener broke
    TUNNEL_WAITING = "tunnel-waiting"  # its listen address is not on this machine yet
    CONNECTION_OPENED = "connection-opened"  # relaying to the target
    CONNECTION_CLOSED = (
        "connection-closed"  # message says why (client closed, reset, idle, dropped)
    )
    CONNECTION_REJECTED = "connection-rejected"  # over the limit or not allowed
    CONNECT_FAILED = "connect-failed"  # the target refused, timed out or could not be resolved
    TARGET_DOWN = "target-down"  # target status changed to unreachable (probe or relay)
    TARGET_UP = "target-up"  # target status changed to reachable
    TARGET_MOVED = "target-moved"  # the target's name resolved to other addresses than before
    HOP_CONNECTING = "hop-connecting"  # ssh started for the tunnel's SSH hop
    HOP_READY = "hop-ready"  # the hop's ssh authenticated and forwards
    HOP_DOWN = "hop-down"  # the hop's ssh ended; the message says why and whether it retries


class EngineEvent:
    """One event as a reader gets it. Its sentence is formatted when first read, on the
    reader's thread: a burst of connections hands the app thousands of events a second, and the
    few it shows (the rows on screen) are the only ones worth the formatting."""

    __slots__ = ("_args", "_message", "conn_id", "kind", "seq", "time", "tunnel_id")

    def __init__(
        self,
        seq: int,  # increasing from 1; pass the last seen seq to Engine.events_since()
        time: float,  # time.time()
        tunnel_id: str,
        kind: EventKind,
        message: str | Callable[..., str],  # the sentence, or what formats it from args
        conn_id: int | None = None,
        args: tuple[Any, ...] = (),
    ) -> None:
        self.seq = seq
        self.time = time
        self.tunnel_id = tunnel_id
        self.kind = kind
        self.conn_id = conn_id
        self._message = message
        self._args = args

    @property
    def message(self) -> str:
        """A complete sentence a person can read, in the language of the functions given to
        messages.use_language() when it is first read (English without them)."""
        message = self._message
        if isinstance(message, str):
            return message
        # Two readers formatting it at once both get the same text: no lock needed.
        text = message(*self._args)
        self._message = text
        return text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EngineEvent):
            return NotImplemented
        return (self.seq, self.time, self.tunnel_id, self.kind, self.conn_id, self.message) == (
            other.seq, other.time, other.tunnel_id, other.kind, other.conn_id, other.message,
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]  # compared by value, like the dataclass it was

    def __repr__(self) -> str:
        return (
            f"EngineEvent(seq={self.seq}, kind={self.kind!s}, tunnel_id={self.tunnel_id!r}, "
            f"conn_id={self.conn_id}, message={self.message!r})"
        )
