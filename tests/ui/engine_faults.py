"""A real fault for the relay engine's loop thread: the kernel's epoll set stops working under it.

The engine's loop catches what its handlers raise; what it cannot survive is its selector
failing. Swapping the loop's epoll descriptor for one that is not an epoll set makes the next
epoll_wait() fail with EINVAL, exactly as a kernel or descriptor bug would, without touching the
engine's code. dup2() replaces the descriptor atomically, so no other file can take its number,
and the engine's own close() later closes the stand-in.
"""

from __future__ import annotations

import os
from pathlib import Path

FD_DIR = Path("/proc/self/fd")
EVENTPOLL = "anon_inode:[eventpoll]"


def eventpoll_fds() -> set[int]:
    """This process's open epoll sets (Linux: read from /proc)."""
    found = set()
    for entry in FD_DIR.iterdir():
        try:
            if os.readlink(entry) == EVENTPOLL:
                found.add(int(entry.name))
        except OSError:
            continue  # closed while we looked (e.g. the listing's own descriptor)
    return found


def break_epoll(fd: int) -> None:
    """Put /dev/null where epoll set `fd` was; its owner's next wait fails with EINVAL."""
    stand_in = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(stand_in, fd)
    finally:
        os.close(stand_in)
