"""A bounded, thread-safe history of engine events with increasing sequence numbers."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Container
from time import time

from tunnelgui.engine.events import EngineEvent, EventKind

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Any

DEFAULT_HISTORY = 4096


class EventLog:
    """Events are recorded on the loop thread and read from any thread.

    Recording is kept cheap because it happens per connection on the loop: the message may be
    given as a function plus arguments and is only formatted when someone reads the event.
    """

    def __init__(self, maxlen: int = DEFAULT_HISTORY) -> None:
        self._items: deque[tuple[Any, ...]] = deque(maxlen=maxlen)
        self._append = self._items.append  # add() runs twice per connection
        self._seq = 0

    def add(
        self,
        tunnel_id: str,
        kind: EventKind,
        message: str | Callable[..., str],
        args: tuple[Any, ...] = (),
        conn_id: int | None = None,
    ) -> None:
        """Record an event; only ever called from one thread (the loop's)."""
        seq = self._seq = self._seq + 1
        self._append((seq, time(), tunnel_id, kind, message, args, conn_id))

    @property
    def last_seq(self) -> int:
        """The sequence number of the newest event (0: none yet); readable from any thread."""
        return self._seq

    def since(self, seq: int, kinds: Container[EventKind] | None = None) -> list[EngineEvent]:
        """Events with a sequence number above seq, oldest first (older ones may have dropped).

        kinds: only events of these kinds (a reader that wants a few kinds skips thousands of
        connection events). No sentence is formatted here: each is when it is first read.
        """
        # No lock: copying a deque of tuples is one C call under the GIL, so it never sees a
        # half-done append; the writer never mutates an item after appending it.
        items = list(self._items)
        if not items:
            return []
        raw = items[max(0, seq - items[0][0] + 1) :]
        return [
            EngineEvent(
                seq=item_seq,
                time=when,
                tunnel_id=tunnel_id,
                kind=kind,
                message=message,  # formatted when read (EngineEvent.message)
                conn_id=conn_id,
                args=args,
            )
            for item_seq, when, tunnel_id, kind, message, args, conn_id in raw
            if kinds is None or kind in kinds
        ]
