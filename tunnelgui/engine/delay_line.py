"""A delay line: bytes read from one end wait, in order, until their time to be sent comes."""

from __future__ import annotations

from collections import deque

# Bytes read within this many seconds of the previous read join its entry (and leave with
# it, at most this much early): the number of entries stays bounded by the delay, not the
# number of reads.
MERGE_SECONDS = 0.001


class DelayLine:
    """A queue of (due time, bytes), due times never decreasing, so order is kept.

    `held` counts the bytes inside; the shaped direction stops reading its source while it
    reaches the cap (shaped_half.LINE_CAP), which bounds memory whatever the delay.
    """

    __slots__ = ("entries", "held", "last_due", "offset")

    def __init__(self) -> None:
        self.entries: deque[list] = deque()  # [due, bytearray]
        self.held = 0
        self.offset = 0  # bytes of the first entry already sent
        self.last_due = 0.0

    def push(self, due: float, data: memoryview) -> None:
        """Add bytes due at `due` (moved later if needed, so nothing overtakes)."""
        if due < self.last_due:
            due = self.last_due
        entries = self.entries
        if entries and due - entries[-1][0] <= MERGE_SECONDS:
            entries[-1][1] += data
        else:
            entries.append([due, bytearray(data)])
        self.last_due = due
        self.held += len(data)

    def head_due(self) -> float:
        return self.entries[0][0]

    def head_size(self) -> int:
        return len(self.entries[0][1]) - self.offset

    def head_view(self, size: int) -> memoryview:
        """The next `size` bytes of the first entry; release the view before the next push."""
        offset = self.offset
        return memoryview(self.entries[0][1])[offset : offset + size]

    def consume(self, count: int) -> None:
        """`count` bytes of the first entry were sent."""
        self.held -= count
        self.offset += count
        if self.offset >= len(self.entries[0][1]):
            self.entries.popleft()
            self.offset = 0

    def clear(self) -> None:
        self.entries.clear()
        self.held = 0
        self.offset = 0
