"""Memory the relays share on one loop: a scratch buffer and, on Linux, a pool of splice pipes."""

from __future__ import annotations

import contextlib
import mmap
import os
import sys

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

# One read moves at most this much; large chunks keep the Python work per byte small.
COPY_CHUNK = 256 * 1024
SPLICE_CHUNK = 1024 * 1024
# Pipes held by stalled directions; past this, a stalled direction's bytes move to memory so
# thousands of stalled connections cannot exhaust file descriptors.
MAX_HELD_PIPES = 256
# Empty pipes kept for reuse; more are closed when returned.
MAX_FREE_PIPES = 8

SPLICE_AVAILABLE = sys.platform.startswith("linux") and hasattr(os, "splice") and fcntl is not None


class SharedBuffers:
    """The scratch space of one loop; nothing here is held by an idle connection.

    Copy mode reads into one preallocated buffer and writes from it at once; only a direction
    whose destination is full keeps its leftover bytes. Splice mode moves bytes through a pipe
    without copying them into Python: the scratch pipe is shared while it is empty, and handed
    to a direction only while that direction has bytes stuck in it.
    """

    def __init__(self, use_splice: bool | None = None) -> None:
        self.splice = SPLICE_AVAILABLE if use_splice is None else (use_splice and SPLICE_AVAILABLE)
        # Anonymous mmap, not a bytearray: its pages take memory only once the copy path writes
        # them (with splice, it serves only when no pipe can be had).
        self.view = memoryview(mmap.mmap(-1, COPY_CHUNK))
        self.scratch: tuple[int, int] | None = None  # (read fd, write fd), always empty
        self.held_pipes = 0
        self.max_held_pipes = MAX_HELD_PIPES
        self._free: list[tuple[int, int]] = []

    def scratch_pipe(self) -> tuple[int, int]:
        """The shared empty pipe; OSError when no pipe can be made (e.g. out of fds)."""
        pipe = self.scratch
        if pipe is None:
            pipe = self.scratch = self._free.pop() if self._free else self._new_pipe()
        return pipe

    def take_scratch(self) -> tuple[int, int] | None:
        """Hand the scratch pipe (now holding bytes) to a stalled direction, or None at the cap."""
        if self.held_pipes >= self.max_held_pipes:
            return None
        pipe = self.scratch
        self.scratch = None
        self.held_pipes += 1
        return pipe

    def give_back(self, pipe: tuple[int, int], empty: bool) -> None:
        """A direction is done with its pipe; a pipe still holding bytes is closed."""
        self.held_pipes -= 1
        if empty and len(self._free) < MAX_FREE_PIPES:
            self._free.append(pipe)
        else:
            _close_pipe(pipe)

    def spoil_scratch(self) -> None:
        """The scratch pipe kept bytes nobody will send (the destination broke): drop it."""
        if self.scratch is not None:
            _close_pipe(self.scratch)
            self.scratch = None

    def close(self) -> None:
        self.spoil_scratch()
        for pipe in self._free:
            _close_pipe(pipe)
        self._free.clear()

    def _new_pipe(self) -> tuple[int, int]:
        read_fd, write_fd = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        # Over the per-user pipe memory limit this fails; the default 64 KiB pipe still works.
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, SPLICE_CHUNK)
        return read_fd, write_fd


def _close_pipe(pipe: tuple[int, int]) -> None:
    os.close(pipe[0])
    os.close(pipe[1])
